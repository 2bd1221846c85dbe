"""Who is done in a workshop room: the checks' results posted to the room's emulator
(`cookbook.progress.report`, POST /emulator/progress), the leader's table (attendee x exercise)
printed by `serve --workshop` and by `python -m emulator progress`, never a credential."""

from __future__ import annotations

import dataclasses
import json
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from cookbook.progress import report
from emulator import Account, Emulator, workshop
from emulator.progress import Board
from recipes import connect
from recipes.connect import Session

SEED = "workshop:" + "9a1e" * 8
LEGEND = "done: a check passed; N tries: tried, not passed yet; .: not tried"
# Attendee 1 fails CL012 then passes it; attendee 2 fails CL012 twice and passes CL002.
EXPECTED = "\n".join(
    [
        "attendee     CL002  CL012",
        "attendee-01  .      done",
        "attendee-02  done   2 tries",
        "CL002: 1 of 2 attendees done",
        "CL012: 1 of 2 attendees done",
        LEGEND,
    ]
)


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Emulator]:
    """A room of two attendees, kept in a state file as `serve --workshop 2 --db` keeps it."""
    with Emulator(seed_text=SEED, workshop=2, db=tmp_path / "room.db", tls=False) as running:
        yield running


def remote(rest_url: str, account: Account, monkeypatch: pytest.MonkeyPatch) -> Session:
    """The session an attendee's notebook makes with the two variables (in their own app)."""
    monkeypatch.setenv("CLARIFAI_EMULATOR", rest_url)
    monkeypatch.setenv("CLARIFAI_PAT", account.pat)
    monkeypatch.setenv("CLARIFAI_APP_ID", account.app_id)
    monkeypatch.delenv("CLARIFAI_USER_ID", raising=False)
    return connect("emulator-remote")


def the_day(first: Session, second: Session) -> None:
    report(first, "CL012", False)
    report(first, "CL012", True)
    report(second, "CL012", False)
    report(second, "CL012", False)
    report(second, "CL002", True)


def post(room: Emulator, body: object, token: str | None, raw: bytes | None = None) -> requests.Response:
    headers = {"Authorization": f"Key {token}"} if token else {}
    url = f"{room.rest_url}/emulator/progress"
    if raw is not None:
        return requests.post(url, data=raw, headers=headers, timeout=10)
    return requests.post(url, json=body, headers=headers, timeout=10)


def secrets_of(room: Emulator) -> list[str]:
    return [token for a in room.attendees for token in (a.pat, a.api_key)] + [room.leader_token]


# --- the table -----------------------------------------------------------------------------------


def test_two_attendees_reports_make_the_leaders_table(room, monkeypatch):
    first, second = room.attendees
    the_day(remote(room.rest_url, first, monkeypatch), remote(room.rest_url, second, monkeypatch))
    table = room.progress_table()
    assert table == EXPECTED
    assert not any(secret in table for secret in secrets_of(room))
    answer = requests.get(
        f"{room.rest_url}/emulator/progress",
        headers={"Authorization": f"Key {room.leader_token}"},
        timeout=10,
    )
    assert answer.status_code == 200
    assert answer.json() == {"status": {"code": 10000, "description": "Ok"}, "table": EXPECTED}


def test_every_attendee_has_a_row_before_any_check_and_others_who_report_come_last():
    board = Board()
    assert board.table(["attendee-01", "attendee-02"]) == "no check reported yet (2 attendees)"
    board.record("cookbook", "CL003", False)
    assert board.table(["attendee-01"]).splitlines()[:4] == [
        "attendee     CL003",
        "attendee-01  .",
        "cookbook     1 try",
        "CL003: 0 of 2 attendees done",
    ]


def test_a_pass_stays_a_pass_and_only_changes_of_the_table_are_told():
    board, told = Board(), []
    board.watch(lambda: told.append(board.table(["attendee-01"]).splitlines()[1]))
    assert board.record("attendee-01", "CL012", False)
    assert board.record("attendee-01", "CL012", True)
    assert not board.record("attendee-01", "CL012", False)  # a later failure: still done
    assert told == ["attendee-01  1 try", "attendee-01  done"]
    tally = board.tally("attendee-01", "CL012")
    assert (tally.passed, tally.tries) == (True, 3)


