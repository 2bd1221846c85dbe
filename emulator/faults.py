"""Named write points, where the reliability tests make a request fail half way.

Handlers call `point(where)` before each change they make to the store. Nothing happens
unless a test arms a `Plan`: then the plan counts the points a request reaches and raises
`InjectedFault` at the one it was told to. The core must then leave the store as it was
before the request (see `emulator.api`), which is what the tests check at every point.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field


class InjectedFault(Exception):
    """The failure a test asked for, at a write point."""


@dataclass
class Plan:
    """Fail at the `fail_at`-th point reached (1-based; 0 never fails); `reached` names them all."""

    fail_at: int = 0
    reached: list[str] = field(default_factory=list)

    def reach(self, where: str) -> None:
        self.reached.append(where)
        if len(self.reached) == self.fail_at:
            raise InjectedFault(f"injected failure at write point {len(self.reached)} ({where})")


_armed: Plan | None = None


def point(where: str) -> None:
    """A change to the store is about to be made (`where` says which)."""
    if _armed is not None:
        _armed.reach(where)


@contextlib.contextmanager
def armed(plan: Plan) -> Iterator[Plan]:
    """Run the requests made inside under `plan` (one plan at a time, for tests)."""
    global _armed
    _armed = plan
    try:
        yield plan
    finally:
        _armed = None
