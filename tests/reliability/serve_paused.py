"""`python -m emulator serve` that stops inside its Nth snapshot write, for the kill tests.

    python tests/reliability/serve_paused.py MARKER N SECONDS serve --db FILE ...

Runs the emulator's command line with a faults plan armed: at the Nth time a snapshot is being
written (its transaction open, the events already deleted, the new snapshot not yet inserted)
it writes the file MARKER and sleeps SECONDS, so a test can SIGKILL it right there.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

from emulator import faults
from emulator.__main__ import main

WHERE = "write a snapshot"


@dataclass
class PauseInSnapshot(faults.Plan):
    """Pauses at the `nth` snapshot write instead of failing (every other point passes)."""

    marker: Path = Path()
    nth: int = 1
    seconds: float = 5.0
    writes: int = 0

    def reach(self, where: str) -> None:
        if where != WHERE:
            return
        self.writes += 1
        if self.writes == self.nth:
            self.marker.write_text(f"inside snapshot write {self.nth}\n")
            time.sleep(self.seconds)


def run(argv: list[str]) -> int:
    """Serve with the plan from `argv` (MARKER N SECONDS, then `serve`'s arguments) armed."""
    marker, nth, seconds, *serve = argv
    with faults.armed(PauseInSnapshot(marker=Path(marker), nth=int(nth), seconds=float(seconds))):
        return main(serve)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
