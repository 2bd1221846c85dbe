"""`--db` snapshots: a restart from a snapshot and the events since is the state served, exactly."""

from __future__ import annotations

import contextlib
import math
import pickle
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from google.protobuf import struct_pb2

from emulator import Emulator, api, faults
from emulator.accounts import Account
from emulator.persistence import StateFile, StateFileError
from tests.reliability.fuzz import PNG
from tests.reliability.state import snapshot

SUCCESS = 10000


def _metadata(number: int) -> struct_pb2.Struct:
    return struct_pb2.Struct(fields={"n": struct_pb2.Value(number_value=number)})


def _request(scope: resources_pb2.UserAppIDSet, n: int) -> tuple[str, object]:
    """Request `n` of a mix: mostly PostInputs of one input, some patches, deletes and searches."""
    kind = n % 10
    if kind == 7 and n > 10:
        patched = resources_pb2.Input(id=f"p-{n - 5:05d}", data=resources_pb2.Data(metadata=_metadata(n)))
        return "PatchInputs", service_pb2.PatchInputsRequest(
            user_app_id=scope, action="merge", inputs=[patched]
        )
    if kind == 8 and n > 10:
        return "DeleteInputs", service_pb2.DeleteInputsRequest(user_app_id=scope, ids=[f"p-{n - 6:05d}"])
    if kind == 9:
        wanted = resources_pb2.Annotation(data=resources_pb2.Data(metadata=_metadata(n - 2)))
        query = resources_pb2.Query(filters=[resources_pb2.Filter(annotation=wanted)])
        search = resources_pb2.Search(query=query, save=n % 20 == 19)  # every other one saved
        return "PostInputsSearches", service_pb2.PostInputsSearchesRequest(
            user_app_id=scope, searches=[search]
        )
    posted = resources_pb2.Input(
        id=f"p-{n:05d}", data=resources_pb2.Data(image=resources_pb2.Image(base64=PNG))
    )
    return "PostInputs", service_pb2.PostInputsRequest(user_app_id=scope, inputs=[posted])


def _serve(emulator: Emulator, count: int, start: int = 0, account: Account | None = None) -> None:
    """Serve requests `start`..`start + count - 1` of the mix; each must succeed."""
    account = account or emulator.account
    pat = {"authorization": f"Key {account.pat}"}
    scope = resources_pb2.UserAppIDSet(user_id=account.user_id, app_id=account.app_id)
    for n in range(start, start + count):
        rpc, request = _request(scope, n)
        answer = emulator.api.call(rpc, request, pat)
        assert answer.status.code == SUCCESS, (n, rpc, answer.status)


def _state(emulator: Emulator) -> tuple:
    """What a restart must give back: the store, the clock and the id count."""
    now = emulator.api.clock.now
    return snapshot(emulator.store, now), now, emulator.ids.count


def _next_ids(emulator: Emulator) -> list[str]:
    """The ids the next requests make: a req_id and a generated input id."""
    pat = {"authorization": f"Key {emulator.account.pat}"}
    scope = resources_pb2.UserAppIDSet(user_id=emulator.account.user_id, app_id=emulator.account.app_id)
    unnamed = resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(base64=PNG)))
    posted = emulator.api.call(
        "PostInputs", service_pb2.PostInputsRequest(user_app_id=scope, inputs=[unnamed]), pat
    )
    counted = emulator.api.call("GetInputCount", service_pb2.GetInputCountRequest(user_app_id=scope), pat)
    return [posted.status.req_id, posted.inputs[0].id, counted.status.req_id]


def _rows(db: Path | Emulator, query: str) -> list[tuple]:
    """Rows of a file, or of the file an emulator holds (it holds it exclusively)."""
    if isinstance(db, Emulator):
        return db.api.state._db.execute(query).fetchall()
    with contextlib.closing(sqlite3.connect(db)) as connection:
        return connection.execute(query).fetchall()


def _change(db: Path, *statements: tuple[str, tuple]) -> None:
    """Change the file as another program would (the emulator must not be holding it)."""
    with contextlib.closing(sqlite3.connect(db)) as connection, connection:
        for statement, values in statements:
            connection.execute(statement, values)


def _saved(db: Path | Emulator) -> tuple[list, int]:
    """The file's snapshot rows and how many events follow them."""
    return _rows(db, "SELECT settings, state FROM snapshot"), _rows(db, "SELECT count(*) FROM events")[0][0]


