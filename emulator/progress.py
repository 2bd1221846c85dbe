"""Who is done: each attendee's check results per exercise, for a workshop leader's table.

The cookbook's checks report one result at a time (`POST /emulator/progress`); the board keeps,
per attendee and exercise, whether it ever passed (a pass stays a pass) and how many tries it
took. Its table holds user ids, exercise codes and marks only: never code or credentials.
Kept in memory: a restarted server starts a new board (the attendees' next checks refill it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

DONE, NOT_TRIED = "done", "."
LEGEND = f"{DONE}: a check passed; N tries: tried, not passed yet; {NOT_TRIED}: not tried"
USER_HEADER = "attendee"


@dataclass
class Tally:
    """One attendee's results on one exercise."""

    passed: bool = False
    tries: int = 0

    @property
    def mark(self) -> str:
        if self.passed:
            return DONE
        if not self.tries:
            return NOT_TRIED
        return f"{self.tries} {'try' if self.tries == 1 else 'tries'}"


class Board:
    """Check results by attendee and exercise; safe to use from the REST door's threads.

    `watch(callback)` calls `callback()` after each result that changes the table (a first try,
    another failed one, a first pass), one at a time, in the order the results came.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()  # a watcher may read the table while it is told
        self._tallies: dict[tuple[str, str], Tally] = {}
        self._watchers: list[Callable[[], None]] = []

    def watch(self, callback: Callable[[], None]) -> None:
        """Call `callback()` after every result that changes the table."""
        with self._lock:
            self._watchers.append(callback)

    def record(self, user_id: str, exercise: str, passed: bool) -> bool:
        """Count one check of `exercise` by `user_id`; whether it changed the table."""
        with self._lock:
            tally = self._tallies.setdefault((user_id, exercise), Tally())
            tally.tries += 1
            changed = not tally.passed
            tally.passed = tally.passed or passed
            if changed:
                for callback in self._watchers:
                    callback()
            return changed

    def tally(self, user_id: str, exercise: str) -> Tally:
        """A copy of the results of `user_id` on `exercise` (empty when never tried)."""
        with self._lock:
            found = self._tallies.get((user_id, exercise), Tally())
            return Tally(found.passed, found.tries)

    def table(self, attendees: list[str]) -> str:
        """The progress table: a row per attendee (`attendees` in order, then anyone else who
        reported, sorted), a column per exercise reported (sorted), a line per exercise saying how
        many are done, and the legend."""
        with self._lock:
            tallies = {key: Tally(t.passed, t.tries) for key, t in self._tallies.items()}
        reporters = sorted({user for user, _ in tallies} - set(attendees))
        users = [*attendees, *reporters]
        exercises = sorted({exercise for _, exercise in tallies})
        if not exercises:
            return f"no check reported yet ({len(users)} attendees)"
        rows = [[USER_HEADER, *exercises]]
        rows += [[user, *(tallies.get((user, e), Tally()).mark for e in exercises)] for user in users]
        lines = _aligned(rows)
        for exercise in exercises:
            done = sum(tallies.get((user, exercise), Tally()).passed for user in users)
            lines.append(f"{exercise}: {done} of {len(users)} attendees done")
        return "\n".join([*lines, LEGEND])


def _aligned(rows: list[list[str]]) -> list[str]:
    """Rows of cells as lines, each column as wide as its widest cell."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    ]


@dataclass(frozen=True)
class Room:
    """What the REST door serves progress with: the board, who the room's attendees are (a
    workshop's grow on restart), and the leader's token that reads the table ("" for none)."""

    board: Board
    attendees: Callable[[], list[str]]
    leader_token: str = ""

    def table(self) -> str:
        return self.board.table(self.attendees())
