"""The runner's cost over its floor: the catalog's notebooks versus trivial notebooks.

Runs, in one process, every notebook of the catalog through `cookbook.run.run`, and
the same number of trivial notebooks (a parameters cell, `connect` and one `outcome` call
each) through the same function before and after it (their mean). The trivial run is the
floor: kernel start, papermill and the embedded emulator, with no migration work. Prints
both wall times and their ratio (target: under 1.5x).

    python bench/runner_floor.py [--workers N]
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from pathlib import Path

import nbformat

from cookbook import catalog
from cookbook.run import run

TRIVIAL_CELLS = (
    ('TARGET = "emulator"', ["parameters"]),
    ("from cookbook.notebook import outcome\nfrom recipes import connect\n\nsession = connect(TARGET)", []),
    ('outcome("verified", True, "trivial notebook verified")', []),
)


def trivial_changes(changes: list[catalog.Change], folder: Path) -> list[catalog.Change]:
    """One trivial notebook per change, in `folder`."""
    made = []
    for change in changes:
        cells = []
        for source, tags in TRIVIAL_CELLS:
            cell = nbformat.v4.new_code_cell(source)
            cell.metadata["tags"] = tags
            cells.append(cell)
        notebook = nbformat.v4.new_notebook(cells=cells)
        notebook.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        path = folder / change.notebook.name
        nbformat.write(notebook, path)
        made.append(dataclasses.replace(change, notebook=path))
    return made


def timed(changes: list[catalog.Change], out_dir: Path, workers: int) -> tuple[float, int]:
    """Wall seconds of one runner pass, and how many notebooks verified."""
    started = time.perf_counter()
    results = run(changes, "emulator", out_dir, workers)
    return time.perf_counter() - started, sum(r.verified for r in results)


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("--workers", type=int, default=1, help="notebooks run at once (default 1)")
    args = cli.parse_args()
    changes = catalog.load()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        trivial = trivial_changes(changes, folder)
        first, floor_ok = timed(trivial, folder / "floor", args.workers)  # floor, full, floor:
        full, full_ok = timed(changes, folder / "full", args.workers)  # warm-up favours neither
        last, _ = timed(trivial, folder / "floor", args.workers)
        floor = (first + last) / 2
    print(f"notebooks: {len(changes)}, workers: {args.workers}")
    print(f"catalog notebooks: {full:6.1f} s  ({full_ok} verified)")
    print(f"trivial notebooks: {floor:6.1f} s  ({floor_ok} verified)  <- the floor")
    print(f"ratio (catalog / floor): {full / floor:.2f}x   target: under 1.5x")


if __name__ == "__main__":
    main()
