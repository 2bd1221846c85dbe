"""`python -m recipes.bisect -- COMMAND...`: which of the API changes breaks a program.

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
import contextlib
import datetime as dt
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from clarifai_grpc.grpc.api.status import status_code_pb2

from . import catalog
from .errors import code_name

SUCCESS = status_code_pb2.SUCCESS
# What a request meets during CL001's scheduled downtime: the service unreachable, or down for maintenance.
DOWNTIME_CODES = frozenset(
    {
        status_code_pb2.RPC_SERVER_UNAVAILABLE,
        status_code_pb2.REQUEST_DISABLED_FOR_MAINTENANCE,
        status_code_pb2.INPUT_WRITES_DISABLED_FOR_MAINTENANCE,
    }
)
PASS, FAIL, OUTAGE, TIMEOUT = "pass", "FAIL", "outage", "timeout"
COLUMNS = ["date", "change", "verdict", "exit", "first failing rpc", "status", "notebook"]


@dataclass(frozen=True)
class Point:
    """A date the command runs as of: the day before the first change, or a change's date."""

    day: dt.date
    change: catalog.Change | None  # None: the day before the first change

    @property
    def label(self) -> str:
        return self.change.code if self.change else "-"


@dataclass(frozen=True)
class Served:
    """One request the emulator served during a run, and the status code it answered."""

    rpc: str
    code: int

    @property
    def status(self) -> str:
        return f"{code_name(self.code)} ({self.code})"


@dataclass(frozen=True)
class Run:
    """The command run once, as of one date."""

    point: Point
    exit: int | None  # None: killed after the timeout
    requests: tuple[Served, ...]
    stdout: str = ""
    stderr: str = ""
    strict: bool = False

    @property
    def first_failure(self) -> Served | None:
        """The first request whose top-level status was not SUCCESS."""
        return next((served for served in self.requests if served.code != SUCCESS), None)

    @property
    def passed(self) -> bool:
        return self.exit == 0 and not (self.strict and self.first_failure)

    @property
    def verdict(self) -> str:
        failure = self.first_failure
        if self.passed:
            return PASS
        if failure is not None and failure.code in DOWNTIME_CODES:
            return OUTAGE
        return TIMEOUT if self.exit is None else FAIL


@dataclass(frozen=True)
class Options:
    """How each run is made."""

    timeout: float = 60.0
    pat_vars: tuple[str, ...] = ("CLARIFAI_PAT",)
    key_vars: tuple[str, ...] = ("CLARIFAI_API_KEY",)
    user_id: str = ""
    app_id: str = ""
    strict: bool = False


class CommandError(Exception):
    """The command cannot be started at all (not found, not executable)."""


def points(changes: Sequence[catalog.Change]) -> list[Point]:
    """The day before the first change, then each change's date, in date order."""
    ordered = sorted(changes, key=lambda change: (change.date, change.code))
    return [Point(ordered[0].date - dt.timedelta(days=1), None)] + [
        Point(change.date, change) for change in ordered
    ]


def _tls_door(emulator) -> tuple[str, Path] | None:
    """The TLS gRPC door's `host:port` and certificate file, when the emulator has one."""
    if emulator.certificate is None or not emulator.tls_port:
        return None
    return emulator.tls_address, emulator.certificate.path


