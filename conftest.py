"""Pytest setup shared by the unit tests and nbval's notebook runs."""

import os

# The embedded emulator's gRPC channels log at INFO when a kernel exits; keep outputs clean.
os.environ.setdefault("GRPC_VERBOSITY", "ERROR")


def pytest_collectstart(collector):
    """nbval: compare stdout and results, not stderr (kernel and gRPC warnings vary by machine)."""
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)
