"""The emulator's core: every door hands a request here and gets the response to send.

One lock serialises requests, so the virtual clock and the id generator advance in a
deterministic order and handlers never see half-made state.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from clarifai_grpc.grpc.api.status import status_code_pb2, status_pb2
from google.protobuf.message import Message

from . import changes, faults, persistence, snapshots
from .auth import authenticate
from .call import Call
from .clock import IdGenerator, VirtualClock
from .descriptors import rpc as rpc_named
from .handlers import handler_for
from .persistence import StateFile
from .statuses import ApiError, eras, status, word_as_of
from .store import Store

AS_OF_KEY = "x-clarifai-emulator-as-of"
JOURNAL_SIZE = 100_000
# A snapshot is taken when the requests since the last one took REPLAY_BUDGET to serve
# (replaying them at a restart or to undo a failed request takes about as long), or, for a
# large state, SERVE_PER_CAPTURE times what the last snapshot took (so snapshots take at most
# about a third of the time); or when there are SNAPSHOT_EVERY of them, or they hold
# TAIL_BYTES (the tail is kept in memory).
REPLAY_BUDGET = 0.5  # seconds
SERVE_PER_CAPTURE = 2
SNAPSHOT_EVERY = 10_000
TAIL_BYTES = 64 * 2**20
# A response with this status means the service could not be reached (CL001 downtime): the gRPC
# door sends it as gRPC UNAVAILABLE, the REST door as HTTP 503 (provenance: cl001-unreachable).
UNREACHABLE = status_code_pb2.RPC_SERVER_UNAVAILABLE
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JournalEntry:
    """One request served: what was called, as of when, and the status code answered."""

    tick: int
    rpc: str
    as_of: dt.date | None
    code: int


def parse_as_of(value: str) -> dt.date:
    """A YYYY-MM-DD date; 11102 naming the value otherwise."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ApiError("CONN_INVALID_REQUEST", "bad-as-of", value=value[:40]) from None


