"""A per-cell profile of the catalog run: where a notebook's seconds go.

Runs every notebook of the catalog through `cookbook.run.run` (as `python -m cookbook run`
does) and reads the cell durations papermill records in each executed notebook. Prints, per
notebook, its wall seconds, the seconds outside its cells (waiting for its kernel, papermill),
its setup cell (the imports and `connect`) and its slowest other cells; then the totals.

    python bench/runner_profile.py [--workers N] [--top K]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from cookbook import catalog
from cookbook.run import run


def cell_seconds(executed: Path) -> list[tuple[float, int, str]]:
    """(seconds, index, first line) of each code cell of an executed notebook."""
    cells = json.loads(executed.read_text())["cells"]
    timed = []
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code" or "injected-parameters" in cell["metadata"].get("tags", []):
            continue
        seconds = cell["metadata"].get("papermill", {}).get("duration") or 0.0
        first = "".join(cell["source"]).strip().splitlines()[0] if cell["source"] else ""
        timed.append((seconds, index, first[:60]))
    return timed


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("--workers", type=int, default=1, help="notebooks run at once (default 1)")
    cli.add_argument("--top", type=int, default=2, help="slowest cells shown per notebook (default 2)")
    args = cli.parse_args()
    changes = catalog.load()
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        results = run(changes, "emulator", Path(scratch), args.workers)
        wall = time.perf_counter() - started
        totals = {"outside cells": 0.0, "setup cells": 0.0, "other cells": 0.0}
        for result in results:
            cells = cell_seconds(Path(scratch) / result.change.notebook.name)
            setup = next((cell for cell in cells if "import" in cell[2]), (0.0, -1, ""))
            others = [cell for cell in cells if cell is not setup]
            outside = result.row["seconds"] - sum(cell[0] for cell in cells)
            totals["outside cells"] += outside
            totals["setup cells"] += setup[0]
            totals["other cells"] += sum(cell[0] for cell in others)
            print(
                f"{result.change.code}  {result.row['seconds']:5.2f} s  outside cells {outside:4.2f}  "
                f"setup [{setup[1]}] {setup[0]:4.2f}"
            )
            for seconds, index, first in sorted(others, reverse=True)[: args.top]:
                print(f"        {seconds:4.2f}  [{index}] {first}")
    print(f"wall {wall:.1f} s with {args.workers} worker(s), {sum(r.verified for r in results)} verified")
    print("  ".join(f"{name}: {seconds:.1f} s" for name, seconds in totals.items()))


if __name__ == "__main__":
    main()