@pytest.fixture
def no_timed_snapshots(monkeypatch):
    """Snapshots only every `api.snapshot_every` requests, never for time or bytes (deterministic)."""
    monkeypatch.setattr(api, "REPLAY_BUDGET", math.inf)
    monkeypatch.setattr(api, "TAIL_BYTES", math.inf)


@pytest.mark.parametrize("every", [1, 3, 7, 10_000])
def test_a_restart_from_a_snapshot_is_the_state_served(tmp_path, no_timed_snapshots, every):
    db = tmp_path / "state.db"
    twin = Emulator(tls=False)  # serves the same without ever stopping
    in_file = 0  # requests logged since the file's snapshot
    for start, count in ((0, 23), (23, 31), (54, 8)):  # three runs on one file
        emulator = Emulator(db=db, tls=False)
        assert (emulator.replayed, emulator.diverged) == (in_file, 0)
        emulator.api.snapshot_every = every
        _serve(emulator, count, start)
        _serve(twin, count, start)
        assert _state(emulator) == _state(twin)
        emulator.stop()
        in_file = _rows(db, "SELECT count(*) FROM events WHERE kind = 'call'")[0][0]
        assert in_file == (start + count) % every or every == 10_000
    again = Emulator(db=db, tls=False)
    assert (again.replayed, again.diverged, again.notes) == (in_file, 0, [])
    assert _state(again) == _state(twin)
    assert _next_ids(again) == _next_ids(twin)
    assert _state(again) == _state(twin)
    again.stop()


def test_snapshots_taken_at_any_point_give_the_same_state(tmp_path, no_timed_snapshots):
    twin = Emulator(tls=False)
    _serve(twin, 40)
    for every in range(1, 12):
        db = tmp_path / f"every-{every}.db"
        with Emulator(db=db, tls=False) as emulator:
            emulator.api.snapshot_every = every
            _serve(emulator, 40)
        snapshots, events = _saved(db)
        assert (len(snapshots), events) == (1, 40 % every)
        with Emulator(db=db, tls=False) as again:
            assert (again.replayed, again.diverged) == (40 % every, 0)
            assert _state(again) == _state(twin), every


def test_workshop_attendees_and_their_data_come_back_from_a_snapshot(tmp_path, no_timed_snapshots):
    db = tmp_path / "room.db"
    with Emulator(workshop=2, db=db, tls=False) as room:
        room.api.snapshot_every = 5
        for attendee in room.attendees:
            _serve(room, 12, account=attendee)
        _serve(room, 3)
        accounts, served = room.attendees, _state(room)
    assert _saved(db)[1] == (2 * 12 + 3) % 5
    with Emulator(workshop=2, db=db, tls=False) as again:
        assert (again.attendees, again.notes) == (accounts, [])
        assert _state(again) == served
    with Emulator(workshop=3, db=db, tls=False) as more:
        assert more.attendees[:2] == accounts and len(more.attendees) == 3
        _serve(more, 4, account=more.attendees[2])
    with Emulator(workshop=3, db=db, tls=False) as third:
        assert third.attendees == more.attendees
        assert _state(third) == _state(more)


def test_the_events_table_is_empty_right_after_a_snapshot(tmp_path, no_timed_snapshots):
    db = tmp_path / "state.db"
    with Emulator(db=db, tls=False) as emulator:
        emulator.api.snapshot_every = 5
        _serve(emulator, 4)
        assert _saved(emulator) == ([], 5)  # the settings event and four requests
        _serve(emulator, 1, start=4)
        snapshots, events = _saved(emulator)
        assert (len(snapshots), events) == (1, 0)
        _serve(emulator, 2, start=5)
        assert _saved(emulator)[1] == 2
        emulator.api.checkpoint(save=True)
        assert _saved(emulator)[1] == 0
        assert _saved(emulator)[0] != snapshots


def test_a_format_1_file_is_read_and_upgraded(tmp_path, no_timed_snapshots):
    db = tmp_path / "old.db"
    with Emulator(db=db, tls=False) as first:
        _serve(first, 20)
        served = _state(first)
    _change(  # as the emulator before snapshots wrote it
        db,
        ("DROP TABLE snapshot", ()),
        ("UPDATE settings SET value = 'clarifai-emulator-state 1' WHERE key = 'format'", ()),
    )
    assert "snapshot" not in {name for (name,) in _rows(db, "SELECT name FROM sqlite_master")}
    with Emulator(db=db, tls=False) as again:
        assert (again.replayed, again.diverged, again.notes) == (20, 0, [])
        assert _state(again) == served
        again.api.snapshot_every = 3  # the 20 requests replayed count: the next one takes a snapshot
        _serve(again, 1, start=20)
        served = _state(again)
    assert _rows(db, "SELECT value FROM settings WHERE key = 'format'") == [("clarifai-emulator-state 2",)]
    assert (len(_saved(db)[0]), _saved(db)[1]) == (1, 0)
    with Emulator(db=db, tls=False) as third:
        assert (third.replayed, _state(third)) == (0, served)


