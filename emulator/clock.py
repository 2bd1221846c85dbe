"""Determinism: a virtual clock and a seeded id generator.

The clock advances one tick per request served, never with wall time, so asynchronous work
(downloads, deletes) finishes after a set number of requests and every run prints the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading

from google.protobuf.timestamp_pb2 import Timestamp

TICK = dt.timedelta(milliseconds=250)  # virtual time between two requests, for timestamps
NOON = dt.time(12, 0, tzinfo=dt.UTC)


class VirtualClock:
    """A counter of requests served, turned into timestamps on the request's as-of date."""

    def __init__(self, start: int = 0) -> None:
        self.now = start

    def tick(self) -> int:
        """Advance by one request; return the new tick."""
        self.now += 1
        return self.now

    def timestamp(self, as_of: dt.date, tick: int | None = None) -> Timestamp:
        """The protobuf timestamp of `tick` (default: now) on the day `as_of`."""
        moment = dt.datetime.combine(as_of, NOON) + TICK * (self.now if tick is None else tick)
        stamp = Timestamp()
        stamp.FromDatetime(moment)
        return stamp


class IdGenerator:
    """32-hex ids from a seed and a counter: the same seed gives the same ids in order."""

    def __init__(self, seed: str = "clarifai-cookbook") -> None:
        self.seed = seed
        self.count = 0
        self._lock = threading.Lock()

    def hex32(self, kind: str = "") -> str:
        """The next id, as Clarifai's 32 lowercase hex digits."""
        with self._lock:
            self.count += 1
            count = self.count
        return hashlib.sha256(f"{self.seed}:{kind}:{count}".encode()).hexdigest()[:32]

    def aside(self, kind: str, number: int) -> str:
        """An id that takes no place in the sequence (for the answer to a request undone, which
        no log keeps): unique for each `number`, never one `hex32` gives."""
        return hashlib.sha256(f"{self.seed}:{kind}:{self.count}:aside:{number}".encode()).hexdigest()[:32]