def environment(emulator, options: Options, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment that points unmodified Clarifai clients at `emulator`."""
    env = dict(os.environ if base is None else base)
    account = emulator.account
    env.update(
        CLARIFAI_API_BASE=emulator.rest_url,
        CLARIFAI_EMULATOR_GRPC=emulator.grpc_address,
        CLARIFAI_USER_ID=account.user_id,
        CLARIFAI_APP_ID=account.app_id,
    )
    tls = _tls_door(emulator)
    if tls is not None:
        env.update(CLARIFAI_GRPC_BASE=tls[0], GRPC_DEFAULT_SSL_ROOTS_FILE_PATH=str(tls[1]))
    env.update({name: account.pat for name in options.pat_vars})
    env.update({name: account.api_key for name in options.key_vars})
    return env


def _start_emulator(day: dt.date, options: Options):
    from emulator import Emulator
    from emulator.server import seed

    emulator = Emulator(as_of=day)
    if options.user_id or options.app_id:  # the ids the program names, instead of the default ones
        emulator.account = seed(
            emulator.store,
            emulator.ids,
            options.user_id or emulator.account.user_id,
            options.app_id or emulator.account.app_id,
        )
    return emulator.start()


def _execute(command: Sequence[str], env: dict[str, str], timeout: float) -> tuple[int | None, str, str]:
    """Run `command`; return its exit status (None when killed at the timeout) and its output."""
    try:
        process = subprocess.Popen(
            list(command),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            start_new_session=True,  # its own process group, so a timeout stops its children too
        )
    except OSError as error:
        raise CommandError(f"cannot run {command[0]!r}: {error.strerror or error}") from None
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        return process.returncode, stdout, stderr
    except subprocess.TimeoutExpired:
        _kill(process)
        try:
            stdout, stderr = process.communicate(timeout=5)
        except subprocess.TimeoutExpired:  # a descendant that left the group still holds the pipes
            stdout = stderr = ""
        return None, stdout, stderr
    except BaseException:  # Ctrl-C: in its own session, the command would not see it
        _kill(process)
        raise


def _kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def run_once(command: Sequence[str], point: Point, options: Options) -> Run:
    """Run `command` once against a fresh emulator served as of `point.day`."""
    emulator = _start_emulator(point.day, options)
    try:
        exit_status, stdout, stderr = _execute(command, environment(emulator, options), options.timeout)
        requests = tuple(Served(entry.rpc, entry.code) for entry in list(emulator.api.journal))
    finally:
        emulator.stop()
    return Run(point, exit_status, requests, stdout, stderr, options.strict)


def scan(dates: Sequence[Point], attempt: Callable[[Point], Run]) -> list[Run]:
    """Every date, in order."""
    return [attempt(point) for point in dates]


def bisect(dates: Sequence[Point], attempt: Callable[[Point], Run]) -> list[Run]:
    """Today, the day before the first change, and a binary search between them.

    Assumes monotonic breakage: once the program fails as of a date it fails on every later
    date. An outage counts as passing (the API itself had not changed). Returns the runs
    made, in date order.
    """
    good, bad = 0, len(dates) - 1
    made = {bad: attempt(dates[bad])}
    if made[bad].passed:
        return [made[bad]]
    made[good] = attempt(dates[good])
    if made[good].verdict not in (PASS, OUTAGE):
        return [made[good], made[bad]]
    while bad - good > 1:
        middle = (good + bad) // 2
        made[middle] = attempt(dates[middle])
        if made[middle].verdict in (PASS, OUTAGE):
            good = middle
        else:
            bad = middle
    return [made[index] for index in sorted(made)]


def breaking_run(runs: Sequence[Run]) -> Run | None:
    """The run of the change since which the program fails through today, or None if today passes.

    Outages are looked past. It is the first run of `runs` (date order) when the program
    already failed before the first change.
    """
    if not runs or runs[-1].passed:
        return None
    found = None
    for run in reversed(runs):
        if run.verdict == OUTAGE:
            continue
        if run.passed:
            break
        found = run
    return found


def _notebook(change: catalog.Change | None) -> str:
    return change.notebook.relative_to(catalog.ROOT).as_posix() if change else ""


def culprits(runs: Sequence[Run]) -> list[catalog.Change | None]:
    """For each run, the change to read about: the one that began its streak of failures."""
    found: list[catalog.Change | None] = []
    streak: catalog.Change | None = None
    previous = PASS
    for run in runs:
        if run.verdict == OUTAGE:
            found.append(run.point.change)
            continue
        if run.passed:
            streak = None
        elif previous == PASS:
            streak = run.point.change
        found.append(streak)
        previous = PASS if run.passed else FAIL
    return found


def table(runs: Sequence[Run]) -> pd.DataFrame:
    """One row per run, sorted by date."""
    rows = []
    for run, culprit in zip(runs, culprits(runs), strict=True):
        failure = run.first_failure
        rows.append(
            {
                "date": run.point.day.isoformat(),
                "change": run.point.label,
                "verdict": run.verdict,
                "exit": "-" if run.exit is None else str(run.exit),
                "first failing rpc": failure.rpc if failure else "",
                "status": failure.status if failure else "",
                "notebook": "" if run.passed else _notebook(culprit),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS).sort_values("date", kind="stable")


def summary(runs: Sequence[Run]) -> list[str]:
    """The verdict in a few sentences: does it pass today, which change breaks it, what else failed."""
    broken = breaking_run(runs)
    lines = [_verdict_line(runs[-1], broken)]
    for run in runs:
        if run.passed or (broken is not None and run.point.day >= broken.point.day):
            continue
        change = run.point.change
        when = f"as of {run.point.day}" + (f" ({change.code})" if change else ", before the first change")
        why = "during the scheduled downtime" if run.verdict == OUTAGE else "but passed again on a later date"
        read = f"Read {_notebook(change)}." if change else "See its output (-v)."
        lines.append(f"Also failed {when}, {why}. {read}")
    return lines


def _verdict_line(today: Run, broken: Run | None) -> str:
    if broken is None:
        return f"Passes on today's API (as of {today.point.day}, the date of {today.point.label})."
    change = broken.point.change
    if change is None:
        return (
            f"Fails on today's API, and already as of {broken.point.day}, before the first change: "
            "the failure is not one of the API changes."
        )
    failure = broken.first_failure
    seen = (
        f"first failing call {failure.rpc}: {failure.status}"
        if failure
        else "every request succeeded, so the program's own check failed (-v shows its output)"
    )
    return f"Breaks at {change.code} ({change.date}, {change.title}); {seen}. Read {_notebook(change)}."


def report(command: Sequence[str], runs: Sequence[Run], mode: str) -> dict:
    """Everything about the runs, for tools (`--json`)."""
    broken = breaking_run(runs)
    rows = table(runs).to_dict("records")
    return {
        "command": list(command),
        "mode": mode,
        "passes_today": runs[-1].passed,
        "breaks_at": _breaking_json(broken),
        "summary": summary(runs),
        "runs": [_run_json(run, row) for run, row in zip(runs, rows, strict=True)],
    }


def _breaking_json(run: Run | None) -> dict | None:
    if run is None:
        return None
    change, failure = run.point.change, run.first_failure
    return {
        "code": change.code if change else None,
        "id": change.id if change else None,
        "date": run.point.day.isoformat(),
        "title": change.title if change else None,
        "notebook": _notebook(change) or None,
        "rpc": failure.rpc if failure else None,
        "status": failure.status if failure else None,
    }


def _run_json(run: Run, row: dict) -> dict:
    return {
        "date": run.point.day.isoformat(),
        "change": run.point.change.code if run.point.change else None,
        "verdict": run.verdict,
        "exit": run.exit,
        "rpc": row["first failing rpc"] or None,
        "status": row["status"] or None,
        "notebook": row["notebook"] or None,
        "requests": [
            {"rpc": served.rpc, "code": served.code, "status": served.status} for served in run.requests
        ],
        "stdout": run.stdout,
        "stderr": run.stderr,
    }


def _show_output(run: Run) -> None:
    print(f"--- as of {run.point.day} ({run.point.label}): {run.verdict}, exit {run.exit}", file=sys.stderr)
    for name, text in (("stdout", run.stdout), ("stderr", run.stderr)):
        if text.strip():
            print(f"[{name}]\n{text.rstrip()}", file=sys.stderr)


def parser() -> argparse.ArgumentParser:
    """The command line."""
    cli = argparse.ArgumentParser(
        prog="python -m recipes.bisect",
        usage="%(prog)s [options] -- COMMAND...",
        description=__doc__,
        epilog="Example: python -m recipes.bisect --bisect -- python my_old_program.py",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    mode = cli.add_mutually_exclusive_group()
    mode.add_argument(
        "--linear", dest="bisect", action="store_false", help="run every date in order (the default)"
    )
    mode.add_argument(
        "--bisect",
        action="store_true",
        help="binary search for the first failing date, for slow commands (assumes that once broken, "
        "the program stays broken)",
    )
    cli.set_defaults(bisect=False)
    cli.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="seconds before a run is killed (default 60)",
    )
    cli.add_argument(
        "--pat-var",
        action="append",
        metavar="NAME",
        help="environment variable that gets the seeded PAT (default CLARIFAI_PAT; repeatable)",
    )
    cli.add_argument(
        "--key-var",
        action="append",
        metavar="NAME",
        help="environment variable that gets the seeded app API key (default CLARIFAI_API_KEY; repeatable)",
    )
    cli.add_argument("--user-id", default="", help="seed the user under this id (for programs that name it)")
    cli.add_argument("--app-id", default="", help="seed the app under this id (for programs that name it)")
    cli.add_argument(
        "--strict",
        action="store_true",
        help="a run also fails when any request answered a status other than SUCCESS",
    )
    cli.add_argument("--json", action="store_true", help="print the report as JSON")
    cli.add_argument("-v", "--verbose", action="store_true", help="show each run's stdout and stderr")
    cli.add_argument(
        "command", nargs=argparse.REMAINDER, metavar="COMMAND", help="the program to run, after --"
    )
    return cli


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    cli = parser()
    args = cli.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        cli.error("give the command to run after --, e.g. -- python my_program.py")
    if args.timeout <= 0:
        cli.error("--timeout must be more than 0 seconds")
    options = Options(
        timeout=args.timeout,
        pat_vars=tuple(args.pat_var or Options.pat_vars),
        key_vars=tuple(args.key_var or Options.key_vars),
        user_id=args.user_id,
        app_id=args.app_id,
        strict=args.strict,
    )

    def attempt(point: Point) -> Run:
        run = run_once(command, point, options)
        if args.verbose:
            _show_output(run)
        return run

    dates = points(catalog.load())
    try:
        runs = (bisect if args.bisect else scan)(dates, attempt)
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


if __name__ == "__main__":
    sys.exit(main())
