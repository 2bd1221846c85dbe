"""The emulator as a subprocess of the harness: started on free 127.0.0.1 ports, stopped after.

Only the first line of ``serve``'s output is read (JSON: addresses and seeded credentials);
the rest (which repeats the credentials as ``export`` lines) is drained and dropped, so no
secret reaches a log.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cookbook.fidelity.paths import ROOT


@dataclass(frozen=True)
class Emulator:
    grpc: str  # host:port, plain gRPC
    grpc_tls: str  # host:port, TLS gRPC
    rest: str  # http://host:port
    cert: str  # the TLS door's certificate (PEM file)
    user_id: str
    app_id: str
    pat: str
    api_key: str

    def secrets(self) -> tuple[str, str]:
        return (self.pat, self.api_key)


class StartError(RuntimeError):
    """``serve`` exited before printing its addresses (e.g. the emulator does not import)."""


def _drain(stream) -> None:
    for _ in stream:
        pass


@contextmanager
def running(as_of: str | None = None, log: Path | None = None) -> Iterator[Emulator]:
    """Run ``python -m emulator serve`` from this worktree; yield its addresses and keys."""
    cmd = [sys.executable, "-m", "emulator", "serve", "--host", "127.0.0.1"]
    if as_of:
        cmd += ["--as-of", as_of]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    if log:
        log.parent.mkdir(parents=True, exist_ok=True)
    err = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=err, text=True, bufsize=1)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        if not first:
            rc = proc.wait()
            tail = log.read_text().strip().splitlines()[-1:] if log else []
            raise StartError(
                f"emulator exited before printing its addresses (rc={rc}): {''.join(tail)[:300]}"
            )
        info = json.loads(first)
        threading.Thread(target=_drain, args=(proc.stdout,), daemon=True).start()
        yield Emulator(
            grpc=info["grpc"],
            grpc_tls=info["grpc_tls"],
            rest=info["rest"],
            cert=info["cert"],
            user_id=info["user_id"],
            app_id=info["app_id"],
            pat=info["pat"],
            api_key=info["api_key"],
        )
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            err.close()


def redact(text: str, secrets: tuple[str, ...]) -> str:
    """``text`` with every secret replaced by a placeholder."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "<redacted>")
    return text
