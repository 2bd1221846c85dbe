"""Run a flow script (``flows/*.py``) inside a side venv and turn its step lines into checks."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

from cookbook import catalog
from cookbook.fidelity import venvs
from cookbook.fidelity.emulator_proc import Emulator, redact
from cookbook.fidelity.paths import FLOWS, OUT
from cookbook.fidelity.results import Check, ClientRun

PREFIX = "FIDELITY-STEP "
FLOW_TIMEOUT_S = 900


def base_env() -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("CLARIFAI_", "PYTHON"))}
    keep.update(NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    return keep


def sdk_env(emu: Emulator) -> dict[str, str]:
    """Today's SDK: plain gRPC via CLARIFAI_API_BASE=http://host:port, with a PAT."""
    return (
        base_env()
        | dates_env(dt.date.today())
        | {
            "CLARIFAI_API_BASE": "http://" + emu.grpc,
            "CLARIFAI_PAT": emu.pat,
            "CLARIFAI_USER_ID": emu.user_id,
            "CLARIFAI_APP_ID": emu.app_id,
        }
    )


def dates_env(as_of: dt.date) -> dict[str, str]:
    """What a flow needs to know which outcome each step should have (see steplib.Documented):
    the date the emulator serves as of, and every catalog change's date, from the catalog."""
    dates = {change.code: change.date.isoformat() for change in catalog.load()}
    return {"FIDELITY_AS_OF": as_of.isoformat(), "FIDELITY_CHANGE_DATES": json.dumps(dates)}


def legacy_env(emu: Emulator, as_of: dt.date) -> dict[str, str]:
    """The 2.x client: REST with the app's API key; protobuf 3 in pure Python."""
    return (
        base_env()
        | dates_env(as_of)
        | {
            "CLARIFAI_API_BASE": emu.rest,
            "CLARIFAI_API_KEY": emu.api_key,
            "PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION": "python",
        }
    )


def parse(output: str, secrets: tuple[str, ...], group: str) -> tuple[list[Check], list[str]]:
    """(checks from step lines, the plan); planned steps never reported are failed."""
    planned: list[str] = []
    checks: list[Check] = []
    for line in output.splitlines():
        if not line.startswith(PREFIX):
            continue
        record = json.loads(line[len(PREFIX) :])
        if "plan" in record:
            planned = list(record["plan"])
            continue
        outcome = "skipped" if record.get("skipped") else "passed" if record["ok"] else "failed"
        error, got = (redact(record.get(key, ""), secrets) for key in ("error", "got"))
        checks.append(Check(record["step"], outcome, error, group, record.get("expected", ""), got))
    return checks, planned


def run(
    client: str, venv: str, script: str, env: dict[str, str], secrets: tuple[str, ...], label: str
) -> ClientRun:
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / f"flow-{label}.log"
    cmd = [str(venvs.python(venv)), str(FLOWS / script)]
    note = ""
    try:
        done = subprocess.run(
            cmd, cwd=FLOWS, env=env, capture_output=True, text=True, timeout=FLOW_TIMEOUT_S, check=False
        )
        output, errors = done.stdout, done.stderr
        if done.returncode != 0:
            note = f"flow exited {done.returncode}"
    except subprocess.TimeoutExpired as exc:
        output = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        errors = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        note = f"flow killed after {FLOW_TIMEOUT_S} s"
    Path(log).write_text(redact(output + "\n--- stderr ---\n" + errors, secrets))
    checks, planned = parse(output, secrets, label)
    seen = {check.name for check in checks}
    for name in planned:
        if name not in seen:
            reason = "not reached: " + (note or "an earlier step stops the flow")
            checks.append(Check(name, "failed", reason, label))
    if not planned:
        note = note or "flow printed no plan"
        tail = redact(errors.strip().splitlines()[-1] if errors.strip() else "", secrets)
        checks.append(Check("flow", "failed", f"{note}: {tail}", label))
    return ClientRun(client, checks, note)
