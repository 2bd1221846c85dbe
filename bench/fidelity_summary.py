"""Which RPC families pass through which door of the emulator, with the official client.

Runs `tests/fidelity/` (the official clarifai-grpc client used the way Clarifai's docs use it:
plain gRPC, TLS gRPC, the JSON channel) and prints the matrix of RPC families x doors and how
many families pass on each door. It prints figures only; the exit status is pytest's.

Run from the project root:

    python bench/fidelity_summary.py
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("GRPC_VERBOSITY", "ERROR")

import pytest


def main() -> int:
    code = pytest.main(
        ["-q", "--no-header", "-p", "no:cacheprovider", "-W", "ignore::DeprecationWarning", "tests/fidelity"]
    )
    from tests.fidelity.conftest import RESULTS, matrix

    print()
    print(matrix(RESULTS) if RESULTS else "no fidelity results (did the tests run?)")
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
