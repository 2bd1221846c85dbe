"""Helpers for the reliability and security tests: store snapshots and documented statuses.

A snapshot is the emulator's state as plain bytes and numbers (apps, inputs, models,
workflows, concepts, keys, credentials), so two of them compare with `==`. A status is
"documented" when its code is one of clarifai-grpc's and its description and details are rows
of `emulator/provenance.csv`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from contextlib import contextmanager

from clarifai_grpc.grpc.api.status import status_code_pb2, status_pb2

from emulator import Emulator
from emulator.statuses import eras, provenance
from emulator.store import App, Store

Snapshot = dict[str, object]
INTERNAL = status_code_pb2.INTERNAL_UNCATEGORIZED


def _bytes(message) -> bytes:
    return message.SerializeToString(deterministic=True)


def _inputs(app: App, now: int) -> dict[str, tuple]:
    """The app's inputs not yet gone at tick `now` (a finished delete is time passing, not a change)."""
    return {
        input_id: (_bytes(s.input), s.created_tick, s.ready_tick, s.failure, s.deleted_tick)
        for input_id, s in app.inputs._inputs.items()
        if not s.gone(now)
    }


def _app(app: App, now: int) -> dict[str, object]:
    return {
        "record": _bytes(app.record),
        "public": app.public,
        "inputs": _inputs(app, now),
        "models": {
            model_id: (
                _bytes(stored.model),
                stored.kind,
                [(_bytes(v.version), v.trained_tick) for v in stored.versions],
            )
            for model_id, stored in app.models.items()
        },
        "workflows": {key: _bytes(workflow) for key, workflow in app.workflows.items()},
        "concepts": {key: _bytes(concept) for key, concept in app.concepts.items()},
        "datasets": {
            key: (_bytes(d.dataset), [(_bytes(v.version), sorted(v.exports)) for v in d.versions])
            for key, d in app.datasets.items()
        },
        "extraction jobs": sorted(app.extraction_jobs),
        "add jobs": sorted(app.add_jobs),
    }


def snapshot(store: Store, now: int) -> Snapshot:
    """The whole state of `store` as of tick `now`, comparable with `==`."""
    return {
        "apps": {
            (user.id, app_id): _app(app, now)
            for user in store.users.values()
            for app_id, app in user.apps.items()
        },
        "keys": {
            (user.id, key): _bytes(record)
            for user in store.users.values()
            for key, record in user.keys.items()
        },
        "credentials": dict(sorted(store.credentials.items())),
    }


def differences(before: Snapshot, after: Snapshot) -> list[str]:
    """What changed between two snapshots, as short lines (empty when nothing did)."""
    found = [f"credentials: {sorted(set(before['credentials']) ^ set(after['credentials']))}"] * (
        before["credentials"] != after["credentials"]
    )
    if before["keys"] != after["keys"]:
        found.append(f"key records: {sorted(set(before['keys']) ^ set(after['keys']))}")
    for scope in sorted(set(before["apps"]) | set(after["apps"])):
        old, new = before["apps"].get(scope), after["apps"].get(scope)
        if old is None or new is None:
            found.append(f"app {scope}: {'created' if old is None else 'deleted'}")
            continue
        found += [f"app {scope}: {part} changed" for part in old if old[part] != new[part]]
    return found


class Baseline:
    """A copy of an emulator's users and credentials, put back after a request that changed them."""

    def __init__(self, emulator: Emulator) -> None:
        self.store = emulator.store
        self.users = copy.deepcopy(self.store.users)
        self.credentials = copy.deepcopy(self.store.credentials)

    def restore(self) -> None:
        """Put the state back as it was (in place: the core keeps its reference to the store)."""
        self.store.users.clear()
        self.store.users.update(copy.deepcopy(self.users))
        self.store.credentials.clear()
        self.store.credentials.update(copy.deepcopy(self.credentials))


@contextmanager
def unchanged_unless_accepted(emulator: Emulator, baseline: Baseline) -> Iterator[list]:
    """Check that the request made inside changes nothing unless it is accepted.

    The block appends its answer's status code to the yielded list; afterwards a refused
    request (not SUCCESS or MIXED_STATUS) must have left the state as the baseline had it, and
    an accepted one is undone, so every request starts from the same state.
    """
    answered: list[int] = []
    try:
        yield answered
        now = emulator.api.clock.now
        accepted = bool(answered) and answered[-1] in (status_code_pb2.SUCCESS, status_code_pb2.MIXED_STATUS)
        if not accepted:
            changed = differences(snapshot_of(baseline, now), snapshot(emulator.store, now))
            assert not changed, f"a refused request ({answered}) changed the state: {changed}"
    finally:
        baseline.restore()


def snapshot_of(baseline: Baseline, now: int) -> Snapshot:
    """The snapshot of the baseline's state."""
    store = Store()
    store.users, store.credentials = baseline.users, baseline.credentials
    return snapshot(store, now)


def _template(text: str) -> re.Pattern:
    parts = re.split(r"\{\w+\}", text)
    return re.compile("(?s)" + ".*".join(re.escape(part) for part in parts) + r"\Z")


_DETAILS = [_template(row["text"]) for (kind, _), row in provenance().items() if kind == "details"]


def documented_problems(status: status_pb2.Status | dict) -> list[str]:
    """Why a status is not a documented one (empty when it is): unknown code, a description or
    details text that is no row of provenance.csv, a missing req_id, or INTERNAL_UNCATEGORIZED."""
    if isinstance(status, dict):
        code, description = int(status.get("code", 0)), status.get("description", "")
        details, req_id = status.get("details", ""), status.get("req_id", "")
    else:
        code, description, details, req_id = status.code, status.description, status.details, status.req_id
    try:
        name = status_code_pb2.StatusCode.Name(code)
    except ValueError:
        return [f"code {code} is not in status_code_pb2"]
    problems = []
    expected = provenance().get(("description", name), {}).get("text")
    if expected is None:
        problems.append(f"{name} has no description row in provenance.csv")
    elif description != expected and description not in {text for _, text in eras().get(name, ())}:
        problems.append(f"{name}: description {description!r} is not the documented {expected!r}")
    if details and not any(pattern.match(details) for pattern in _DETAILS):
        problems.append(f"{name}: details {details[:120]!r} is no details row of provenance.csv")
    if code == INTERNAL:
        problems.append(f"INTERNAL_UNCATEGORIZED: {details[:200]}")
    if not re.fullmatch(r"[0-9a-f]{32}", req_id):
        problems.append(f"{name}: req_id {req_id!r} is not 32 hex digits")
    return problems
