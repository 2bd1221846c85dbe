"""Dated changes, the Stripe way: today's handlers, plus one module per change saying how the
API behaved before its date.

A change module defines `CODE`, `DATE` (the first day of the new behaviour) and `RPCS`, and
any of:

- `LEGACY_FIELDS`: removed fields old clients may still send, as
  `{message full name: {field number: (name, kind)}}`, so the gRPC door can read them;
- `before(call) -> response | None`: served instead of today's handler when it returns one;
- `after(call, response) -> response`: rewrites today's response the way it used to look;
- `applies(call) -> bool`: when the module's hooks run, for a change that is not a simple
  "before the date" (a downtime on the day itself); by default, `call.as_of < DATE`.

A request served as of a date earlier than `DATE` passes through the module's hooks.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from google.protobuf.message import Message

from ..call import Call
from ..statuses import ApiError

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
    """Answer `call` as the API did on its as-of date."""
    pending = [change for change in registry() if change.applies(call)]
    for change in pending:
        before = change.hook("before")
        response = before(call) if before else None
        if response is not None:
            return response
    unclaimed = call.unclaimed_legacy()
    if unclaimed:
        message = call.request.DESCRIPTOR.name
        raise ApiError("CONN_BAD_REQUEST_FORMAT", "unknown-field", field=unclaimed[0], message=message)
    response = handler(call)
    for change in reversed(pending):
        after = change.hook("after")
        if after:
            response = after(call, response)
    return response
