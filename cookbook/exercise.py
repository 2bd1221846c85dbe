"""Exercises: each notebook's *Your turn*, checked against the API as of the day after its change.

An exercise is declared with one object in `cookbook/exercises/<code>.py` (`EXERCISE =
Exercise(...)`): what to prepare in the app, how to call the attendee's function, and the
expectations it must meet, in order. `check("CL012", session, answer)` runs `answer` on a
fresh app of the session as of the day after the change and says in one or two lines what
works and what does not yet; from the second failed check of the same exercise on, it adds
the hint of the first expectation not met.
"""

from __future__ import annotations

import datetime as dt
import importlib
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recipes.connect import Session, connect

from . import catalog, progress

HERE = str(Path(__file__).parent)  # frames of the checks themselves, not of the attendee's code
PASS_MARK = "✓"
FAIL_MARK = "✗"


@dataclass
class Attempt:
    """One run of an answer: the session it ran on, what `prepare` made, what it returned."""

    session: Session
    fixture: Any
    result: Any = None
    calls: Counter = field(default_factory=Counter)  # the RPCs the answer made, by name


@dataclass(frozen=True)
class Expectation:
    """One thing a migrated answer does: `missing(attempt)` is "" when it does, else what is
    not there yet, in a few words ("300 inputs remain")."""

    what: str  # said when met: "the app is empty"
    missing: Callable[[Attempt], str]
    hint: str  # said from the second failed check on


@dataclass(frozen=True)
class Exercise:
    """A notebook's exercise: `prepare(session)` makes its fixture in the app, `run(answer,
    session, fixture)` calls the attendee's function and returns what it returned."""

    change: str  # the catalog code, CL012
    prepare: Callable[[Session], Any]
    run: Callable[[Callable, Session, Any], Any]
    expectations: tuple[Expectation, ...]


@dataclass(frozen=True)
class Verdict:
    """What a check found: the expectations met, the first one not met and why."""

    change: str
    met: tuple[str, ...]
    failed: Expectation | None = None
    reason: str = ""

    @property
    def passed(self) -> bool:
        return self.failed is None

    def lines(self, hint: bool) -> list[str]:
        """One or two lines for the attendee."""
        if self.passed:
            return [f"{PASS_MARK} {self.change} done: {'; '.join(self.met)}."]
        works = f" Works: {'; '.join(self.met)}." if self.met else ""
        lines = [f"{FAIL_MARK} {self.change} not yet: {self.reason}.{works}"]
        if hint:
            lines.append(f"Hint: {self.failed.hint}")
        return lines


_failures: Counter = Counter()  # failed checks per exercise in this kernel, for the hints
_embedded: Session | None = None  # the emulator a live session's checks run on


def exercise(change: str) -> Exercise:
    """The exercise of `change` (a catalog code); ValueError naming a code without one."""
    code = change.strip().upper()
    try:
        module = importlib.import_module(f"cookbook.exercises.{code.lower()}")
    except ModuleNotFoundError:
        raise ValueError(f"{change!r} has no exercise (cookbook/exercises/ holds one per change)") from None
    return module.EXERCISE


def day_after(change: str) -> dt.date:
    """The day after `change`'s date: the API a migrated answer must work with."""
    (found,) = catalog.select(catalog.load(), [change])
    return found.date + dt.timedelta(days=1)


def emulated(session: Session) -> Session:
    """`session` if it is an emulator's (embedded or a room's), else an embedded one: a check
    runs on the emulator, never on a live app, whose inputs it would replace."""
    global _embedded
    if session.can_time_travel:
        return session
    if _embedded is None:
        _embedded = connect("emulator")
    return _embedded


def judge(change: str, session: Session, answer: Callable) -> Verdict:
    """Run `answer` as `change`'s exercise on `session` (as of the day after the change when
    the session can serve past dates) and say what it met."""
    if not callable(answer):
        raise TypeError(f"check needs the function you wrote, not {type(answer).__name__}")
    spec = exercise(change)
    session = emulated(session).as_of(day_after(spec.change))
    attempt = Attempt(session, spec.prepare(session))
    before = Counter(session.calls)
    try:
        attempt.result = spec.run(answer, session, attempt.fixture)
    except Exception as error:  # the attendee's code: say what it raised, in one line
        attempt.calls = Counter(session.calls) - before
        return Verdict(spec.change, (), spec.expectations[0], f"your function raised {_one_line(error)}")
    attempt.calls = Counter(session.calls) - before
    met: list[str] = []
    for expectation in spec.expectations:
        reason = expectation.missing(attempt)
        if reason:
            return Verdict(spec.change, tuple(met), expectation, reason)
        met.append(expectation.what)
    return Verdict(spec.change, tuple(met))


def check(change: str, session: Session, answer: Callable, *, solution: bool = False) -> None:
    """Check the attendee's `answer` to `change`'s exercise; print what works and what does
    not yet, and tell a workshop room's emulator how it went (`cookbook.progress`). `solution`
    marks the notebook's folded solution: labelled, and neither reported nor counted as the
    attendee's attempt."""
    verdict = judge(change, session, answer)
    if not solution:
        progress.report(session, verdict.change, verdict.passed)
    if not verdict.passed and not solution:
        _failures[verdict.change] += 1
    hint = _failures[verdict.change] >= 2 and not solution
    lines = verdict.lines(hint)
    print(("Solution: " if solution else "") + lines[0], *lines[1:], sep="\n")


def _one_line(error: Exception) -> str:
    """`error` as `Type: message (line N)`, N the line of the attendee's code it came from."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if not f.filename.startswith(HERE)]
    where = f" (line {frames[0].lineno})" if frames else ""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}{': ' + text[0] if text else ''}{where}"
