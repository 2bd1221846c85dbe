"""Which RPCs an answer had served, REST calls included: what an exercise judges an endpoint
migration by (`Attempt.calls` counts only the gRPC calls made through the session's stub)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from recipes.connect import Session


def _last_tick(session: Session) -> int:
    journal = session.emulator.journal
    return journal[-1].tick if journal else -1


def served_during(session: Session, call: Callable[[], Any]) -> tuple[Any, Counter]:
    """`call()`'s result and the RPCs served while it ran, by name: from the embedded emulator's
    journal (REST or gRPC), or, on a room's emulator (not in this process), the gRPC calls
    this process made."""
    if session.emulator is None:
        before = Counter(session.calls)
        result = call()
        return result, Counter(session.calls) - before
    tick = _last_tick(session)
    result = call()
    return result, Counter(entry.rpc for entry in session.emulator.journal if entry.tick > tick)
