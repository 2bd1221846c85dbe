"""Named steps for a flow script run inside a side venv (no project import: stdlib only).

A flow first prints its plan (every step's name), then one line per step, each prefixed
with ``FIDELITY-STEP `` and holding JSON ``{"step", "ok", "error"}``. A step that takes
longer than ``STEP_TIMEOUT`` seconds fails with TimeoutError, so a client that pages for
ever is a failure, not a hang.
"""

from __future__ import annotations

import json
import os
import signal
import struct
import sys
import traceback
import zlib
from collections.abc import Callable, Iterable
from typing import Any

PREFIX = "FIDELITY-STEP "
STEP_TIMEOUT = int(os.environ.get("FIDELITY_STEP_TIMEOUT", "30"))
LIST_LIMIT = 500  # more items than a flow ever made: the lister is paging for ever

DOG_URL = "https://samples.clarifai.com/dog2.jpeg"
METRO_URL = "https://samples.clarifai.com/metro-north.jpg"
TRUCK_URL = "https://s3.amazonaws.com/samples.clarifai.com/red-truck.png"


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
    """One line: the exception, without the 2.x client's request/response dump (`` >> ``)."""
    text = str(exc)
    if text.startswith(("b'", 'b"')):  # the 2.x ApiError's message is a bytes repr
        text = text[2:-1].replace("\\n", "\n").replace("\\'", "'")
    text = text.split("\n >> ")[0]
    return f"{type(exc).__name__}: {text}".replace("\n", " ")


def step(name: str, action: Callable[[], object]) -> bool:
    """Run one step; print its line; return whether it passed."""
    signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(STEP_TIMEOUT)
    try:
        action()
    except BaseException as exc:  # noqa: BLE001 - a flow reports every failure and goes on
        signal.alarm(0)
        if isinstance(exc, KeyboardInterrupt):
            raise
        error = _describe(exc)[:700] + _where(exc)
        emit({"step": name, "ok": False, "error": error})
        return False
    signal.alarm(0)
    emit({"step": name, "ok": True, "error": ""})
    return True


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
