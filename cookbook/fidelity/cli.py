"""``python -m cookbook.fidelity``: real Clarifai clients against the emulator, and a table.

Exit status: 0 when every run reaches its ``--min`` ratio (passed / runnable; default 0),
1 when one does not or ran nothing, 2 when a venv cannot be built.
"""

from __future__ import annotations

import argparse
import sys

from cookbook.fidelity import report, runner, venvs
from cookbook.fidelity.paths import OUT
from cookbook.fidelity.results import ClientRun


def _ratio(text: str) -> tuple[str, float]:
    name, _, value = text.partition("=")
    if name not in runner.CLIENTS or not value:
        raise argparse.ArgumentTypeError(f"--min wants CLIENT=RATIO with CLIENT in {runner.CLIENTS}")
    return name, float(value)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m cookbook.fidelity", description=__doc__)
    p.add_argument(
        "--only", action="append", choices=runner.CLIENTS, help="run only this client (repeatable)"
    )
    p.add_argument(
        "--legacy-as-of",
        action="append",
        metavar="YYYY-MM-DD|today",
        help=f"dates to run the 2.x flow at (repeatable; default {', '.join(runner.LEGACY_DATES)})",
    )
    p.add_argument(
        "--min",
        action="append",
        type=_ratio,
        default=[],
        metavar="CLIENT=RATIO",
        help="fail unless passed/runnable >= RATIO for CLIENT (peer: each channel; legacy: each date); "
        "default 0",
    )
    p.add_argument("--peer-timeout", type=int, default=30, help="seconds per peer test (pytest-timeout)")
    p.add_argument("-k", dest="select", help="pytest -k expression for the peer suite")
    p.add_argument("--build-only", action="store_true", help="build the side venvs and stop")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    clients = tuple(args.only) if args.only else runner.CLIENTS
    try:
        if args.build_only:
            for name, seconds in runner.build(clients).items():
                print(f"venv {name}: {seconds} s")
            return 0
        outcome = runner.run_all(
            clients, tuple(args.legacy_as_of or runner.LEGACY_DATES), args.peer_timeout, args.select
        )
    except venvs.BuildError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(report.table(outcome.runs))
    report.write_json(outcome.runs, outcome.builds, OUT / "report.json")
    (OUT / "census.md").write_text(report.census(outcome.runs))
    print(f"\nwrote {OUT / 'report.json'} and {OUT / 'census.md'}")
    minimum = dict(args.min)
    low = [run.client for run in outcome.runs if _below(run, minimum.get(runner.kind_of(run.client), 0.0))]
    for client in low:
        print(f"below threshold: {client}", file=sys.stderr)
    return 1 if low else 0


def _below(run: ClientRun, minimum: float) -> bool:
    """Nothing runnable (the run itself broke) is always below; else passed/runnable < minimum."""
    return run.runnable == 0 or run.passed / run.runnable < minimum
