"""Refresh the notebooks' stored outputs, the record nbval checks.

Executes each notebook of the catalog in place against the embedded emulator, as a reader
would run it in JupyterLab (no injected parameters), without timing metadata so that a
re-run changes only what really changed. Run it after changing the emulator or a recipe,
then review the diff of `notebooks/`.
"""

from __future__ import annotations

import argparse
import os

from ..golden import refresh
from .options import add_only, chosen


def arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `cookbook golden`."""
    add_only(parser, "refresh")


def execute(args: argparse.Namespace) -> int:
    """Refresh each chosen notebook and say how it went; 1 if any failed."""
    os.environ.setdefault("GRPC_VERBOSITY", "ERROR")  # the kernels' gRPC logs are not the reader's
    failed = 0
    for change in chosen(args):
        problem = refresh(change)
        failed += bool(problem)
        print(f"{change.code} {change.notebook.name}: {problem or 'refreshed'}")
    return 1 if failed else 0