class Api:
    """The API behind the doors: auth, dated behaviour, handlers and the journal.

    Each request is atomic. The state it started from is the last snapshot (`emulator.snapshots`)
    plus the requests served since (the tail); a request that fails half way (a bug) or cannot
    be logged is undone by restoring that and replaying the tail, and answers an error.
    With a state file attached (`state`), every request is committed to it before its
    response goes back, so a restart can replay them (see `emulator.persistence`), and each
    snapshot is written to it with the log truncated, so a restart replays only the tail.
    """

    def __init__(self, store: Store, ids: IdGenerator, as_of: dt.date | None = None) -> None:
        self.store = store
        self.ids = ids
        self.clock = VirtualClock()
        self.default_as_of = as_of
        self.journal: deque[JournalEntry] = deque(maxlen=JOURNAL_SIZE)
        self.state: StateFile | None = None
        self.settings: dict = {}  # the server's, kept with each snapshot written to `state`
        self.snapshot_every = SNAPSHOT_EVERY
        self.broken = ""  # why the emulator cannot serve (stopped, or its state lost): then it refuses all
        self._lock = threading.Lock()
        self._tail: list[persistence.Event] = []  # since `_base`: what an undo replays
        self._since = _Since()  # requests since the last snapshot written (the state file's tail)
        self._capture_cost = 0.0  # seconds the last snapshot took
        self._undone = 0  # requests undone so far, for the ids of their answers
        self._base = self._capture()  # the state the tail starts from (`snapshots.capture`)

    def journal_snapshot(self) -> tuple[JournalEntry, ...]:
        """The journal as it is now, taken between two requests."""
        with self._lock:
            return tuple(self.journal)

    def as_of(self, metadata: Mapping[str, str], day: dt.date | None = None) -> dt.date:
        """The date a request is served as of: its own header, else `day`, the server's, or today."""
        if AS_OF_KEY in metadata:
            return parse_as_of(metadata[AS_OF_KEY])
        return day or self.default_as_of or dt.date.today()

    def call(
        self,
        rpc_name: str,
        request: Message,
        metadata: Mapping[str, str],
        legacy: dict[str, Any] | None = None,
    ) -> Message:
        """Serve one unary request and return its response; never raises for API errors."""
        with self._lock:
            if self.broken:
                return self._state_refusal(rpc_name)
            day = self.default_as_of or dt.date.today()  # kept: a replay on another day serves the same
            started = time.perf_counter()
            with persistence.downloads_taped() as fetched:
                response, as_of, failed = self._answer(rpc_name, request, metadata, legacy or {}, day)
            event = persistence.Event(
                persistence.CALL,
                self.clock.now,
                rpc_name,
                request.SerializeToString(),
                persistence.kept_metadata(metadata),
                legacy or {},
                day.isoformat(),
                fetched,
            )
            unsaved = self._commit(event, response) if not failed and self.state is not None else ""
            if failed or unsaved:
                response = self._undo(rpc_name, response.status, unsaved)
            else:
                self._keep(event, time.perf_counter() - started, len(event.request))
            self.journal.append(JournalEntry(self.clock.now, rpc_name, as_of, response.status.code))
            return response

    def refuse(self, response: Message, what: str = "REST request") -> Message:
        """Give a request the doors refused themselves (bad JSON, no route) its id; keep it in the
        journal (as `what`, the RPC when the door knows it) and in the log."""
        with self._lock:
            response.status.req_id = self.ids.hex32("req")
            self.journal.append(JournalEntry(self.clock.now, what, None, response.status.code))
            event = persistence.Event(persistence.REFUSAL, self.clock.now, response.DESCRIPTOR.name)
            unsaved = self._commit(event, response) if self.state is not None and not self.broken else ""
            if unsaved:
                self.ids.count -= 1  # not logged, so it takes no id: a restart gives the next one again
                self._undone += 1
                response.status.req_id = self.ids.aside("req", self._undone)
                return response
            self._keep(event, 0.0, 0)
            return response

    def close_state(self) -> None:
        """Let go of the state file once no request is being served; later requests are refused."""
        with self._lock:
            if self.state is not None and not self.broken:
                self.state.close()
                self.broken = f"{self.state.path}: closed, the emulator was stopped"

    def start_from(self, snapshot: bytes | None) -> None:
        """Begin a replay of a state file: from its snapshot, or from the state as it is now."""
        with self._lock:
            if snapshot is not None:
                snapshots.restore(snapshot, self.store, self.ids, self.clock)
            self._base = snapshot or self._capture()
            self._tail, self._since = [], _Since()

    def replay(self, event: persistence.Event) -> bool:
        """Serve a logged request again, as it was first served; whether it answered the same."""
        with self._lock:
            started = time.perf_counter()
            same = self._replay(event)
            self._tail.append(event)
            self._since.add(time.perf_counter() - started, len(event.request))
            return same

    def checkpoint(self, *, save: bool | None = None) -> None:
        """Take the state as it is now as where the tail starts; write it to the state file when
        `save` (default: when the tail is long enough that a restart should not replay it).
        Whoever changes the store other than by a request (seeding, tests) calls it after."""
        with self._lock:
            self._checkpoint(self._due() if save is None else save)

    def _answer(
        self, rpc_name: str, request: Message, metadata: Mapping[str, str], legacy: dict, day: dt.date
    ) -> tuple[Message, dt.date | None, bool]:
        """The response, the date it was served as of, and whether serving it failed (a bug)."""
        rpc = rpc_named(rpc_name)
        self.clock.tick()
        as_of, failed = None, False
        try:
            as_of = self.as_of(metadata, day)
            response = self._serve(rpc_name, request, metadata, legacy, as_of)
        except ApiError as error:
            response = rpc.response_class(status=error.status)
        except Exception:  # a bug must not take the server down; say so in the status
            log.exception("emulator bug serving %s", rpc_name)
            response = rpc.response_class(status=status("INTERNAL_UNCATEGORIZED", "request-undone"))
            failed = True
        response.status.req_id = self.ids.hex32("req")
        return response, as_of, failed

    def _replay(self, event: persistence.Event) -> bool:
        if event.kind == persistence.REFUSAL:
            self.ids.hex32("req")
            return self.clock.now == event.tick
        request = rpc_named(event.rpc).new_request()
        request.ParseFromString(event.request)
        with persistence.downloads_taped(playback=event.downloads):
            response, _, _ = self._answer(
                event.rpc, request, event.metadata, event.legacy, dt.date.fromisoformat(event.day)
            )
        if not event.digest:  # an event of this run's tail, never written: nothing to compare
            return True
        answered = persistence.digest(response, self.store.data_host)
        return self.clock.now == event.tick and answered == event.digest

    def _commit(self, event: persistence.Event, response: Message) -> str:
        """Write the event (with the digest of `response`) to the state file; why it could not be, or ""."""
        try:
            event.digest = persistence.digest(response, self.store.data_host)
            self.state.append(event)
        except (sqlite3.Error, ValueError, TypeError) as error:  # the disk, or a value JSON cannot hold
            log.error("emulator: cannot write the state file %s (%s): request undone", self.state.path, error)
            return f"{self.state.path}: {error}"
        return ""

    def _undo(self, rpc_name: str, failure: status_pb2.Status, unsaved: str) -> Message:
        """Put the state back as it was before the failed request (`unsaved`: why its log entry
        could not be written, if that was the failure); the error to answer it with."""
        try:
            snapshots.restore(self._base, self.store, self.ids, self.clock)
            for event in self._tail:
                self._replay(event)
        except Exception as error:  # the state is lost for good: stop rather than serve it wrong
            log.exception("emulator: cannot undo a failed %s", rpc_name)
            self.broken = f"a failed request could not be undone ({error})"
        if unsaved:
            failure = status("INTERNAL_UNCATEGORIZED", "state-not-saved", error=unsaved)
        self._undone += 1
        failure.req_id = self.ids.aside("req", self._undone)
        return rpc_named(rpc_name).response_class(status=failure)

    def _keep(self, event: persistence.Event, cost: float, size: int) -> None:
        self._tail.append(event)
        self._since.add(cost, size)
        if self._due():
            self._checkpoint(save=True)

    def _due(self) -> bool:
        since = self._since
        return (
            since.count >= self.snapshot_every
            or since.cost >= max(REPLAY_BUDGET, SERVE_PER_CAPTURE * self._capture_cost)
            or since.size >= TAIL_BYTES
        )

    def _checkpoint(self, save: bool) -> None:
        try:
            state = self._capture()
        except Exception:  # a bug: keep the older snapshot and the tail, which still undo and restart
            log.exception("emulator: cannot take a snapshot of the state")
            return
        written = self.state is None  # in memory, the snapshot is the only one
        if save and self.state is not None and not self.broken:
            try:
                self.state.write_snapshot(self.settings, state)
                written = True
            except sqlite3.Error as error:  # the file keeps its older snapshot and every event since
                log.warning("emulator: cannot write a snapshot to %s (%s)", self.state.path, error)
        self._base, self._tail = state, []
        if written:  # else the file's events still count toward the next snapshot
            self._since = _Since()

    def _capture(self) -> bytes:
        started = time.perf_counter()
        state = snapshots.capture(self.store, self.ids, self.clock)
        self._capture_cost = time.perf_counter() - started
        return state

    def _state_refusal(self, rpc_name: str) -> Message:
        refusal = status("INTERNAL_UNCATEGORIZED", "state-unusable", error=self.broken)
        refusal.req_id = self.ids.hex32("req")
        return rpc_named(rpc_name).response_class(status=refusal)

    def _serve(
        self, rpc_name: str, request: Message, metadata: Mapping[str, str], legacy: dict, as_of: dt.date
    ) -> Message:
        rpc = rpc_named(rpc_name)
        handler = handler_for(rpc_name)
        if handler is None:
            raise ApiError("NOT_IMPLEMENTED", "not-implemented", rpc=rpc_name)
        try:
            caller = authenticate(rpc, request, metadata, self.store)
        except ApiError as refusal:
            caller = changes.reauthorize(rpc, request, metadata, as_of, self.store, refusal)
        call = Call(rpc, request, as_of, caller, self.store, self.clock, self.ids, legacy=legacy)
        response = changes.serve(call, handler)
        faults.point("after the handler")  # changes made, response not yet sent
        if as_of <= _last_era_day():  # later, every status text is today's: nothing to reword
            word_as_of(response, as_of)  # status texts of the day's era
        return response


@dataclass
class _Since:
    """Requests served since a snapshot: how many, the seconds they took, their bytes."""

    count: int = 0
    cost: float = 0.0
    size: int = 0

    def add(self, cost: float, size: int) -> None:
        self.count += 1
        self.cost += cost
        self.size += size


@functools.cache
def _last_era_day() -> dt.date:
    """The last day any status text differed from today's (`statuses.eras`); date.min when none did."""
    return max((last for texts in eras().values() for last, _ in texts), default=dt.date.min)
