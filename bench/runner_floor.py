"""The runner's cost over its floor: the catalog's notebooks versus trivial notebooks.

Runs, in one process, every notebook of the catalog through `cookbook.run.run`, and
the same number of trivial notebooks (a parameters cell, `connect` and one `outcome` call
each) through the same function before and after it (their mean). The trivial run is the
floor: kernel start, papermill and the embedded emulator, with no migration work. Prints
both wall times and their ratio (target: at most 1.2x with 1 worker), for each number of
workers asked (default 1 and 2), and how much faster 2 workers run the catalog than 1 (on
2 cores they must be faster).

    python bench/runner_floor.py [--workers 1,2]
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


TARGET_RATIO = 1.2  # catalog / floor, 1 worker


def measure(changes: list[catalog.Change], folder: Path, workers: int) -> float:
    """The catalog's wall seconds with `workers`, after printing it beside its floor."""
    folder.mkdir(parents=True)
    trivial = trivial_changes(changes, folder)
    first, floor_ok = timed(trivial, folder / "floor", workers)  # floor, full, floor:
    full, full_ok = timed(changes, folder / "full", workers)  # warm-up favours neither
    last, _ = timed(trivial, folder / "floor", workers)
    floor = (first + last) / 2
    target = f"target: at most {TARGET_RATIO}x" if workers == 1 else "(the target is for 1 worker)"
    print(f"notebooks: {len(changes)}, workers: {workers}")
    print(f"  catalog notebooks: {full:6.1f} s  ({full_ok} verified)")
    print(f"  trivial notebooks: {floor:6.1f} s  ({floor_ok} verified)  <- the floor")
    print(f"  ratio (catalog / floor): {full / floor:.2f}x   {target}", flush=True)
    return full


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("--workers", default="1,2", help="numbers of notebooks run at once (default 1,2)")
    args = cli.parse_args()
    counts = [int(count) for count in args.workers.split(",")]
    changes = catalog.load()
    walls = {}
    for workers in counts:
        with tempfile.TemporaryDirectory() as scratch:
            walls[workers] = measure(changes, Path(scratch) / f"w{workers}", workers)
    if 1 in walls and 2 in walls:
        speedup = walls[1] / walls[2]
        verdict = "faster" if speedup > 1 else "NOT faster"
        print(f"catalog, 2 workers vs 1: {walls[2]:.1f} s vs {walls[1]:.1f} s = {speedup:.2f}x ({verdict})")


if __name__ == "__main__":
    main()
