"""Secrets never leak: not into notebooks, executed copies, reports, logs or error messages.

The secrets looked for are the real ones, not a pattern: the emulator's seeded PAT and app key
(deterministic: `Emulator().account`) and a canary put in `CLARIFAI_PAT` for the test. The
runner refuses a secret passed as a notebook parameter (papermill writes parameters into the
executed notebook). The `--db` state file does hold tokens, as any database of keys does: it
is created readable by its owner only, and nothing else written by the emulator holds one.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from cookbook import catalog
from cookbook.__main__ import main
from cookbook.run import ParameterError, check_parameters
from emulator import Emulator
from recipes.connect import connect
from recipes.errors import ClarifaiStatusError
from tests.reliability.world import key

ROOT = catalog.ROOT
CANARY = "c0ffee" * 5 + "c0"  # 32 hex digits: what a PAT looks like
SEEDED = Emulator(tls=False).account  # deterministic: every emulator seeds these same tokens
SECRETS = {"seeded PAT": SEEDED.pat, "seeded app key": SEEDED.api_key, "CLARIFAI_PAT canary": CANARY}
TEXT_FILES = {".ipynb", ".csv", ".html", ".json", ".txt", ".log", ".md", ".py"}
QUICK = "CL002"  # a short notebook for the fresh runs


def leaks(text: str) -> list[str]:
    """Which secrets `text` holds."""
    return [name for name, secret in SECRETS.items() if secret in text]


def files_leaking(folder: Path) -> dict[str, list[str]]:
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in TEXT_FILES:
            names = leaks(path.read_text(errors="replace"))
            if names:
                found[str(path.relative_to(folder))] = names
    return found


def parameter_problems(notebook: dict) -> list[str]:
    """Papermill's recorded parameters that look like secrets (TARGET aside)."""
    parameters = notebook.get("metadata", {}).get("papermill", {}).get("parameters", {})
    problems = []
    for name, value in parameters.items():
        if name == "TARGET":
            continue
        try:
            check_parameters([(name, str(value))])
        except ParameterError as error:
            problems.append(str(error))
    return problems


def test_the_seeded_credentials_are_the_same_in_every_emulator():
    assert Emulator(tls=False).account == SEEDED
    assert len(SEEDED.pat) == len(SEEDED.api_key) == 32


