"""Dated changes, the Stripe way: today's handlers, plus one module per change saying how the
API behaved before its date.

A change module defines `CODE`, `DATE` (the first day of the new behaviour) and `RPCS`, and
any of:

- `LEGACY_FIELDS`: removed fields old clients may still send, as
  `{message full name: {field number: (name, kind)}}`, so the gRPC door can read them;
- `before(call) -> response | None`: served instead of today's handler when it returns one;
- `after(call, response) -> response`: rewrites today's response the way it used to look;
- `guard(call)`: may raise to refuse the request outright (an outage), before any `before`;
- `authorize(rpc, request, metadata, store) -> Caller | None`: lets in, before the date, a
  caller today's auth refuses;
- `applies(call) -> bool`: when the module's hooks run, for a change that is not a simple
  "before the date" (a downtime on the day itself); by default, `call.as_of < DATE`.

A request served as of a date earlier than `DATE` passes through the module's hooks.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType

from google.protobuf.message import Message

from ..auth import Caller
from ..call import Call
from ..descriptors import Rpc
from ..statuses import ApiError
from ..store import Store

LegacyFields = dict[str, dict[int, tuple[str, str]]]


@dataclass(frozen=True)
class Change:
    """One dated change module."""

    code: str
    date: dt.date
    rpcs: frozenset[str]
    module: ModuleType

    def applies(self, call: Call) -> bool:
        """Whether `call` touches one of this change's RPCs on a date its hooks cover."""
        if call.rpc.name not in self.rpcs:
            return False
        custom = self.hook("applies")
        return custom(call) if custom else call.as_of < self.date

    def hook(self, name: str) -> Callable | None:
        return getattr(self.module, name, None)


@functools.cache
def registry() -> tuple[Change, ...]:
    """Every change module of this package, oldest first."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.append(Change(module.CODE, module.DATE, frozenset(module.RPCS), module))
    return tuple(sorted(found, key=lambda change: (change.date, change.code)))


@functools.cache
def legacy_fields() -> LegacyFields:
    """All removed fields the change modules declare, merged."""
    merged: LegacyFields = {}
    for change in registry():
        for message, fields in getattr(change.module, "LEGACY_FIELDS", {}).items():
            merged.setdefault(message, {}).update(fields)
    return merged


def serve(call: Call, handler: Callable[[Call], Message]) -> Message:
    """Answer `call` as the API did on its as-of date.

    The newest pending change's `before` that answers wins; its response is then aged back
    through the `after` hooks of the older pending changes, so changes compose.
    """
    pending = [change for change in registry() if change.applies(call)]
    for change in pending:
        guard = change.hook("guard")
        if guard:
            guard(call)
    for index in reversed(range(len(pending))):
        before = pending[index].hook("before")
        response = before(call) if before else None
        if response is not None:
            return _age(call, response, pending[:index])
    unclaimed = call.unclaimed_legacy()
    if unclaimed:
        message = call.request.DESCRIPTOR.name
        raise ApiError("CONN_BAD_REQUEST_FORMAT", "unknown-field", field=unclaimed[0], message=message)
    return _age(call, handler(call), pending)


def _age(call: Call, response: Message, changes: list[Change]) -> Message:
    """Rewrite a response back through `changes`, newest first."""
    for change in reversed(changes):
        after = change.hook("after")
        if after:
            response = after(call, response)
    return response


def reauthorize(
    rpc: Rpc, request: Message, metadata: Mapping[str, str], as_of: dt.date, store: Store, refusal: ApiError
) -> Caller:
    """A caller that today's auth refused but the API of `as_of` let in; else raise `refusal`.

    Change modules that loosened auth in the past define
    `authorize(rpc, request, metadata, store) -> Caller | None` (CL019: app API keys reached
    clarifai/main before PATs were required).
    """
    for change in registry():
        authorize = change.hook("authorize")
        if authorize and as_of < change.date and rpc.name in change.rpcs:
            caller = authorize(rpc, request, metadata, store)
            if caller is not None:
                return caller
    raise refusal
