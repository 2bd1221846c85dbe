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
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from clarifai_grpc.grpc.api.status import status_code_pb2
from google.protobuf.message import Message

from . import changes, persistence
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

    With a state file attached (`state`), every request is committed to it before its
    response goes back, so a restart can replay them (see `emulator.persistence`).
    """

    def __init__(self, store: Store, ids: IdGenerator, as_of: dt.date | None = None) -> None:
        self.store = store
        self.ids = ids
        self.clock = VirtualClock()
        self.default_as_of = as_of
        self.journal: deque[JournalEntry] = deque(maxlen=JOURNAL_SIZE)
        self.state: StateFile | None = None
        self.broken = ""  # why the state file could not be written: then every request is refused
        self._lock = threading.Lock()

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
            if self.state is None:  # nothing to record
                return self._answer(rpc_name, request, metadata, legacy or {}, day)
            with persistence.downloads_taped() as fetched:
                response = self._answer(rpc_name, request, metadata, legacy or {}, day)
            if not self._record(
                lambda: persistence.Event(
                    persistence.CALL,
                    self.clock.now,
                    rpc_name,
                    request.SerializeToString(),
                    persistence.kept_metadata(dict(metadata)),
                    legacy or {},
                    day.isoformat(),
                    fetched,
                    persistence.digest(response, self.store.data_host),
                )
            ):
                return self._state_refusal(rpc_name)
            return response

    def refuse(self, response: Message, what: str = "REST request") -> Message:
        """Give a request the doors refused themselves (bad JSON, no route) its id; keep it in the
        journal (as `what`, the RPC when the door knows it) and in the log."""
        with self._lock:
            response.status.req_id = self.ids.hex32("req")
            self.journal.append(JournalEntry(self.clock.now, what, None, response.status.code))
            if self.state is not None and not self.broken:
                self._record(
                    lambda: persistence.Event(
                        persistence.REFUSAL,
                        self.clock.now,
                        response.DESCRIPTOR.name,
                        digest=persistence.digest(response, self.store.data_host),
                    )
                )
            return response

    def close_state(self) -> None:
        """Let go of the state file once no request is being served; later requests are refused."""
        with self._lock:
            if self.state is not None and not self.broken:
                self.state.close()
                self.broken = f"{self.state.path}: closed, the emulator was stopped"

    def replay(self, event: persistence.Event) -> bool:
        """Serve a logged request again, as it was first served; whether it answered the same."""
        with self._lock:
            if event.kind == persistence.REFUSAL:
                self.ids.hex32("req")
                return self.clock.now == event.tick
            request = rpc_named(event.rpc).new_request()
            request.ParseFromString(event.request)
            with persistence.downloads_taped(playback=event.downloads):
                response = self._answer(
                    event.rpc, request, event.metadata, event.legacy, dt.date.fromisoformat(event.day)
                )
            return (
                self.clock.now == event.tick
                and persistence.digest(response, self.store.data_host) == event.digest
            )

    def _answer(
        self, rpc_name: str, request: Message, metadata: Mapping[str, str], legacy: dict, day: dt.date
    ) -> Message:
        rpc = rpc_named(rpc_name)
        self.clock.tick()
        as_of = None
        try:
            as_of = self.as_of(metadata, day)
            response = self._serve(rpc_name, request, metadata, legacy, as_of)
        except ApiError as error:
            response = rpc.response_class(status=error.status)
        except Exception:  # a bug must not take the server down; say so in the status
            log.exception("emulator bug serving %s", rpc_name)
            response = rpc.response_class(status=status("INTERNAL_UNCATEGORIZED"))
        response.status.req_id = self.ids.hex32("req")
        self.journal.append(JournalEntry(self.clock.now, rpc_name, as_of, response.status.code))
        return response

    def _record(self, event: Callable[[], persistence.Event]) -> bool:
        """Commit the event made by `event()`; on failure, stop serving (memory is now ahead of the file)."""
        try:
            self.state.append(event())
        except (sqlite3.Error, ValueError, TypeError) as error:  # the disk, or a value JSON cannot hold
            self.broken = f"{self.state.path}: {error}"
            log.error("emulator: cannot write the state file %s; refusing every request", self.broken)
            return False
        return True

    def _state_refusal(self, rpc_name: str) -> Message:
        refusal = status("INTERNAL_UNCATEGORIZED", "state-not-saved", error=self.broken)
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
        if as_of <= _last_era_day():  # later, every status text is today's: nothing to reword
            word_as_of(response, as_of)  # status texts of the day's era
        return response


@functools.cache
def _last_era_day() -> dt.date:
    """The last day any status text differed from today's (`statuses.eras`); date.min when none did."""
    return max((last for texts in eras().values() for last, _ in texts), default=dt.date.min)