# build/ is scanned on the worker that runs the real clients, after them (they write and remove
# folders of build/ while they run; see tests/fidelity/test_real_clients.py).
@pytest.mark.parametrize(
    "folder", ["notebooks", pytest.param("build", marks=pytest.mark.xdist_group("build"))]
)
def test_no_stored_notebook_executed_copy_or_report_holds_a_secret(folder):
    root = ROOT / folder
    if not root.exists():
        pytest.skip(f"{folder}/ has not been made")
    assert files_leaking(root) == {}
    for path in root.rglob("*.ipynb"):
        assert parameter_problems(json.loads(path.read_text())) == [], path


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cookbook", "run", *args],
        cwd=cwd,
        env={**os.environ, "GRPC_VERBOSITY": "ERROR", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_fresh_run_with_clarifai_pat_set_leaks_it_nowhere(tmp_path):
    done = _run(["--only", QUICK, "--output", str(tmp_path)], {"CLARIFAI_PAT": CANARY}, ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert leaks(done.stdout + done.stderr) == []
    assert files_leaking(tmp_path) == {}
    executed = json.loads(next((tmp_path / "notebooks").glob("*.ipynb")).read_text())
    assert executed["metadata"]["papermill"]["parameters"] == {"TARGET": "emulator"}


def test_a_live_run_refused_by_the_api_names_no_secret(tmp_path):
    """Live, with an unknown PAT (the canary), against a local emulator's TLS door."""
    with Emulator() as emulator:
        env = {
            "CLARIFAI_PAT": CANARY,
            "CLARIFAI_GRPC_BASE": emulator.tls_address,
            "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH": str(emulator.certificate.path),
        }
        done = _run(["--only", QUICK, "--target", "live", "--output", str(tmp_path)], env, ROOT)
    assert done.returncode == 1
    assert "CONN_KEY_INVALID" in done.stderr  # the failure is told, by its status
    assert leaks(done.stdout + done.stderr) == []
    assert files_leaking(tmp_path) == {}


def test_connect_and_status_errors_never_carry_the_pat(monkeypatch, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    with Emulator() as emulator:
        monkeypatch.setenv("CLARIFAI_PAT", CANARY)
        monkeypatch.setenv("CLARIFAI_GRPC_BASE", emulator.tls_address)
        monkeypatch.setenv("GRPC_DEFAULT_SSL_ROOTS_FILE_PATH", str(emulator.certificate.path))
        monkeypatch.delenv("CLARIFAI_APP_ID", raising=False)
        with pytest.raises(ClarifaiStatusError) as refused:
            connect("live")
        assert refused.value.name == "CONN_KEY_INVALID"
        texts = [str(refused.value), repr(refused.value), refused.value.details]
        monkeypatch.setenv("CLARIFAI_APP_ID", emulator.account.app_id)
        session = connect("live")
        with pytest.raises(ClarifaiStatusError) as listed:
            from recipes.inputs import list_input_ids

            list_input_ids(session)
        texts += [str(listed.value), repr(listed.value)]
        journal = repr(list(emulator.journal))
    assert leaks("\n".join(texts) + journal + caplog.text) == []
    assert leaks("".join(capfd.readouterr())) == []


def test_the_emulator_logs_no_token_even_when_a_bug_is_logged(caplog, capfd, monkeypatch):
    caplog.set_level(logging.DEBUG)
    from emulator import handlers

    def broken(call):
        raise RuntimeError("a bug")

    with Emulator(tls=False) as emulator:
        monkeypatch.setitem(handlers.HANDLERS, "GetInputCount", broken)
        stub = emulator_stub(emulator)
        scope = resources_pb2.UserAppIDSet(user_id="cookbook", app_id="migrations")
        for token in (CANARY, SEEDED.pat, SEEDED.api_key, f"{CANARY} {CANARY}", CANARY * 3):
            for rpc, request in [
                ("GetInputCount", service_pb2.GetInputCountRequest(user_app_id=scope)),
                ("ListInputs", service_pb2.ListInputsRequest(user_app_id=scope)),
            ]:
                getattr(stub, rpc)(request, metadata=key(token))
            headers = {"Authorization": f"Key {token}"}
            requests.get(f"{emulator.rest_url}/v2/inputs/status", headers=headers, timeout=10)
            requests.post(f"{emulator.rest_url}/v2/inputs", data="{", headers=headers, timeout=10)
        journal = repr(list(emulator.journal))
    assert "emulator bug serving GetInputCount" in caplog.text  # the bug was logged
    assert leaks(caplog.text + journal) == []
    assert leaks("".join(capfd.readouterr())) == []


def emulator_stub(emulator: Emulator):
    from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
    from clarifai_grpc.grpc.api import service_pb2_grpc

    channel = ClarifaiChannel.get_insecure_grpc_channel(base=emulator.host, port=emulator.grpc_port)
    return service_pb2_grpc.V2Stub(channel)


def test_the_state_file_holds_tokens_so_only_its_owner_may_read_it(tmp_path):
    path = tmp_path / "state.db"
    with Emulator(tls=False, db=path) as emulator:
        stub = emulator_stub(emulator)
        stub.ListInputs(service_pb2.ListInputsRequest(), metadata=key(emulator.account.api_key))
    assert SEEDED.api_key.encode() in b"".join(p.read_bytes() for p in tmp_path.iterdir())  # state, as said
    for made in tmp_path.iterdir():
        assert stat.S_IMODE(made.stat().st_mode) & 0o077 == 0, f"{made.name} is readable by others"


@pytest.mark.parametrize(
    "args",
    [
        ["-p", "CLARIFAI_PAT", CANARY],
        ["-p", "api_key", "anything"],
        ["--parameter", "clarifaiToken=x"],
        ["--parameter", f"INPUTS={CANARY}"],
        ["-p", "NOTE", f"Key {CANARY}"],
    ],
)
def test_the_runner_refuses_a_secret_parameter_naming_it_without_its_value(args, capsys):
    assert main(["run", *args, "--only", QUICK]) == 2
    err = capsys.readouterr().err
    name = args[1].partition("=")[0]
    assert err.count("\n") == 1 and f"parameter {name} looks like a secret" in err
    assert CANARY not in err and "anything" not in err


def test_ordinary_parameters_pass_with_papermills_types():
    checked = check_parameters(
        [("INPUTS", "50"), ("IMAGE_PATH", "a/b.jpg"), ("RATIO", "0.5"), ("FAST", "true")]
    )
    assert checked == {"INPUTS": 50, "IMAGE_PATH": "a/b.jpg", "RATIO": 0.5, "FAST": True}