def test_results_from_many_threads_are_all_counted():
    board = Board()

    def check(user: str) -> None:
        for _ in range(200):
            board.record(user, "CL002", False)

    threads = [threading.Thread(target=check, args=(f"attendee-{n:02}",)) for n in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {board.tally(f"attendee-{n:02}", "CL002").tries for n in range(1, 9)} == {200}


# --- the REST door -------------------------------------------------------------------------------


def test_a_report_answers_the_apis_ok_records_the_credentials_user_and_moves_no_clock(room):
    now, journaled = room.api.clock.now, len(room.journal)
    answer = post(room, {"exercise": "CL002", "passed": True}, room.attendees[1].api_key)
    assert (answer.status_code, answer.json()) == (200, {"status": {"code": 10000, "description": "Ok"}})
    assert room.progress.tally("attendee-02", "CL002").passed
    assert (room.api.clock.now, len(room.journal)) == (now, journaled)


@pytest.mark.parametrize(
    ("token", "http", "code", "details"),
    [
        (None, 400, 11102, "Empty or malformed authorization header."),
        ("not-a-key", 401, 11008, "Invalid format of key."),
        ("0" * 32, 401, 11008, "No API key or personal access token matches the one given."),
    ],
    ids=["none", "malformed", "unknown"],
)
def test_a_bad_credential_is_refused_as_the_api_refuses_it(room, token, http, code, details):
    answer = post(room, {"exercise": "CL002", "passed": True}, token)
    found = answer.json()["status"]
    assert (answer.status_code, found["code"]) == (http, code)
    assert found["details"].startswith(details) and found["req_id"]
    assert room.progress_table().startswith("no check reported yet")


@pytest.mark.parametrize(
    ("body", "raw", "says"),
    [
        (None, b"{not json", "Request body is not valid JSON for a progress report"),
        (None, b"", "Request body is not valid JSON for a progress report"),
        (["CL002"], None, "Give the body as a JSON object."),
        (
            {"passed": True},
            None,
            'Give "exercise" as a change code of the catalog (CL001 to CL022), not null.',
        ),
        ({"exercise": "CL999", "passed": True}, None, 'catalog (CL001 to CL022), not "CL999".'),
        ({"exercise": 12, "passed": True}, None, "not 12."),
        ({"exercise": "CL002"}, None, 'Give "passed" as true or false.'),
        ({"exercise": "CL002", "passed": "yes"}, None, 'Give "passed" as true or false.'),
    ],
    ids=["bad-json", "empty", "no-object", "no-exercise", "unknown-code", "number", "no-passed", "string"],
)
def test_a_bad_body_is_refused_with_bad_request_format_naming_the_field(room, body, raw, says):
    answer = post(room, body, room.attendees[0].pat, raw)
    found = answer.json()["status"]
    assert (answer.status_code, found["code"], found["description"]) == (400, 11100, "Bad request format")
    assert says in found["details"]
    assert room.progress_table().startswith("no check reported yet")


def test_only_the_leaders_token_reads_the_table(room):
    url = f"{room.rest_url}/emulator/progress"
    for token, code in ((room.attendees[0].pat, 11008), ("0" * 32, 11008), (None, 11102)):
        headers = {"Authorization": f"Key {token}"} if token else {}
        found = requests.get(url, headers=headers, timeout=10).json()
        assert found["status"]["code"] == code and "table" not in found
    refused = requests.delete(url, timeout=10)
    assert (refused.status_code, refused.headers["Allow"]) == (405, "GET, POST")


def test_an_emulator_without_a_workshop_records_but_has_no_leader(monkeypatch):
    with Emulator(tls=False) as plain:
        assert plain.leader_token == ""
        assert post(plain, {"exercise": "CL002", "passed": False}, plain.account.pat).status_code == 200
        assert plain.progress_table().splitlines()[1] == "cookbook  1 try"
        headers = {"Authorization": "Key "}
        answer = requests.get(f"{plain.rest_url}/emulator/progress", headers=headers, timeout=10)
        assert answer.json()["status"]["code"] == 11102


# --- cookbook.progress.report --------------------------------------------------------------------


def test_report_is_a_no_op_on_an_embedded_emulator_or_the_live_api(room, monkeypatch):
    attendee = remote(room.rest_url, room.attendees[0], monkeypatch)
    for other in (dataclasses.replace(attendee, emulator=room), dataclasses.replace(attendee, target="live")):
        report(other, "CL012", True)
    assert room.progress_table().startswith("no check reported yet")
    report(attendee, "CL012", True)
    assert room.progress.tally("attendee-01", "CL012").passed


def test_report_returns_quietly_when_the_rooms_server_is_away_or_silent(room, monkeypatch):
    attendee = remote(room.rest_url, room.attendees[0], monkeypatch)
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        gone = f"http://127.0.0.1:{closed.getsockname()[1]}"  # bound, not listening: refused
        assert report(dataclasses.replace(attendee, rest_base=gone), "CL012", True) is None
    with socket.socket() as silent:  # accepts the connection (the backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        started = time.monotonic()
        address = f"http://127.0.0.1:{silent.getsockname()[1]}"
        report(dataclasses.replace(attendee, rest_base=address), "CL012", True)
        assert time.monotonic() - started < 5
    not_a_room = dataclasses.replace(attendee, rest_base=f"{room.rest_url}/v2")  # answers 404
    report(not_a_room, "CL012", True)
    assert room.progress_table().startswith("no check reported yet")


# --- the command line ----------------------------------------------------------------------------

PRINTED_LINES = 7  # after the JSON line, on the loopback address: five for attendees, two for the leader


def test_serve_prints_the_table_as_it_changes_and_progress_prints_it_with_the_leaders_token(
    tmp_path, monkeypatch
):
    db = tmp_path / "room.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "emulator", "serve", "--workshop", "2", "--db", str(db), "--no-tls"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        info = json.loads(process.stdout.readline())
        lines = [process.stdout.readline().rstrip("\n") for _ in range(PRINTED_LINES)]
        leader_file = tmp_path / "room-leader.txt"
        assert lines[-1] == f"# python -m emulator progress {info['rest']} --leader-file {leader_file}"
        assert stat.S_IMODE(leader_file.stat().st_mode) == 0o600
        accounts = workshop.read_accounts(Path(info["accounts"]))
        the_day(*(remote(info["rest"], account, monkeypatch) for account in accounts))
        shown = subprocess.run(
            [sys.executable, "-m", "emulator", "progress", info["rest"], "--leader-file", str(leader_file)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert (shown.returncode, shown.stdout) == (0, EXPECTED + "\n")
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=60)
    assert process.returncode == 0
    tables = _printed_tables(out)
    assert len(tables) == 5  # every report changed the table
    assert tables[0].splitlines()[:3] == ["attendee     CL012", "attendee-01  1 try", "attendee-02  ."]
    assert tables[-1] == EXPECTED
    printed = json.dumps(info) + "\n".join(lines) + out + shown.stdout
    secrets = [t for a in accounts for t in (a.pat, a.api_key)] + [leader_file.read_text().strip()]
    assert not any(secret in printed for secret in secrets)


def _printed_tables(out: str) -> list[str]:
    """The tables in serve's output: runs of `# progress | ` lines, each ending with the legend."""
    tables, current = [], []
    for line in out.splitlines():
        if line.startswith(workshop.PROGRESS_PREFIX):
            current.append(line.removeprefix(workshop.PROGRESS_PREFIX))
            if current[-1] == LEGEND:
                tables.append("\n".join(current))
                current = []
    return tables


def test_progress_without_the_leaders_token_says_why_in_one_line(room, tmp_path):
    wrong = tmp_path / "wrong-leader.txt"
    wrong.write_text(room.attendees[0].pat)
    for leader_file, says in (
        (wrong, f"no progress table from {room.rest_url} (11008 Invalid API key"),
        (tmp_path / "missing.txt", "cannot read the leader's token file"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "emulator", "progress", room.rest_url, "--leader-file", str(leader_file)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 1 and done.stdout == ""
        assert done.stderr.count("\n") == 1 and says in done.stderr
