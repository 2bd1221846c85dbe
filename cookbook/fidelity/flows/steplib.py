"""Named steps for a flow script run inside a side venv (no project import: stdlib only).

A flow first prints its plan (every step's name), then one line per step, each prefixed
with ``FIDELITY-STEP `` and holding JSON ``{"step", "ok", "error", "expected", "got"}``. A
step that takes longer than ``STEP_TIMEOUT`` seconds fails with TimeoutError, so a client
that pages for ever is a failure, not a hang.

A step may declare the documented failures it meets from a catalog change's date on
(``Documented``). The harness passes the date the emulator serves as of (``FIDELITY_AS_OF``)
and the catalog's change dates (``FIDELITY_CHANGE_DATES``, JSON code -> date, read from
``cookbook.catalog`` so that no date is written twice); the step passes when its outcome is
the expected one: success before every declared date, the latest due failure after.
"""

from __future__ import annotations

import json
import os
import signal
import struct
import sys
import traceback
import urllib.parse
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

PREFIX = "FIDELITY-STEP "
STEP_TIMEOUT = int(os.environ.get("FIDELITY_STEP_TIMEOUT", "30"))
LIST_LIMIT = 500  # more items than a flow ever made: the lister is paging for ever

DOG_URL = "https://samples.clarifai.com/dog2.jpeg"
METRO_URL = "https://samples.clarifai.com/metro-north.jpg"
TRUCK_URL = "https://s3.amazonaws.com/samples.clarifai.com/red-truck.png"

AS_OF = os.environ.get("FIDELITY_AS_OF", "")  # YYYY-MM-DD; empty: no change is due
CHANGE_DATES: dict[str, str] = json.loads(os.environ.get("FIDELITY_CHANGE_DATES", "{}"))


@dataclass(frozen=True)
class Documented:
    """The documented outcome a step has from the date of catalog change ``code`` on: the
    API's ``status``, else the client's own error (``raises``, e.g. a KeyError on a field the
    change took away), else (neither given) the step's check failing on what the call gave;
    or, with ``works``, success again (a later change took away what an earlier one broke)."""

    code: str  # the catalog's code, e.g. "CL004"
    what: str  # the outcome in a few words, for the report
    status: int | None = None
    raises: str = ""  # how the client's error begins, e.g. "KeyError: 'model_version'"
    works: bool = False

    def due(self) -> bool:
        if self.code not in CHANGE_DATES:
            raise SystemExit(f"flow names {self.code}, which is not in FIDELITY_CHANGE_DATES")
        return bool(AS_OF) and CHANGE_DATES[self.code] <= AS_OF

    def describe(self) -> str:
        if self.works:
            shown = "success again"
        elif self.status is not None:
            shown = f"status {self.status}"
        else:
            shown = f"the client raises {self.raises}" if self.raises else "its check fails"
        return f"{self.code} (from {CHANGE_DATES[self.code]}): {shown}, {self.what}"

    def met_by(self, exc: BaseException) -> bool:
        if self.works:
            return False
        if self.status is not None:
            return status_of(exc) == self.status
        if self.raises:
            return _describe(exc).startswith(self.raises)
        return isinstance(exc, AssertionError)


def expected(changes: Iterable[Documented]) -> Documented | None:
    """The failure expected as of the run's date: of the declared ones that are due, the first
    (a step declares them in the order its calls meet them); None when success is expected."""
    return next((change for change in changes if change.due()), None)


def emit(record: dict[str, Any]) -> None:
    sys.stdout.write(PREFIX + json.dumps(record) + "\n")
    sys.stdout.flush()


def plan(names: Iterable[str]) -> None:
    emit({"plan": list(names)})


def _timeout(signum: int, frame: object) -> None:
    raise TimeoutError(f"step took more than {STEP_TIMEOUT} s")


def _where(exc: BaseException) -> str:
    """The innermost frame of the traceback that is in the client library, as file:line."""
    frames = traceback.extract_tb(exc.__traceback__)
    for frame in reversed(frames):
        if "site-packages" in frame.filename:
            short = frame.filename.split("site-packages/")[-1]
            return f" (at {short}:{frame.lineno} in {frame.name})"
    return ""


def _describe(exc: BaseException) -> str:
    """One line: the exception; for the 2.x ApiError, the call and the API's status (its
    message's request/response dump, host and timestamp left out)."""
    if isinstance(getattr(exc, "error_code", None), int) and hasattr(exc, "resource"):
        path = urllib.parse.urlsplit(str(exc.resource)).path
        details = f": {exc.error_details}" if exc.error_details else ""
        return f"{type(exc).__name__}: {exc.method} {path} -> {exc.error_code} {exc.error_desc}{details}"
    text = str(exc)
    if text.startswith(("b'", 'b"')):  # the 2.x ApiError's message is a bytes repr
        text = text[2:-1].replace("\\n", "\n").replace("\\'", "'")
    text = text.split("\n >> ")[0]
    return f"{type(exc).__name__}: {text}".replace("\n", " ")


def status_of(exc: BaseException) -> int | None:
    """The API status code a client's error carries (the 2.x ApiError's ``error_code``)."""
    code = getattr(exc, "error_code", None)
    return code if isinstance(code, int) else None


def step(name: str, action: Callable[[], object], changes: Iterable[Documented] = ()) -> bool:
    """Run one step; print its line; return whether its outcome is the expected one."""
    due = expected(changes)
    record = {"step": name, "expected": due.describe() if due else "success"}
    failure = None if due is None or due.works else due
    signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(STEP_TIMEOUT)
    try:
        action()
    except BaseException as exc:  # noqa: BLE001 - a flow reports every failure and goes on
        signal.alarm(0)
        if isinstance(exc, KeyboardInterrupt):
            raise
        got = _describe(exc)[:700] + _where(exc)
        ok = failure is not None and failure.met_by(exc)
        emit(record | {"ok": ok, "got": got, "error": "" if ok else got})
        return ok
    signal.alarm(0)
    error = f"expected {record['expected']}, but the step succeeded" if failure else ""
    emit(record | {"ok": failure is None, "got": "success", "error": error})
    return failure is None


def skip(names: Iterable[str], reason: str) -> None:
    """Print the steps that cannot run at all (an earlier step met a documented failure that
    leaves nothing to call): counted apart, neither passed nor failed."""
    for name in names:
        emit({"step": name, "skipped": True, "ok": False, "expected": "", "got": "", "error": reason})


def take(items: Iterable[Any], limit: int = LIST_LIMIT) -> list[Any]:
    """All of a lister's items; fail if it yields more than ``limit`` (paging ignored)."""
    out = []
    for item in items:
        out.append(item)
        if len(out) > limit:
            raise AssertionError(f"lister yielded more than {limit} items: is `page` ignored?")
    return out


def check(condition: object, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def png_bytes(size: int = 16, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A small valid PNG (one colour), made without Pillow."""
    row = b"\x00" + bytes(rgb) * size
    raw = zlib.compress(row * size)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise SystemExit(f"flow needs ${name}")
    return value
