"""`python -m recipes.golden`: refresh the notebooks' stored outputs, the record nbval checks.

Executes each notebook of the catalog in place against the embedded emulator, as a reader
would run it in JupyterLab (no injected parameters), without timing metadata so that a
re-run changes only what really changed. Run it after changing the emulator or a recipe,
then review the diff of `notebooks/`.
"""

from __future__ import annotations

import argparse
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from . import catalog
from .run import QuietKernelManager

TIMEOUT = 600  # seconds per cell


def refresh(change: catalog.Change) -> str:
    """Execute the change's notebook in place; return "" or what failed."""
    notebook = nbformat.read(change.notebook, as_version=4)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)  # wall-clock times from earlier runs
    client = NotebookClient(
        notebook,
        timeout=TIMEOUT,
        kernel_name="python3",
        kernel_manager_class=QuietKernelManager,
        record_timing=False,
        resources={"metadata": {"path": str(change.notebook.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as error:
        return str(error).strip().splitlines()[-1]
    nbformat.write(notebook, change.notebook)
    return ""


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    cli = argparse.ArgumentParser(prog="python -m recipes.golden", description=__doc__)
    cli.add_argument("--only", metavar="KEYS", help="only these changes: codes or ids, comma-separated")
    args = cli.parse_args(argv)
    os.environ.setdefault("GRPC_VERBOSITY", "ERROR")  # the kernels' gRPC logs are not the reader's
    changes = [change for change in catalog.load() if change.written]
    if args.only:
        try:
            changes = catalog.select(changes, args.only.split(","))
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    failed = 0
    for change in changes:
        problem = refresh(change)
        failed += bool(problem)
        print(f"{change.code} {change.notebook.name}: {problem or 'refreshed'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
