"""`python -m recipes.lint PATH...`: find old Clarifai calls, and fix the safe ones with `--fix`.

Exit status: 0 nothing found, 1 something found (or fixed), 2 a usage error or a file that
could not be read or parsed (every other file is still checked).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from recipes import catalog

from . import registry, report
from .files import Excludes, discover
from .hits import Problem
from .runner import FileResult, check_file


def _codes(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def parser() -> argparse.ArgumentParser:
    """The command line."""
    codes = [change.code for change in catalog.load()]
    cli = argparse.ArgumentParser(
        prog="python -m recipes.lint",
        description="Find calls to the Clarifai API that a dated change broke or deprecated "
        f"(codes {codes[0]}-{codes[-1]} of data/changes.csv), in .py files and notebooks.",
    )
    cli.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the current folder)")
    action = cli.add_mutually_exclusive_group()
    action.add_argument("--fix", action="store_true", help="apply the safe fixes and say what changed")
    action.add_argument("--diff", action="store_true", help="show the safe fixes as a diff, write nothing")
    cli.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    cli.add_argument(
        "--select", action="append", metavar="CODES", help="only these codes or ids (comma-separated)"
    )
    cli.add_argument("--ignore", action="append", metavar="CODES", help="skip these codes or ids")
    cli.add_argument("--since", type=_date, metavar="DATE", help="only changes dated after DATE (YYYY-MM-DD)")
    cli.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="PATTERN",
        help=".gitignore-style pattern of files or folders to skip (repeatable, or comma-separated)",
    )
    cli.add_argument(
        "--list", action="store_true", help="list every change and what the checker does about it"
    )
    return cli


def run(argv: Sequence[str] | None = None) -> tuple[int, str]:
    """Run the command line; return the exit status and what to print."""
    cli = parser()
    args = cli.parse_args(argv)
    try:
        entries = registry.choose(_codes(args.select), _codes(args.ignore), args.since)
    except ValueError as error:
        cli.error(str(error))
    if args.list:
        return 0, report.rule_list(entries, args.format == "json")
    mode = "fix" if args.fix else "diff" if args.diff else "check"
    rules = [entry.rule for entry in entries if entry.rule is not None]
    excludes = Excludes(pattern for value in args.exclude for pattern in value.split(","))
    results: list[FileResult] = []
    for path in args.paths or [Path(".")]:
        if not path.exists():
            results.append(FileResult(path, problems=[Problem("no such file or folder")]))
            continue
        results.extend(check_file(file, rules, mode) for file in discover([path], excludes))
    by_code = {entry.change.code: entry for entry in registry.entries()}
    formatter = report.as_json if args.format == "json" else report.text
    output = formatter(results, by_code, mode)
    if any(result.unreadable for result in results):
        return 2, output
    return (1 if any(result.findings for result in results) else 0), output


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: print the report, return the exit status."""
    status, output = run(argv)
    sys.stdout.write(output)
    return status
