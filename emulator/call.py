"""One request on its way through the emulator: what handlers and change modules receive."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from clarifai_grpc.grpc.api.status import status_pb2
from google.protobuf.message import Message

from .auth import Caller
from .clock import IdGenerator, VirtualClock
from .descriptors import Rpc
from .statuses import ApiError, status
from .store import App, Store


@dataclass
class Call:
    """A request served as of a date, by a known caller, against the store."""

    rpc: Rpc
    request: Message
    as_of: dt.date
    caller: Caller
    store: Store
    clock: VirtualClock
    ids: IdGenerator
    legacy: dict[str, Any] = field(default_factory=dict)  # removed fields sent anyway, by path
    claimed: set[str] = field(default_factory=set)

    @property
    def now(self) -> int:
        """The virtual clock's tick of this request."""
        return self.clock.now

    @property
    def app(self) -> App:
        """The app the request acts on (every app-scoped RPC has one once authenticated)."""
        app = self.caller.app  # read once: handlers ask for it per item
        if app is None:
            raise ApiError("CONN_INVALID_REQUEST", "no-app-id")
        return app

    def take_legacy(self, path: str) -> Any:
        """The value of a removed field the request carries, marking it handled; else None."""
        if path in self.legacy:
            self.claimed.add(path)
        return self.legacy.get(path)

    def unclaimed_legacy(self) -> list[str]:
        """Removed fields that no change module handled for this date."""
        return sorted(set(self.legacy) - self.claimed)

    def ok(self, **fields: Any) -> Message:
        """A successful response of this RPC with the given fields."""
        return self.rpc.response_class(status=_success(), **fields)

    def timestamp(self):
        """Now, on the virtual clock, on the request's as-of day."""
        return self.clock.timestamp(self.as_of)


@functools.cache
def _success() -> status_pb2.Status:
    """The SUCCESS status, made once: each response gets a copy of it, never it."""
    return status("SUCCESS")
