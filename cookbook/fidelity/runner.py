"""Everything the CLI runs: build the venvs, start emulators, run the three clients."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from cookbook.fidelity import emulator_proc, flows_run, peer_suite, venvs
from cookbook.fidelity.paths import OUT
from cookbook.fidelity.results import ClientRun

CLIENTS = ("peer", "sdk", "legacy")
# Issue 12's targets, passed / runnable: the peer suite on each channel, the SDK flow, the 2.x
# flow on each date (a step passes when it meets its expected outcome, documented failures too).
TARGETS = {"peer": 0.9, "sdk": 1.0, "legacy": 1.0}
VENV_OF = {"peer": "grpc", "sdk": "sdk", "legacy": "legacy"}
# Before every change the 2.x flow touches; between CL007 (facedetect types) and CL012
# (delete_all), after CL004 (crop) and CL006 (overwrite); between CL013 (model types: the
# start-up fails) and CL017; today, after them all.
LEGACY_DATES = ("2019-06-01", "2020-06-01", "2022-06-01", "today")
KEEP = "-baseline"  # files of build/fidelity/ a run never removes (e.g. census-baseline.md)


@dataclass
class Outcome:
    runs: list[ClientRun] = field(default_factory=list)
    builds: dict[str, float] = field(default_factory=dict)  # venv -> seconds (0 when kept)
    # The emulators' keys, kept only so a test can check that no output holds them.
    secrets: list[str] = field(default_factory=list, repr=False)


def kind_of(client: str) -> str:
    """Which of CLIENTS a run's label belongs to."""
    if client.startswith("clarifai-grpc"):
        return "peer"
    return "sdk" if " SDK " in client else "legacy"


def build(clients: tuple[str, ...], force: bool = False) -> dict[str, float]:
    """Build the venvs these clients need; seconds each took (about 0 when already current)."""
    return {b.name: round(b.seconds, 1) for b in venvs.build_all(tuple(VENV_OF[c] for c in clients), force)}


def _sdk_version() -> str:
    for line in venvs.requirements("sdk").read_text().splitlines():
        if line.startswith("clarifai=="):
            return line.split("#")[0].split("==")[1].strip()
    return "?"


def run_peer(peer_timeout: int, select: str | None, secrets: list[str]) -> list[ClientRun]:
    try:
        return peer_suite.run(timeout_s=peer_timeout, select=select, secrets=secrets)
    except emulator_proc.StartError as exc:  # a run with nothing runnable: below every threshold
        return [ClientRun(f"clarifai-grpc tests/client [{ch}]", note=str(exc)) for ch in peer_suite.CHANNELS]


def run_sdk(secrets: list[str]) -> ClientRun:
    client = f"clarifai SDK {_sdk_version()} flow (plain gRPC, PAT)"
    try:
        with emulator_proc.running(log=OUT / "emulator-sdk.log") as emu:
            secrets += emu.secrets()
            return flows_run.run(client, "sdk", "sdk_flow.py", flows_run.sdk_env(emu), emu.secrets(), "sdk")
    except emulator_proc.StartError as exc:
        return ClientRun(client, note=str(exc))


def run_legacy(as_of: str, secrets: list[str]) -> ClientRun:
    date = None if as_of == "today" else as_of
    client = f"clarifai 2.6.2 flow (REST, API key) as of {as_of}"
    served = dt.date.today() if date is None else dt.date.fromisoformat(date)
    try:
        with emulator_proc.running(as_of=date, log=OUT / f"emulator-legacy-{as_of}.log") as emu:
            secrets += emu.secrets()
            env = flows_run.legacy_env(emu, served)
            return flows_run.run(client, "legacy", "legacy_flow.py", env, emu.secrets(), f"legacy-{as_of}")
    except emulator_proc.StartError as exc:
        return ClientRun(client, note=str(exc))


def clear_output() -> None:
    """Nothing stale from an earlier run in the report's folder; kept files (KEEP) stay."""
    if not OUT.exists():
        return
    for path in OUT.iterdir():
        if KEEP in path.name:
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def run_all(
    clients: tuple[str, ...] = CLIENTS,
    legacy_dates: tuple[str, ...] = LEGACY_DATES,
    peer_timeout: int = peer_suite.TIMEOUT_S,
    select: str | None = None,
) -> Outcome:
    outcome = Outcome()
    started = time.monotonic()
    clear_output()
    outcome.builds = build(clients)
    # Each run has its own emulator process and mostly waits on it: all of them at once, and
    # the runs are kept in this order (the peer's channels, the SDK, the 2.x flow by date).
    jobs: list[Callable[[], list[ClientRun]]] = []
    if "peer" in clients:
        jobs.append(lambda: run_peer(peer_timeout, select, outcome.secrets))
    if "sdk" in clients:
        jobs.append(lambda: [run_sdk(outcome.secrets)])
    if "legacy" in clients:
        jobs += [lambda date=date: [run_legacy(date, outcome.secrets)] for date in legacy_dates]
    with ThreadPoolExecutor(max(1, len(jobs))) as pool:
        for runs in pool.map(lambda job: job(), jobs):
            outcome.runs += runs
    outcome.builds["total_run_seconds"] = round(time.monotonic() - started, 1)
    return outcome
