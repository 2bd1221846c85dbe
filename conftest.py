"""Pytest setup shared by the unit tests and nbval's notebook runs.

The README's plain ``pytest`` runs on pytest-xdist workers (``-n auto --dist loadgroup`` in
pyproject.toml). What must stay in one process is kept together with an ``xdist_group``: a
notebook's cells (nbval runs them in order on one kernel), and a module whose tests share a
module- or class-scoped fixture (started once, as without workers). The reliability and
fidelity summaries that workers gather are sent to the controller, which prints them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests import summaries

# The embedded emulator's gRPC channels log at INFO when a kernel exits; keep outputs clean.
os.environ.setdefault("GRPC_VERBOSITY", "ERROR")

SHARED_SCOPES = ("class", "module")  # a fixture of these scopes is made once per module


def pytest_collectstart(collector):
    """nbval: compare stdout and results, not stderr (kernel and gRPC warnings vary by machine)."""
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` uses workers only for folders (plain ``pytest``, ``pytest tests/emulator``):
    a run of files or test ids stays in this process, which starts sooner than a pool."""
    args = [arg.split("::")[0] for arg in config.args]
    if not any(Path(config.invocation_params.dir, arg).is_dir() for arg in args):
        return 0
    return None  # xdist's own choice: one worker per core


def _group(item: pytest.Item) -> str | None:
    """The worker group ``item`` must share, if any (a path relative to the root)."""
    path = Path(item.path)
    fixtures = getattr(item, "_fixtureinfo", None)  # nbval's cells have none
    shared = fixtures is not None and any(
        defs[-1].scope in SHARED_SCOPES for defs in fixtures.name2fixturedefs.values() if defs
    )
    if path.suffix == ".ipynb" or shared:
        return path.relative_to(item.config.rootpath).as_posix()
    return None


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("xdist_group") is None and (group := _group(item)):
            item.add_marker(pytest.mark.xdist_group(group))
    if getattr(config.option, "loadgroup", False):  # an xdist worker under --dist loadgroup
        for item in items:
            _name_group(item)


def _name_group(item: pytest.Item) -> None:
    """Suffix the node id with its group (``id@group``), which xdist's scheduler reads.

    pytest-xdist 3.8.0 does this by setting ``item._nodeid``, which pytest 9.2 no longer reads
    (a node's id is ``item._id``): without this, every test would be scheduled on its own.
    """
    marks = item.iter_markers("xdist_group")
    names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in marks})
    if names and "@" not in item.nodeid.rpartition("]")[2]:
        item._id = type(item._id).parse(f"{item.nodeid}@{'_'.join(names)}")


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """xdist's controller: a worker finished; keep the summary sections it gathered."""
    summaries.receive(node)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    summaries.write(terminalreporter, dict(sorted(summaries.RECEIVED.items())))
