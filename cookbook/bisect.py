"""Bisect: which of the API changes breaks a program, found by running it as of each change's date.

Each run gets a fresh emulator served as of its date and the environment that points
unmodified Clarifai clients at it (`Emulator.environment()`); the emulator's journal of the
run names the first request whose top-level status was not SUCCESS. A run that failed while
that request met the scheduled downtime of CL001 is an "outage", not a change of the API.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
from clarifai_grpc.grpc.api.status import status_code_pb2

from emulator import Emulator
from recipes.errors import code_name

from . import catalog

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


def environment(emulator: Emulator, options: Options, base: dict[str, str] | None = None) -> dict[str, str]:
    """The caller's environment (or `base`) plus the emulator's, its PAT and key under `options`' names."""
    exported = emulator.environment()
    pat, key = exported.pop("CLARIFAI_PAT"), exported.pop("CLARIFAI_API_KEY")
    env = dict(os.environ if base is None else base) | exported
    env.update(dict.fromkeys(options.pat_vars, pat))
    env.update(dict.fromkeys(options.key_vars, key))
    return env


def _start_emulator(day: dt.date, options: Options) -> Emulator:
    """A started emulator as of `day`, its account seeded under the ids the program names, if any."""
    ids = {name: value for name, value in (("user_id", options.user_id), ("app_id", options.app_id)) if value}
    return Emulator(as_of=day, **ids).start()


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
        requests = tuple(Served(entry.rpc, entry.code) for entry in emulator.journal)
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
