"""Your code then: the HTTP request that old code sent, shown as it went and sent again.

A notebook of a 2019-2021 change shows the `clarifai` 2.x snippet people wrote (a markdown
cell tagged `then-2x`), then the request that snippet sent, built here as an `OldRequest`:
the paths of the time (`/v2/inputs`, `/v2/models/{id}/outputs`: the API key names the app)
and `Authorization: Key ...` with the app's API key. `send` sends it to the API of a day and
returns the `OldAnswer`, whose `record()` the notebook's outcome stores, so that the 2.x
snippet can be run for real on the same days and checked against it
(`tests/fidelity/test_then_snippets.py`).

The key is the embedded emulator's own, else `CLARIFAI_API_KEY`, else one that the session's
PAT makes for its app with `PostKeys` (deleted when the process exits), as a workshop
attendee or a live user would do in the portal. It is never shown: the printed request says
`Key YOUR_API_KEY`.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from typing import Any

import grpc
import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from recipes.connect import AS_OF_KEY, Session
from recipes.errors import ClarifaiStatusError, check

KEY_VARIABLE = "CLARIFAI_API_KEY"
SHOWN_KEY = "YOUR_API_KEY"
TAG = "then-2x"  # the markdown cell holding the 2.x snippet
OK = 10000


class NoApiKey(Exception):
    """The target has no app API key to send an old request with."""


@dataclass(frozen=True)
class OldRequest:
    """One HTTP request as old code sent it: `path` is the path of the time, from `/v2/`."""

    method: str
    path: str
    body: dict[str, Any] | None = None

    def show(self) -> str:
        """The request as HTTP text, with the key replaced by `YOUR_API_KEY`."""
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Authorization: Key {SHOWN_KEY}"]
        if self.body is not None:
            lines += ["Content-Type: application/json", "", json.dumps(self.body, indent=2)]
        return "\n".join(lines)


@dataclass(frozen=True)
class OldAnswer:
    """What the API answered to an `OldRequest` on `day` (None: the target's today)."""

    day: dt.date | None
    http_status: int
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> dict[str, Any]:
        return self.body.get("status", {})

    @property
    def code(self) -> int:
        return int(self.status.get("code", 0))

    @property
    def ok(self) -> bool:
        return self.code == OK

    def describe(self) -> str:
        """`NAME (code): description`, as the answer words it (see recipes.describe)."""
        from recipes import describe

        return describe(self.status)

    def record(self, result: str = "", client: str = "") -> dict[str, Any]:
        """What a 2.x snippet run on the same day must meet: this status code and, when given,
        the `result` the snippet prints last; `client` names the 2.x client's own error when the
        client breaks before it reaches the request (e.g. "KeyError: 'type'")."""
        record: dict[str, Any] = {"day": self.day.isoformat() if self.day else None, "code": self.code}
        if result:
            record["result"] = result
        if client:
            record["client"] = client
        return record


def api_key(session: Session) -> str:
    """The app API key to send old requests with: the embedded emulator's, else
    $CLARIFAI_API_KEY, else one made with the session's PAT for its app."""
    if session.emulator is not None and session.user_app_id.app_id == session.emulator.account.app_id:
        return session.emulator.account.api_key
    key = os.environ.get(KEY_VARIABLE, "").strip()
    if key:
        return key
    scope = session.user_app_id
    where = (session.rest_base, scope.user_id, scope.app_id)
    if where not in _MADE:
        _MADE[where] = _make_key(session, scope.user_id, scope.app_id)
    return _MADE[where]


_MADE: dict[tuple[str, str, str], str] = {}  # (API, user, app) -> the key made for it


def _make_key(session: Session, user_id: str, app_id: str) -> str:
    """A new app API key (all scopes) for the session's app, deleted at exit."""
    request = service_pb2.PostKeysRequest(
        user_app_id=resources_pb2.UserAppIDSet(user_id=user_id),
        keys=[
            resources_pb2.Key(
                description="Clarifai cookbook: old requests (deleted at exit)",
                scopes=["All"],
                apps=[resources_pb2.App(id=app_id, user_id=user_id)],
            )
        ],
    )
    try:
        token = check("PostKeys", session.stub.PostKeys(request, metadata=session.metadata)).keys[0].id
    except (ClarifaiStatusError, grpc.RpcError) as error:
        raise NoApiKey(
            f"an old request needs an app API key: set {KEY_VARIABLE}, or use a PAT that may create "
            f"keys ({error})"
        ) from None

    def delete() -> None:
        request = service_pb2.DeleteKeyRequest(
            user_app_id=resources_pb2.UserAppIDSet(user_id=user_id), key_id=token
        )
        with contextlib.suppress(grpc.RpcError):  # at exit the API may already be gone
            session.stub.DeleteKey(request, metadata=session.metadata, timeout=10)

    if session.emulator is None:  # an embedded emulator's keys go with it, and at exit it is stopping
        atexit.register(delete)
    return token


def send(session: Session, request: OldRequest, timeout: float = 60) -> OldAnswer:
    """Send `request` with the session's app API key, as of the session's date."""
    headers = {"Authorization": f"Key {api_key(session)}"}
    if session.as_of_date is not None:
        headers[AS_OF_KEY] = session.as_of_date.isoformat()
    reply = requests.request(
        request.method, session.rest_base + request.path, headers=headers, json=request.body, timeout=timeout
    )
    try:
        body = reply.json()
    except ValueError:
        body = {}
    return OldAnswer(session.as_of_date, reply.status_code, body)
