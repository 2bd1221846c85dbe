"""Run real Clarifai clients, unmodified, against the emulator, and print a table of passes.

Clients: clarifai-grpc's own `tests/client` on both of its channels (`peer`), today's
`clarifai` SDK in a docs-style flow (`sdk`), and the legacy `clarifai` 2.x client as of
dates before and after the changes it touches (`legacy`). `--snippets` runs instead each
notebook's "your code then" 2.x snippet on the days the notebook tried its raw request.
Each runs in its own virtualenv under `build/venvs/`, built from the pinned files in
`cookbook/fidelity/`. Writes `build/fidelity/report.json` and `census.md` (failures grouped
by cause).

Exit status: 0 when every run reaches its `--min` ratio (passed / runnable; by default issue
12's targets: peer 0.9 on each channel, sdk 1.0, legacy 1.0 on each date), 1 when one does not
or ran nothing, 2 when a virtualenv cannot be built.
"""

from __future__ import annotations

import argparse
import sys

from ..fidelity import report, runner, snippets, venvs
from ..fidelity.paths import OUT
from ..fidelity.results import ClientRun


def _ratio(text: str) -> tuple[str, float]:
    name, _, value = text.partition("=")
    if name not in runner.CLIENTS or not value:
        raise argparse.ArgumentTypeError(f"--min wants CLIENT=RATIO with CLIENT in {runner.CLIENTS}")
    try:
        return name, float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--min {text}: {value!r} is not a number") from None


def arguments(parser: argparse.ArgumentParser) -> None:
    """`cookbook fidelity`'s options."""
    parser.add_argument(
        "--client", action="append", choices=runner.CLIENTS, help="run only this client (repeatable)"
    )
    parser.add_argument(
        "--legacy-as-of",
        action="append",
        metavar="YYYY-MM-DD|today",
        help=f"dates to run the 2.x flow at (repeatable; default {', '.join(runner.LEGACY_DATES)})",
    )
    parser.add_argument(
        "--min",
        action="append",
        type=_ratio,
        default=[],
        metavar="CLIENT=RATIO",
        help="fail unless passed/runnable >= RATIO for CLIENT (peer: each channel; legacy: each date); "
        f"default {' '.join(f'{k}={v}' for k, v in runner.TARGETS.items())}",
    )
    parser.add_argument("--peer-timeout", type=int, default=30, help="seconds per peer test (pytest-timeout)")
    parser.add_argument("-k", dest="select", help="pytest -k expression for the peer suite")
    parser.add_argument("--build-only", action="store_true", help="build the side virtualenvs and stop")
    parser.add_argument(
        "--snippets",
        action="store_true",
        help="run only the notebooks' 2.x snippets, on the days their raw requests were tried",
    )


def execute(args: argparse.Namespace) -> int:
    """Build the virtualenvs, run the clients, print and write the report."""
    clients = tuple(args.client) if args.client else runner.CLIENTS
    try:
        if args.build_only:
            for name, seconds in runner.build(clients).items():
                print(f"venv {name}: {seconds} s")
            return 0
        if args.snippets:
            return _snippets()
        outcome = runner.run_all(
            clients, tuple(args.legacy_as_of or runner.LEGACY_DATES), args.peer_timeout, args.select
        )
    except venvs.BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(report.table(outcome.runs))
    report.write_json(outcome.runs, outcome.builds, OUT / "report.json")
    (OUT / "census.md").write_text(report.census(outcome.runs))
    print(f"\nwrote {OUT / 'report.json'} and {OUT / 'census.md'}")
    minimum = runner.TARGETS | dict(args.min)
    low = [run.client for run in outcome.runs if _below(run, minimum[runner.kind_of(run.client)])]
    for client in low:
        print(f"below threshold {minimum[runner.kind_of(client)]}: {client}", file=sys.stderr)
    return 1 if low else 0


def _snippets() -> int:
    """One line per (notebook, day): whether the 2.x snippet met its raw request's answer."""
    venvs.build("legacy")
    results = [result for snippet in snippets.collect() for result in snippets.check(snippet)]
    for result in results:
        print(("met     " if result.met else "MISSED  ") + result.describe())
    missed = sum(not result.met for result in results)
    print(f"\n{len(results) - missed}/{len(results)} snippet runs met the notebook's answer")
    return 1 if missed else 0


def _below(run: ClientRun, minimum: float) -> bool:
    """Nothing runnable (the run itself broke) is always below; else passed/runnable < minimum."""
    return run.runnable == 0 or run.passed / run.runnable < minimum
