"""Find calls to the Clarifai API that a dated change broke or deprecated, in .py files and notebooks.

Reports `path:line:col: CLnnn message (see notebooks/<id>.ipynb)`, `[*]` marking a safe fix;
`--fix` applies only the fixes that cannot change behaviour, `--unsafe-fixes` the others too.
`# noqa: CL012` silences a line, `# clarifai-lint: skip-file` a whole file. Exit status: 0
nothing found, 1 something found (or fixed), 2 a usage error or a file that could not be read
or parsed (every other file is still checked).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .. import catalog
from ..lint import check_paths, registry, report
from ..lint.files import Excludes
from .options import changes


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _jobs(value: str) -> int:
    if value.isdigit() and int(value) > 0:
        return int(value)
    raise argparse.ArgumentTypeError(f"not a number of processes (1 or more): {value!r}")


def arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `cookbook lint`."""
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the current folder)")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--fix", action="store_true", help="apply the safe fixes and say what changed")
    action.add_argument("--diff", action="store_true", help="show the safe fixes as a diff, write nothing")
    parser.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff: the unsafe fixes too (they rest on a mapping to check)",
    )
    parser.add_argument(
        "--output-format",
        "--format",
        dest="format",
        choices=tuple(report.FORMATS),
        default="text",
        help="text, json, github (Actions annotations) or sarif (2.1.0, for code scanning)",
    )
    parser.add_argument(
        "--select",
        action="append",
        default=[],
        type=changes,
        metavar="KEYS",
        help="only these changes: codes or ids (comma-separated, repeatable)",
    )
    parser.add_argument(
        "--ignore", action="append", default=[], type=changes, metavar="KEYS", help="skip these codes or ids"
    )
    parser.add_argument(
        "--since", type=_date, metavar="DATE", help="only changes dated after DATE (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="PATTERN",
        help=".gitignore-style pattern of files or folders to skip (repeatable, or comma-separated)",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        metavar="N",
        help="check in N processes at most (default: one per CPU; a small tree uses one)",
    )
    parser.add_argument(
        "--list", action="store_true", help="list every change and what the checker does about it"
    )


def _codes(groups: list[list[catalog.Change]]) -> list[str]:
    return [change.code for group in groups for change in group]


def outcome(args: argparse.Namespace) -> tuple[int, str]:
    """Check (or list, or fix) as `args` say; return the exit status and what to print."""
    entries = registry.choose(_codes(args.select), _codes(args.ignore), args.since)
    if args.list:
        return 0, report.rule_list(entries, args.format == "json")
    mode = "fix" if args.fix else "diff" if args.diff else "check"
    rules = [entry.rule for entry in entries if entry.rule is not None]
    excludes = Excludes(pattern for value in args.exclude for pattern in value.split(","))
    results = check_paths(args.paths or [Path(".")], rules, mode, excludes, args.unsafe_fixes, args.jobs)
    by_code = {entry.change.code: entry for entry in registry.entries()}
    formatter = report.FORMATS[args.format]
    output = formatter(results, by_code, mode)
    if any(result.unreadable for result in results):
        return 2, output
    return (1 if any(result.findings for result in results) else 0), output


def execute(args: argparse.Namespace) -> int:
    """Print the report; return the exit status."""
    status, output = outcome(args)
    sys.stdout.write(output)
    return status
