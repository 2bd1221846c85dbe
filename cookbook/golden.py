"""Golden outputs: a notebook executed in place, its stored outputs the record nbval checks."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from . import catalog
from .run import QuietKernelManager

TIMEOUT = 600  # seconds per cell


def refresh(change: catalog.Change) -> str:
    """Execute the change's notebook in place; return "" or what failed."""
    if change.missing:
        return change.missing
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
