"""`jupyter lab notebooks/` as the README says: a real server, a notebook run cell by cell.

The server runs on 127.0.0.1 with a token; the test reads a notebook through the contents
API, opens a session (a kernel started in the notebook's folder, as JupyterLab does), runs
each code cell over the kernel's websocket, and checks the verdict of the verification cell.
The kernel finds `recipes` and `emulator` through the editable install alone: PYTHONPATH is
removed from the server's environment.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import websocket

from cookbook import catalog
from cookbook.notebook import outcomes

NOTEBOOK = "2019-09-24-post-inputs-async.ipynb"  # CL002, the quickest notebook
CELL_TIMEOUT = 120  # seconds


@dataclass
class Server:
    """A running Jupyter server: its base URL and token."""

    url: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"}

    def api(self, method: str, path: str, **kwargs: object) -> requests.Response:
        answer = requests.request(method, f"{self.url}{path}", headers=self.headers, timeout=30, **kwargs)
        answer.raise_for_status()
        return answer


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def jupyter_lab(tmp_path) -> Iterator[Server]:
    """`jupyter lab notebooks/` from the repository root, without a browser, on a free port."""
    port, token = _free_port(), secrets.token_hex(16)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env |= {"JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "GRPC_VERBOSITY": "ERROR"}
    command = [
        str(Path(sys.executable).with_name("jupyter")),
        "lab",
        "notebooks/",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
    ]
    if os.geteuid() == 0:  # CI runs as root, which jupyter refuses without this
        command.append("--allow-root")
    log = (tmp_path / "jupyter.log").open("w")
    process = subprocess.Popen(command, cwd=catalog.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", token)
    try:
        _wait_until_up(server, process, tmp_path / "jupyter.log")
        yield server
        requests.post(f"{server.url}/api/shutdown", headers=server.headers, timeout=10)
        process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)
        log.close()


def _wait_until_up(server: Server, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, f"jupyter lab exited:\n{log_path.read_text()}"
        try:
            if requests.get(f"{server.url}/api/status", headers=server.headers, timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"jupyter lab did not answer in 60 s:\n{log_path.read_text()}")


class KernelChannel:
    """The kernel's websocket (Jupyter messaging protocol, JSON): run code, collect outputs."""

    def __init__(self, server: Server, kernel_id: str, session_id: str) -> None:
        url = (
            f"{server.url.replace('http', 'ws', 1)}/api/kernels/{kernel_id}/channels?session_id={session_id}"
        )
        self.socket = websocket.create_connection(
            url, header=[f"Authorization: token {server.token}"], timeout=CELL_TIMEOUT
        )
        self.session_id = session_id

    def run(self, code: str) -> list[dict]:
        """Execute `code`; return its outputs (stream, display_data, execute_result, error)."""
        msg_id = uuid.uuid4().hex
        header = {
            "msg_id": msg_id,
            "msg_type": "execute_request",
            "session": self.session_id,
            "username": "test",
            "version": "5.3",
            "date": "",
        }
        content = {"code": code, "silent": False, "store_history": True, "allow_stdin": False}
        request = {"header": header, "parent_header": {}, "metadata": {}, "content": content, "buffers": []}
        self.socket.send(json.dumps(request | {"channel": "shell"}))
        outputs, idle, replied = [], False, False
        while not (idle and replied):
            message = json.loads(self.socket.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = message["header"]["msg_type"]
            if message["channel"] == "shell" and kind == "execute_reply":
                replied = True
            elif kind == "status":
                idle = message["content"]["execution_state"] == "idle"
            elif kind in {"stream", "display_data", "execute_result", "error"}:
                outputs.append(message["content"] | {"output_type": kind})
        return outputs

    def close(self) -> None:
        self.socket.close()


def _text(output: dict) -> str:
    if output["output_type"] == "stream":
        return output["text"]
    if output["output_type"] == "error":
        return "\n".join(output["traceback"])
    return output.get("data", {}).get("text/plain", "")


def test_the_readme_s_jupyter_lab_runs_a_notebook_cell_by_cell(jupyter_lab):
    assert jupyter_lab.api("GET", "/lab").ok  # JupyterLab itself is served, not only the API
    notebook = jupyter_lab.api("GET", f"/api/contents/{NOTEBOOK}", params={"content": 1}).json()
    assert notebook["type"] == "notebook"
    cells = [cell for cell in notebook["content"]["cells"] if cell["cell_type"] == "code"]
    session = jupyter_lab.api(
        "POST",
        "/api/sessions",
        json={"path": NOTEBOOK, "name": NOTEBOOK, "type": "notebook", "kernel": {"name": "python3"}},
    ).json()
    channel = KernelChannel(jupyter_lab, session["kernel"]["id"], session["id"])
    try:
        printed = []
        for cell in cells:
            outputs = channel.run(cell["source"])
            errors = [_text(o) for o in outputs if o["output_type"] == "error"]
            assert not errors, f"cell failed:\n{cell['source']}\n{errors[0]}"
            printed.extend(line for output in outputs for line in _text(output).splitlines())
    finally:
        channel.close()
        jupyter_lab.api("DELETE", f"/api/sessions/{session['id']}")
    assert "Connected to the emulator API." in printed
    verdicts = [line for line in printed if line.startswith("CL002 verified:")]
    stored = outcomes(json.loads((catalog.ROOT / "notebooks" / NOTEBOOK).read_text()))
    assert verdicts == [stored["verified"]["summary"]]  # the golden record's own verdict