def _with_snapshot(db: Path) -> None:
    with Emulator(db=db, tls=False) as emulator:
        emulator.api.snapshot_every = 4
        _serve(emulator, 6)


DAMAGED = {
    "not a pickle": b"\x00 not a pickle at all",
    "cut short": None,  # the real snapshot's first half
    "another object": pickle.dumps({"store": None}),
}


@pytest.mark.parametrize("damage", sorted(DAMAGED))
def test_a_damaged_snapshot_is_refused_by_name(tmp_path, no_timed_snapshots, damage):
    db = tmp_path / "state.db"
    _with_snapshot(db)
    ((settings, state),) = _saved(db)[0]
    damaged = DAMAGED[damage] or state[: len(state) // 2]
    _change(db, ("UPDATE snapshot SET state = ?", (damaged,)))
    with pytest.raises(StateFileError, match=f"state file {db} has a snapshot this emulator cannot read"):
        Emulator(db=db, tls=False)
    assert _saved(db)[0] == [(settings, damaged)]  # let go of (readable: not locked), left as it was


def test_damaged_snapshot_settings_are_refused_by_name(tmp_path, no_timed_snapshots):
    db = tmp_path / "state.db"
    _with_snapshot(db)
    _change(db, ("UPDATE snapshot SET settings = '{not json'", ()))
    with pytest.raises(StateFileError, match=f"state file {db} has damaged snapshot settings"):
        Emulator(db=db, tls=False)


def test_serve_says_a_damaged_snapshot_on_one_line(tmp_path, no_timed_snapshots):
    db = tmp_path / "state.db"
    _with_snapshot(db)
    _change(db, ("UPDATE snapshot SET state = ?", (b"\x80\x05 damaged",)))
    done = subprocess.run(
        [sys.executable, "-m", "emulator", "serve", "--no-tls", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(f"emulator: state file {db} has a snapshot this emulator cannot read")


class _DiskFull(faults.Plan):
    """Fails every snapshot write half way, after its DELETE of the events."""

    def reach(self, where: str) -> None:
        if where == "write a snapshot":
            raise sqlite3.OperationalError("database or disk is full")


def _refuse_snapshots(monkeypatch) -> None:
    def refused(self, settings, state):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(StateFile, "write_snapshot", refused)


@pytest.mark.parametrize("how", ["half way", "at once"])
def test_a_snapshot_that_cannot_be_written_keeps_the_older_one_and_every_event(
    tmp_path, no_timed_snapshots, monkeypatch, caplog, how
):
    db = tmp_path / "state.db"
    twin = Emulator(tls=False)
    with Emulator(db=db, tls=False) as emulator:
        emulator.api.snapshot_every = 4
        _serve(emulator, 6)
        _serve(twin, 6)
        older = _saved(emulator)
        assert (len(older[0]), older[1]) == (1, 2)
        with faults.armed(_DiskFull()), monkeypatch.context() as patched:
            if how == "at once":
                _refuse_snapshots(patched)
            _serve(emulator, 9, start=6)  # two snapshots due: both fail, every request still served
            _serve(twin, 9, start=6)
        assert "cannot write a snapshot" in caplog.text
        assert _saved(emulator) == (older[0], 2 + 9)
        assert _state(emulator) == _state(twin)
    with Emulator(db=db, tls=False) as again:
        assert (again.replayed, again.diverged) == (11, 0)
        assert _state(again) == _state(twin)
        again.api.snapshot_every = 2
        _serve(again, 1, start=15)  # the disk is back: the next snapshot is written
        assert (len(_saved(again)[0]), _saved(again)[1]) == (1, 0)


def test_short_runs_on_one_file_still_take_snapshots(tmp_path, no_timed_snapshots, monkeypatch):
    """The requests a restart replays count toward the next snapshot: the file's log stays short
    however often the emulator is restarted (it grew by each run's requests before)."""
    monkeypatch.setattr(api, "SNAPSHOT_EVERY", 5)
    db = tmp_path / "state.db"
    for run in range(6):
        with Emulator(db=db, tls=False) as emulator:
            _serve(emulator, 3, start=3 * run)
            assert _saved(emulator)[1] < 5, run
    with Emulator(db=db, tls=False) as again:
        assert again.replayed == 18 % 5
