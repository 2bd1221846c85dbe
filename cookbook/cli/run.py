"""Run every notebook of the catalog headless, and print a table of results.

Each notebook runs with papermill on a fresh kernel (against the embedded emulator unless
`--target live` or `--target emulator-remote`), its executed copy goes to `build/notebooks/`,
and the table of outcomes to the terminal and `build/report.csv`. The exit status is 0 only
if every notebook verified.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

from recipes.connect import REMOTE, TARGETS, ConnectError, check_remote

from .. import catalog
from ..run import ParameterError, Result, check_parameters, run, table
from .options import add_only, chosen


def arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `cookbook run`."""
    add_only(parser, "run")
    parser.add_argument(
        "--target",
        choices=TARGETS,
        default="emulator",
        help="emulator (default: embedded, offline); live: reads CLARIFAI_PAT, and optionally "
        "CLARIFAI_USER_ID and CLARIFAI_APP_ID (else each notebook works in a scratch app it "
        "creates and deletes); emulator-remote: the same on an emulator served elsewhere (a workshop "
        "room's), at the REST address in CLARIFAI_EMULATOR, with the PAT in CLARIFAI_PAT",
    )
    parser.add_argument(
        "--workers", type=_workers, default=1, metavar="N", help="notebooks run at once (default 1)"
    )
    parser.add_argument(
        "-p",
        dest="pairs",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="set a notebook parameter, as papermill's -p (e.g. -p INPUTS 50); never a secret: "
        "papermill writes parameters into the executed notebook",
    )
    parser.add_argument(
        "--parameter",
        dest="items",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="the same as -p NAME VALUE",
    )
    parser.add_argument(
        "--output", type=Path, default=catalog.ROOT / "build", help="where results go (default build/)"
    )
    parser.add_argument(
        "--html",
        action="store_true",
        help="also render the executed notebooks as a browsable site in OUTPUT/site/ (index.html)",
    )


def _workers(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError("--workers must be at least 1")
    return int(text)


def _target_problem(target: str) -> str:
    """Why `target` cannot be reached from this environment, or ""."""
    if target == "live" and not os.environ.get("CLARIFAI_PAT", "").strip():
        return "--target live needs a personal access token in CLARIFAI_PAT"
    if target == REMOTE:
        try:
            check_remote()
        except ConnectError as error:
            return f"--target {REMOTE}: {error}"
    return ""


def execute(args: argparse.Namespace) -> int:
    """Run the chosen notebooks, print the table and any failure; 0 only if every one verified."""
    try:
        parameters = check_parameters([*args.pairs, *(item.partition("=")[::2] for item in args.items)])
    except ParameterError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    problem = _target_problem(args.target)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    results = run(chosen(args), args.target, args.output / "notebooks", args.workers, parameters)
    _report(results, args.output)
    if args.html:
        from .. import gallery  # nbconvert loads only when asked for

        index = gallery.render(gallery.from_results(results, args.output / "notebooks"), args.output / "site")
        print(f"Gallery: {index}")
    verified = sum(result.verified for result in results)
    print(f"\n{verified} of {len(results)} notebooks verified.")
    return 0 if verified == len(results) else 1


def _report(results: list[Result], output: Path) -> None:
    """The table to the terminal and `report.csv`; each failure to stderr."""
    report = table(results)
    report.to_csv(output / "report.csv", index=False)
    with pd.option_context("display.max_colwidth", 48, "display.width", 200):
        print(report.to_string(index=False))
    for result in results:
        if result.failure:
            print(f"{result.change.code} failed: {result.failure}", file=sys.stderr)
