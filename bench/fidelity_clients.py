"""Real, unmodified Clarifai clients against the emulator: issue 12's table with today's numbers.

Runs the fidelity harness (`cookbook.fidelity`: clarifai-grpc's own `tests/client` on both
channels, the SDK flow, the 2.x flow on each of its dates) and prints its table: client |
passed / total | not runnable offline, the peer suite's per-file counts per channel, and the
flows' steps with what each was expected to do as of its date. Beside each run it prints its
ratio against issue 12's target (`runner.TARGETS`, the same as `--min`'s defaults). It prints
figures only: the assertions are in tests/fidelity/test_real_clients.py.

Run from the project root (the side venvs are built first if missing):

    python bench/fidelity_clients.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cookbook.fidelity import report, runner  # noqa: E402 - after the path is set


def main() -> int:
    outcome = runner.run_all()
    print(report.table(outcome.runs))
    print("\nclient | passed / runnable | target")
    for run in outcome.runs:
        ratio = run.passed / run.runnable if run.runnable else 0.0
        print(f"{run.client} | {ratio:.0%} | {runner.TARGETS[runner.kind_of(run.client)]:.0%}")
    builds = dict(outcome.builds)
    seconds = builds.pop("total_run_seconds", 0.0)
    print(f"\nharness: {seconds} s, of which building venvs (s): {builds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
