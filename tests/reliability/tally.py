"""Counts of what a reliability test sent and got back, per door and per status, for the summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import grpc
import requests

DOORS = ("gRPC", "REST")


class Tally:
    """Statuses seen per door, hung calls (no answer within the timeout) per door."""

    def __init__(self, what: str) -> None:
        self.what = what  # e.g. "bad input", the start of each summary line
        self.seen: dict[str, Counter] = {door: Counter() for door in DOORS}
        self.hangs: Counter = Counter()

    def count(self, door: str, status: str) -> None:
        """One answer of `door` with `status` (a status name, perhaps with its HTTP code)."""
        self.seen[door][status] += 1

    @contextmanager
    def timed(self, door: str) -> Iterator[None]:
        """Count a call inside that gave up waiting as a hang (and let the failure through)."""
        try:
            yield
        except requests.Timeout:
            self.hangs[door] += 1
            raise
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.DEADLINE_EXCEEDED:
                self.hangs[door] += 1
            raise

    def lines(self) -> list[str]:
        """One line per door that was called: requests, internal errors, hangs, statuses."""
        found = []
        for door, seen in self.seen.items():
            if not seen and not self.hangs[door]:
                continue
            statuses = ", ".join(f"{name} {count}" for name, count in sorted(seen.items()))
            internal = sum(count for name, count in seen.items() if name.startswith("INTERNAL"))
            found.append(
                f"{self.what} over {door}: {sum(seen.values())} requests, {internal} internal errors, "
                f"{self.hangs[door]} hangs; statuses: {statuses}"
            )
        return found
