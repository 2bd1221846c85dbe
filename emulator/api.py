"""The emulator's core: every door hands a request here and gets the response to send.

One lock serialises requests, so the virtual clock and the id generator advance in a
deterministic order and handlers never see half-made state.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from clarifai_grpc.grpc.api.status import status_code_pb2
from google.protobuf.message import Message

from . import changes
from .auth import authenticate
from .call import Call
from .clock import IdGenerator, VirtualClock
from .descriptors import rpc as rpc_named
from .handlers import handler_for
from .statuses import ApiError, status
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
    """The API behind the doors: auth, dated behaviour, handlers and the journal."""

    def __init__(self, store: Store, ids: IdGenerator, as_of: dt.date | None = None) -> None:
        self.store = store
        self.ids = ids
        self.clock = VirtualClock()
        self.default_as_of = as_of
        self.journal: deque[JournalEntry] = deque(maxlen=JOURNAL_SIZE)
        self._lock = threading.Lock()

    def as_of(self, metadata: Mapping[str, str]) -> dt.date:
        """The date a request is served as of: its own header, else the server's, else today."""
        if AS_OF_KEY in metadata:
            return parse_as_of(metadata[AS_OF_KEY])
        return self.default_as_of or dt.date.today()

    def call(
        self,
        rpc_name: str,
        request: Message,
        metadata: Mapping[str, str],
        legacy: dict[str, Any] | None = None,
    ) -> Message:
        """Serve one unary request and return its response; never raises for API errors."""
        rpc = rpc_named(rpc_name)
        with self._lock:
            self.clock.tick()
            as_of = None
            try:
                as_of = self.as_of(metadata)
                response = self._serve(rpc_name, request, metadata, legacy or {}, as_of)
            except ApiError as error:
                response = rpc.response_class(status=error.status)
            except Exception:  # a bug must not take the server down; say so in the status
                log.exception("emulator bug serving %s", rpc_name)
                response = rpc.response_class(status=status("INTERNAL_UNCATEGORIZED"))
            response.status.req_id = self.ids.hex32("req")
            self.journal.append(JournalEntry(self.clock.now, rpc_name, as_of, response.status.code))
            return response

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
        return changes.serve(call, handler)
