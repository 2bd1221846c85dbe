"""A workshop room end to end: `python -m emulator serve --workshop 3 --db FILE` in its own
process, an attendee's notebook run through `python -m cookbook run --target emulator-remote`
with only the two variables the server prints, and restarts of the room on the same file."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc

from cookbook import catalog
from cookbook.notebook import outcomes
from emulator import Account
from emulator.workshop import read_accounts
from tests.helpers import image

PRINTED_LINES = 5  # after the JSON line, on the loopback address (no address placeholder note)
ATTENDEE_VARIABLES = (
    "CLARIFAI_PAT",
    "CLARIFAI_USER_ID",
    "CLARIFAI_APP_ID",
    "CLARIFAI_API_KEY",
    "CLARIFAI_EMULATOR",
)


class Room:
    """One run of `serve --workshop`: its process, JSON line and the lines after it."""

    def __init__(self, db: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "emulator", "serve", "--db", str(db), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.info = json.loads(self.process.stdout.readline())
        self.lines = [self.process.stdout.readline().rstrip("\n") for _ in range(PRINTED_LINES)]

    @property
    def accounts(self) -> list[Account]:
        return read_accounts(Path(self.info["accounts"]))

    def stub(self) -> service_pb2_grpc.V2Stub:
        host, port = self.info["grpc"].rsplit(":", 1)
        return service_pb2_grpc.V2Stub(ClarifaiChannel.get_insecure_grpc_channel(base=host, port=int(port)))

    def stop(self) -> str:
        """Stop it as Ctrl-C would; return what it wrote to stderr."""
        self.process.send_signal(signal.SIGINT)
        assert self.process.wait(timeout=60) == 0
        return self.process.stderr.read()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "room.db"


@pytest.fixture
def room(db: Path) -> Iterator[Room]:
    started = Room(db, "--workshop", "3")
    yield started
    if started.process.poll() is None:
        started.stop()


def pat(account: Account) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Key {account.pat}"),)


def scope(account: Account) -> resources_pb2.UserAppIDSet:
    return resources_pb2.UserAppIDSet(user_id=account.user_id, app_id=account.app_id)


def attendee_env(room: Room, account: Account) -> dict[str, str]:
    """This machine's environment as an attendee's shell would have it: the two variables set."""
    env = {k: v for k, v in os.environ.items() if k not in ATTENDEE_VARIABLES}
    return env | {"CLARIFAI_EMULATOR": room.info["rest"], "CLARIFAI_PAT": account.pat}


def test_the_room_prints_where_it_is_and_the_two_variables_never_a_credential(room, db):
    accounts_file = db.with_name("room-accounts.csv")
    assert room.info["workshop"] == 3 and room.info["accounts"] == str(accounts_file)
    assert room.info["rest"].startswith("http://127.0.0.1:")
    assert room.lines == [
        f"# 3 attendee accounts in {accounts_file} (give each attendee their row only)",
        "# each attendee sets two variables, with the PAT of their row:",
        f"export CLARIFAI_EMULATOR={room.info['rest']}",
        "export CLARIFAI_PAT=<your PAT>",
        '# then: python -m cookbook run --target emulator-remote (in a notebook: TARGET = "emulator-remote")',
    ]
    assert stat.S_IMODE(accounts_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    accounts = room.accounts
    assert [a.user_id for a in accounts] == ["attendee-01", "attendee-02", "attendee-03"]
    stub = room.stub()
    for account in accounts:
        request = service_pb2.GetInputCountRequest(user_app_id=scope(account))
        assert stub.GetInputCount(request, metadata=pat(account)).status.code == 10000
    printed = json.dumps(room.info) + "\n".join(room.lines) + room.stop()
    assert not any(a.pat in printed or a.api_key in printed for a in accounts)


def test_an_attendee_runs_a_notebook_against_the_room(room, tmp_path):
    first, second, third = room.accounts
    stub = room.stub()
    kept = service_pb2.PostInputsRequest(user_app_id=scope(first), inputs=[image(input_id="first-s-own")])
    assert stub.PostInputs(kept, metadata=pat(first)).status.code == 10000
    done = subprocess.run(
        [sys.executable, "-m", "cookbook", "run", "--only", "CL002", "--target", "emulator-remote"]
        + ["--output", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=catalog.ROOT,
        env=attendee_env(room, second),
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = pd.read_csv(tmp_path / "out" / "report.csv")
    row = report.iloc[0]
    assert (row["code"], row["verified"]) == ("CL002", "yes")
    # The day before was served by the remote emulator too: it can travel in time, and the old
    # calls (an app API key that the attendee's PAT made) answer as on the embedded emulator.
    stored = outcomes(
        json.loads((catalog.ROOT / "notebooks" / "2019-09-24-post-inputs-async.ipynb").read_text())
    )
    assert (row["old call before"], row["old call after"]) == (
        stored["old_before"]["summary"],
        stored["old_after"]["summary"],
    )
    executed = (tmp_path / "out" / "notebooks" / "2019-09-24-post-inputs-async.ipynb").read_text()
    assert "Connected to the emulator API." in executed  # as on the embedded emulator
    assert second.pat not in executed
    # The notebook worked in a scratch app of attendee 2, deleted when its kernel stopped; the
    # other attendees' apps are as they were.
    apps = stub.ListApps(service_pb2.ListAppsRequest(user_app_id=scope(second)), metadata=pat(second))
    assert [a.id for a in apps.apps] == ["migrations"]
    for account, count in ((first, 1), (second, 0), (third, 0)):
        listed = stub.ListInputs(
            service_pb2.ListInputsRequest(user_app_id=scope(account)), metadata=pat(account)
        )
        assert len(listed.inputs) == count


def test_a_restart_on_the_same_db_keeps_the_accounts_and_the_data(db, room):
    accounts_file = Path(room.info["accounts"])
    first = room.accounts
    kept = service_pb2.PostInputsRequest(user_app_id=scope(first[2]), inputs=[image(input_id="kept")])
    assert room.stub().PostInputs(kept, metadata=pat(first[2])).status.code == 10000
    written = accounts_file.read_text()
    room.stop()

    again = Room(db, "--workshop", "3")
    try:
        assert again.accounts == first and accounts_file.read_text() == written
        assert again.info["replayed"] == 1
        request = service_pb2.GetInputRequest(user_app_id=scope(first[2]), input_id="kept")
        assert again.stub().GetInput(request, metadata=pat(first[2])).input.id == "kept"
    finally:
        assert again.stop() == ""

    grown = Room(db, "--workshop", "4", "--accounts", str(db.with_name("four.csv")))
    try:
        assert grown.accounts[:3] == first and len(grown.accounts) == 4
        late = grown.accounts[3]
        request = service_pb2.GetInputCountRequest(user_app_id=scope(late))
        assert grown.stub().GetInputCount(request, metadata=pat(late)).status.code == 10000
    finally:
        assert "--workshop 3; now --as-of today, --downtime none, --workshop 4" in grown.stop()


@pytest.mark.parametrize("args", [["--workshop", "2"], []], ids=["fewer", "none"])
def test_fewer_attendees_or_none_on_a_workshop_db_is_a_one_line_error(db, room, args):
    room.stop()
    done = subprocess.run(
        [sys.executable, "-m", "emulator", "serve", "--db", str(db), *args], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stderr == (
        f"emulator: state file {db} holds 3 workshop accounts: serve it with --workshop 3 "
        "(or more, to add accounts)\n"
    )


def test_the_runner_says_in_one_line_what_the_remote_target_lacks(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ATTENDEE_VARIABLES}
    done = subprocess.run(
        [sys.executable, "-m", "cookbook", "run", "--target", "emulator-remote", "--output", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=catalog.ROOT,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert (
        len(lines) == 1
        and "CLARIFAI_EMULATOR" in lines[0]
        and lines[0].startswith("error: --target emulator-remote")
    )
