"""Side virtualenvs for the real clients, built idempotently from pinned requirement files.

A venv is rebuilt only when its stamp (the sha256 of its requirement file and the Python
that built it) differs from the file's current one.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cookbook.fidelity.paths import PACKAGE, VENVS

NAMES = ("grpc", "sdk", "legacy")
STAMP = "fidelity-stamp.json"


class BuildError(RuntimeError):
    """A venv could not be built; ``offline`` tells whether the registry was unreachable."""

    def __init__(self, message: str, offline: bool) -> None:
        super().__init__(message)
        self.offline = offline


@dataclass
class Built:
    name: str
    path: Path
    seconds: float
    rebuilt: bool


def requirements(name: str) -> Path:
    return PACKAGE / f"requirements-{name}.txt"


def venv_dir(name: str) -> Path:
    return VENVS / name


def python(name: str) -> Path:
    return venv_dir(name) / "bin" / "python"


def _wanted_stamp(name: str) -> dict[str, str]:
    digest = hashlib.sha256(requirements(name).read_bytes()).hexdigest()
    return {"requirements": digest, "python": sys.version.split()[0]}


def is_current(name: str) -> bool:
    stamp = venv_dir(name) / STAMP
    if not stamp.exists() or not python(name).exists():
        return False
    try:
        return json.loads(stamp.read_text()) == _wanted_stamp(name)
    except ValueError:
        return False


_OFFLINE_HINTS = (
    "Temporary failure in name resolution",
    "Failed to establish a new connection",
    "Network is unreachable",
    "Connection refused",
    "NewConnectionError",
    "ConnectTimeoutError",
)


@contextmanager
def _locked(name: str) -> Iterator[None]:
    """One build of ``name`` at a time across processes (pytest-xdist workers, parallel CLI
    runs): a second builder waits, then finds the venv current."""
    VENVS.mkdir(parents=True, exist_ok=True)
    with open(VENVS / f".{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def build(name: str, force: bool = False) -> Built:
    """Build (or keep) the venv ``name``; raise BuildError with pip's last lines on failure."""
    with _locked(name):
        return _build(name, force)


def _build(name: str, force: bool) -> Built:
    start = time.monotonic()
    if not force and is_current(name):
        return Built(name, venv_dir(name), time.monotonic() - start, rebuilt=False)
    target = venv_dir(name)
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(target)], check=True)
    pip = [str(python(name)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    done = subprocess.run([*pip, "-r", str(requirements(name))], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        offline = any(hint in tail for hint in _OFFLINE_HINTS)
        shutil.rmtree(target, ignore_errors=True)
        raise BuildError(f"venv {name}: pip install failed:\n{tail}", offline=offline)
    (target / STAMP).write_text(json.dumps(_wanted_stamp(name)))
    return Built(name, target, time.monotonic() - start, rebuilt=True)


def build_all(names: tuple[str, ...] = NAMES, force: bool = False) -> list[Built]:
    return [build(name, force=force) for name in names]
