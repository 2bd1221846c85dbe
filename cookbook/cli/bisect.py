"""Find which of the API changes breaks a program: `python -m cookbook bisect -- COMMAND...`.

The command runs once against the API as of the day before the first change, then once as
of each change's date (its first day of new behaviour), in date order; `--bisect` runs only
today, the day before, and a binary search between them (it assumes that once a change
breaks the program, every later date fails too). Each run gets a fresh emulator served as
of its date, with the environment that points unmodified Clarifai clients at it:

- `CLARIFAI_API_BASE`: the REST door (what `ClarifaiChannel.get_json_channel()` reads);
- `CLARIFAI_GRPC_BASE` and `GRPC_DEFAULT_SSL_ROOTS_FILE_PATH`: the TLS gRPC door and its
  self-signed certificate (what `ClarifaiChannel.get_grpc_channel()` reads), when the
  emulator has a TLS door;
- `CLARIFAI_EMULATOR_GRPC`: `host:port` of the plain gRPC door, for
  `ClarifaiChannel.get_insecure_grpc_channel(base=host, port=int(port))`;
- `CLARIFAI_USER_ID`, `CLARIFAI_APP_ID`: the seeded user and app (`--user-id` / `--app-id`
  seed them under the ids a program has written in);
- a PAT in `CLARIFAI_PAT` and an app API key in `CLARIFAI_API_KEY` (rename them with
  `--pat-var` / `--key-var`). The emulator is seeded, so they are the same on every run.

A run passes when the command exits 0 (with `--strict`, also only if every request it made
answered SUCCESS). The emulator's journal of the run names the first request whose top-level
status was not SUCCESS (10000): MIXED_STATUS (10010) counts as a failure, since part of the
request failed; per-input statuses such as 30000 are not top-level and never count. A run
that failed while the first failing request met the scheduled downtime of CL001 is an
"outage", not a change of the API: it is reported, and the search for the breaking change
looks past it. (Requests the REST door refuses before they reach the API, such as a body
that is not JSON or a path with no route, are not in the journal.) The exit status is 0
when the program passes on today's API (the last date), 1 when it fails, 2 when the command
cannot be run at all.
"""

from __future__ import annotations

import argparse
import json
import sys

from .. import catalog
from ..bisect import CommandError, Options, Point, Run, bisect, points, report, run_once, scan, summary, table

EXAMPLE = "Example: python -m cookbook bisect --bisect -- python my_old_program.py"


def arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `cookbook bisect`."""
    parser.usage = "%(prog)s [options] -- COMMAND..."
    parser.epilog = EXAMPLE
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--linear", dest="bisect", action="store_false", help="run every date in order (the default)"
    )
    mode.add_argument(
        "--bisect",
        action="store_true",
        help="binary search for the first failing date, for slow commands (assumes that once broken, "
        "the program stays broken)",
    )
    parser.set_defaults(bisect=False)
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=60.0,
        metavar="SECONDS",
        help="seconds before a run is killed (default 60)",
    )
    parser.add_argument(
        "--pat-var",
        action="append",
        metavar="NAME",
        help="environment variable that gets the seeded PAT (default CLARIFAI_PAT; repeatable)",
    )
    parser.add_argument(
        "--key-var",
        action="append",
        metavar="NAME",
        help="environment variable that gets the seeded app API key (default CLARIFAI_API_KEY; repeatable)",
    )
    parser.add_argument(
        "--user-id", default="", help="seed the user under this id (for programs that name it)"
    )
    parser.add_argument("--app-id", default="", help="seed the app under this id (for programs that name it)")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="a run also fails when any request answered a status other than SUCCESS",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="show each run's stdout and stderr")
    parser.add_argument(
        "command", nargs=argparse.REMAINDER, metavar="COMMAND", help="the program to run, after --"
    )


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"--timeout must be more than 0 seconds, not {text!r}")
    return seconds


def _options(args: argparse.Namespace) -> Options:
    return Options(
        timeout=args.timeout,
        pat_vars=tuple(args.pat_var or Options.pat_vars),
        key_vars=tuple(args.key_var or Options.key_vars),
        user_id=args.user_id,
        app_id=args.app_id,
        strict=args.strict,
    )


def _show_output(run: Run) -> None:
    print(f"--- as of {run.point.day} ({run.point.label}): {run.verdict}, exit {run.exit}", file=sys.stderr)
    for name, text in (("stdout", run.stdout), ("stderr", run.stderr)):
        if text.strip():
            print(f"[{name}]\n{text.rstrip()}", file=sys.stderr)


def execute(args: argparse.Namespace) -> int:
    """Run the command as of each date (or bisect); 0: it passes today, 1: it fails, 2: it cannot run."""
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        print(
            f"error: give the command to run after --, e.g. -- python my_program.py\n{EXAMPLE}",
            file=sys.stderr,
        )
        return 2
    options = _options(args)

    def attempt(point: Point) -> Run:
        run = run_once(command, point, options)
        if args.verbose:
            _show_output(run)
        return run

    try:
        runs = (bisect if args.bisect else scan)(points(catalog.load()), attempt)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    if args.json:
        print(json.dumps(report(command, runs, "bisect" if args.bisect else "linear"), indent=2))
    else:
        text = table(runs).to_string(index=False)
        print("\n".join(line.rstrip() for line in text.splitlines()))
        print()
        print("\n".join(summary(runs)))
    return 0 if runs[-1].passed else 1
