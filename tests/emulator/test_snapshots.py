"""`--db` snapshots: a restart from a snapshot and the events since is the state served, exactly."""

from __future__ import annotations

import contextlib
import io
import math
import sqlite3
from pathlib import Path

import pytest
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from google.protobuf import struct_pb2
from PIL import Image

from emulator import Emulator, api
from emulator.accounts import Account
from tests.reliability.state import snapshot

SUCCESS = 10000


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


PNG = _png()


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
