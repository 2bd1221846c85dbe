"""`python -m emulator serve`: one JSON line with what a client needs, then serves."""

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc

from tests.helpers import image


def test_serve_prints_one_json_line_and_answers():
    process = subprocess.Popen(
        [sys.executable, "-m", "emulator", "serve", "--as-of", "2021-02-11"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        info = json.loads(process.stdout.readline())
        assert info["as_of"] == "2021-02-11"
        assert {"grpc", "rest", "user_id", "app_id", "pat", "api_key"} <= set(info)
        host, port = info["grpc"].rsplit(":", 1)
        stub = service_pb2_grpc.V2Stub(ClarifaiChannel.get_insecure_grpc_channel(base=host, port=int(port)))
        scope = resources_pb2.UserAppIDSet(user_id=info["user_id"], app_id=info["app_id"])
        request = service_pb2.GetInputCountRequest(user_app_id=scope)
        response = stub.GetInputCount(request, metadata=(("authorization", "Key " + info["pat"]),))
        assert response.status.code == 10000
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0


def test_a_bad_date_is_a_usage_error():
    done = subprocess.run(
        [sys.executable, "-m", "emulator", "serve", "--as-of", "soon"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "not a date YYYY-MM-DD: 'soon'" in done.stderr


def _serve(*args: str) -> tuple[subprocess.Popen, dict, list[str]]:
    """Start `serve`; return the process, its JSON line and the lines that follow it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "emulator", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    info = json.loads(process.stdout.readline())
    following = [process.stdout.readline().rstrip("\n") for _ in range(9)]
    return process, info, following


def _stop(process: subprocess.Popen) -> str:
    process.terminate()
    assert process.wait(timeout=60) == 0  # closing a state file may wait on a busy disk
    return process.stderr.read()


def test_serve_prints_the_tls_door_and_the_export_lines_after_the_json_line():
    process, info, following = _serve()
    try:
        cert = Path(info["cert"])
        assert cert.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
        assert following == [
            "# point unmodified client code at this emulator:",
            f"export CLARIFAI_GRPC_BASE={info['grpc_tls']}",
            f"export GRPC_DEFAULT_SSL_ROOTS_FILE_PATH={cert}",
            f"export CLARIFAI_API_BASE={info['rest']}",
            f"export CLARIFAI_EMULATOR_GRPC={info['grpc']}",
            f"export CLARIFAI_PAT={info['pat']}",
            f"export CLARIFAI_API_KEY={info['api_key']}",
            f"export CLARIFAI_USER_ID={info['user_id']}",
            f"export CLARIFAI_APP_ID={info['app_id']}",
        ]
    finally:
        _stop(process)
    assert not cert.exists()  # the temporary certificate goes with the server


def test_serve_help_lists_every_option():
    done = subprocess.run(
        [sys.executable, "-m", "emulator", "serve", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0
    for option in ("--host", "--port", "--tls-port", "--rest-port", "--cert-dir", "--no-tls", "--as-of",
                   "--downtime", "--db", "--db-sync"):  # fmt: skip
        assert option in done.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--port", "http"], "argument --port: not a port 0-65535: 'http'"),
        (["--rest-port", "70000"], "argument --rest-port: not a port 0-65535: '70000'"),
        (["--downtime", "5,2"], "not ticks START,END with 0 <= START < END: '5,2'"),
        (["--db-sync", "sometimes"], "argument --db-sync: invalid choice: 'sometimes'"),
        (["--colour"], "unrecognized arguments: --colour"),
    ],
)
def test_bad_arguments_are_one_line_errors(args, says):
    done = subprocess.run([sys.executable, "-m", "emulator", "serve", *args], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and says in done.stderr


@pytest.mark.parametrize("option", ["--port", "--tls-port", "--rest-port"])
def test_a_port_in_use_is_a_one_line_error(option):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "emulator", "serve", option, str(port)], capture_output=True, text=True
        )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and f"cannot listen on 127.0.0.1:{port}" in done.stderr


def test_serve_with_a_db_comes_back_with_the_same_credentials_and_data(tmp_path):
    db = str(tmp_path / "state.db")
    process, info, _ = _serve("--db", db)
    try:
        host, port = info["grpc"].rsplit(":", 1)
        stub = service_pb2_grpc.V2Stub(ClarifaiChannel.get_insecure_grpc_channel(base=host, port=int(port)))
        scope = resources_pb2.UserAppIDSet(user_id=info["user_id"], app_id=info["app_id"])
        request = service_pb2.PostInputsRequest(user_app_id=scope, inputs=[image(input_id="kept")])
        assert (
            stub.PostInputs(request, metadata=(("authorization", "Key " + info["pat"]),)).status.code == 10000
        )
    finally:
        _stop(process)
    process, again, _ = _serve("--db", db, "--as-of", "2021-02-11")
    try:
        assert {k: again[k] for k in ("pat", "api_key", "user_id", "app_id")} == {
            k: info[k] for k in ("pat", "api_key", "user_id", "app_id")
        }
        assert (again["db"], again["replayed"]) == (db, 1)
        host, port = again["grpc"].rsplit(":", 1)
        stub = service_pb2_grpc.V2Stub(ClarifaiChannel.get_insecure_grpc_channel(base=host, port=int(port)))
        request = service_pb2.GetInputRequest(user_app_id=scope, input_id="kept")
        assert stub.GetInput(request, metadata=(("authorization", "Key " + info["pat"]),)).input.id == "kept"
    finally:
        notes = _stop(process)
    assert f"emulator: note: {db} was last served with --as-of today" in notes


def test_a_file_that_is_not_a_state_file_is_a_one_line_error(tmp_path):
    db = tmp_path / "notes.txt"
    db.write_text("my notes, not a database")
    done = subprocess.run(
        [sys.executable, "-m", "emulator", "serve", "--db", str(db)], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stderr == f"emulator: state file {db} is not an emulator state file (not a SQLite database)\n"
    assert db.read_text() == "my notes, not a database"
