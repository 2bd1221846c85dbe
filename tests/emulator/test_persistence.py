"""`--db FILE`: every request logged before it is answered, replayed exactly at the next start."""

from __future__ import annotations

import io
import json
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import grpc
import pytest
import requests
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc
from PIL import Image

from emulator import Emulator
from emulator.persistence import StateFileError
from tests.helpers import image, images


def _stub(emulator: Emulator) -> service_pb2_grpc.V2Stub:
    channel = ClarifaiChannel.get_insecure_grpc_channel(base=emulator.host, port=emulator.grpc_port)
    return service_pb2_grpc.V2Stub(channel)


def _pat(emulator: Emulator) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Key {emulator.account.pat}"),)


def _scope(emulator: Emulator, app_id: str = "") -> resources_pb2.UserAppIDSet:
    return resources_pb2.UserAppIDSet(
        user_id=emulator.account.user_id, app_id=app_id or emulator.account.app_id
    )


def _png(size: int = 8) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), (200, 40, 40)).save(out, "PNG")
    return out.getvalue()


def _work(emulator: Emulator) -> str:
    """Apps, models, inputs, a key, refusals of every kind; return the new key's id."""
    stub, pat = _stub(emulator), _pat(emulator)
    stub.PostApps(
        service_pb2.PostAppsRequest(user_app_id=_scope(emulator), apps=[resources_pb2.App(id="scratch")]),
        metadata=pat,
    )
    stub.PostModels(
        service_pb2.PostModelsRequest(
            user_app_id=_scope(emulator),
            models=[resources_pb2.Model(id="pets", model_type_id="embedding-classifier")],
        ),
        metadata=pat,
    )
    stub.PostInputs(
        service_pb2.PostInputsRequest(user_app_id=_scope(emulator), inputs=images(3)), metadata=pat
    )
    stub.DeleteInput(
        service_pb2.DeleteInputRequest(user_app_id=_scope(emulator), input_id="in-0001"), metadata=pat
    )
    key = resources_pb2.Key(description="workshop", scopes=["All"], apps=[resources_pb2.App(id="scratch")])
    made = stub.PostKeys(service_pb2.PostKeysRequest(user_app_id=_scope(emulator), keys=[key]), metadata=pat)
    stub.ListInputs(
        service_pb2.ListInputsRequest(user_app_id=_scope(emulator)), metadata=(("authorization", "Key x"),)
    )
    dated = (*pat, ("x-clarifai-emulator-as-of", "2019-01-01"))
    stub.GetInputCount(service_pb2.GetInputCountRequest(user_app_id=_scope(emulator)), metadata=dated)
    requests.post(
        emulator.rest_url + "/v2/inputs", data="{", headers={"Authorization": "Key " + emulator.account.pat}
    )
    return made.keys[0].id


def _listings(emulator: Emulator, key_id: str) -> list:
    stub, pat = _stub(emulator), _pat(emulator)
    key = (("authorization", f"Key {key_id}"),)
    return [
        stub.ListApps(service_pb2.ListAppsRequest(user_app_id=_scope(emulator)), metadata=pat),
        stub.ListModels(service_pb2.ListModelsRequest(user_app_id=_scope(emulator)), metadata=pat),
        stub.ListInputs(service_pb2.ListInputsRequest(user_app_id=_scope(emulator)), metadata=pat),
        stub.ListKeys(service_pb2.ListKeysRequest(user_app_id=_scope(emulator)), metadata=pat),
        stub.GetInputCount(
            service_pb2.GetInputCountRequest(user_app_id=_scope(emulator, "scratch")), metadata=key
        ),
    ]


def test_a_restart_carries_on_exactly_as_if_it_never_stopped(tmp_path):
    db = tmp_path / "state.db"
    with Emulator(db=db) as first, Emulator() as twin:  # the twin never stops
        key_id = _work(first)
        assert _work(twin) == key_id
        clock, ids = first.api.clock.now, first.ids.count
    with Emulator(db=db) as again, twin:  # the twin reopens its doors on the same state
        assert (again.replayed, again.diverged, again.notes) == (clock + 1, 0, [])  # + the door's refusal
        assert (again.api.clock.now, again.ids.count, again.account) == (clock, ids, twin.account)
        restarted, continued = _listings(again, key_id), _listings(twin, key_id)
        hosts = again.store.data_host, twin.store.data_host  # each is its own data host
    assert [answer.status.code for answer in restarted] == [10000] * 5
    shown = (
        [str(a).replace(hosts[0], "HOST") for a in restarted],
        [str(a).replace(hosts[1], "HOST") for a in continued],
    )
    assert shown[0] == shown[1]  # req_ids and timestamps included
    assert {i.id for i in restarted[2].inputs} == {"in-0000", "in-0002"}
    assert "scratch" in {app.id for app in restarted[0].apps}
    assert "pets" in {model.id for model in restarted[1].models}


def test_a_replay_serves_each_request_as_of_the_day_it_was_first_served(tmp_path):
    db = tmp_path / "state.db"
    with Emulator(db=db) as first:
        _stub(first).PostInputs(
            service_pb2.PostInputsRequest(user_app_id=_scope(first), inputs=[image(input_id="one")]),
            metadata=_pat(first),
        )
        first.api.state._db.execute("UPDATE events SET day = '2020-01-01' WHERE kind = 'call'")
    with Emulator(db=db) as again:
        assert again.diverged == 1  # the same request, served on another day, has other timestamps
        assert "answered differently" in again.notes[0]
        stored = again.store.app(again.account.user_id, again.account.app_id).inputs.get("one", 10)
        assert stored.input.created_at.ToDatetime().date().isoformat() == "2020-01-01"


def test_url_downloads_replay_what_they_fetched_the_first_time(tmp_path):
    picture = tmp_path / "cat.png"
    picture.write_bytes(_png(16))
    db = tmp_path / "state.db"
    request = service_pb2.GetInputRequest(input_id="cat")
    with Emulator(db=db) as first:
        posted = image(picture.as_uri(), "cat")
        _stub(first).PostInputs(
            service_pb2.PostInputsRequest(user_app_id=_scope(first), inputs=[posted]), metadata=_pat(first)
        )
        request.user_app_id.CopyFrom(_scope(first))
        before = _stub(first).GetInput(request, metadata=_pat(first))
    picture.unlink()  # gone from the world, not from the log
    with Emulator(db=db) as again:
        assert again.diverged == 0
        after = _stub(again).GetInput(request, metadata=_pat(again))
    assert after.input.status.code == 30000
    assert after.input.data.image.image_info.width == before.input.data.image.image_info.width == 16


def test_a_downtime_window_is_replayed_and_a_changed_setting_applies_from_the_restart(tmp_path):
    db = tmp_path / "state.db"
    request = service_pb2.GetInputCountRequest()
    with Emulator(db=db, downtime=(2, 4)) as first:
        request.user_app_id.CopyFrom(_scope(first))
        codes = [first.api.call("GetInputCount", request, dict(_pat(first))).status.code for _ in range(5)]
    assert codes == [10000, 40031, 40031, 10000, 10000]
    with Emulator(db=db) as again:
        assert again.diverged == 0
        assert again.notes == [f"{db} was last served with --as-of today, --downtime 2,4; now --as-of today, "
                               "--downtime none (past requests replay as they were served)"]  # fmt: skip
        assert again.downtime is None
    with Emulator(db=db) as third:
        assert (third.diverged, third.notes) == (0, [])


def test_the_lost_answer_of_a_downtime_stays_applied_after_a_restart(tmp_path):
    db = tmp_path / "state.db"
    with Emulator(db=db, downtime=(1, 2)) as first:
        request = service_pb2.PostInputsRequest(user_app_id=_scope(first), inputs=[image(input_id="lost")])
        assert first.api.call("PostInputs", request, dict(_pat(first))).status.code == 40031  # CL001
    with Emulator(db=db) as again:
        retried = again.api.call("PostInputs", request, dict(_pat(again)))
    assert retried.status.code != 10000  # applied the first time: the client-chosen id is taken
    assert again.store.app(again.account.user_id, again.account.app_id).inputs.has(
        "lost", again.api.clock.now
    )


def test_a_state_file_that_cannot_be_written_refuses_every_request(tmp_path):
    with Emulator(db=tmp_path / "state.db") as emulator:
        emulator.api.state._db.close()  # as if the disk went away
        request = service_pb2.GetInputCountRequest(user_app_id=_scope(emulator))
        for _ in range(2):
            answer = _stub(emulator).GetInputCount(request, metadata=_pat(emulator))
            assert answer.status.code == 99009
            assert "could not write its state file" in answer.status.details
            assert str(tmp_path / "state.db") in answer.status.details


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\x00\x01 not a database at all", "not an emulator state file (not a SQLite database)"),
        (b"SQLite format 3\x00" + b"\xff" * 200, "is not a usable emulator state file"),
    ],
)
def test_a_file_that_is_not_a_state_file_is_refused_by_name(tmp_path, content, says):
    db = tmp_path / "state.db"
    db.write_bytes(content)
    with pytest.raises(StateFileError, match=re.escape(says)) as refused:
        Emulator(db=db)
    assert str(db) in str(refused.value)
    assert db.read_bytes() == content


@pytest.mark.parametrize(
    ("column", "value"),
    [("request", b"\xff\xff\xff"), ("rpc", "NoSuchRpc"), ("day", "someday"), ("metadata", "{not json")],
)
def test_a_damaged_event_is_refused_by_name(tmp_path, column, value):
    db = tmp_path / "state.db"
    with Emulator(db=db) as first:
        request = service_pb2.GetInputCountRequest(user_app_id=_scope(first))
        first.api.call("GetInputCount", request, dict(_pat(first)))
        first.api.state._db.execute(f"UPDATE events SET {column} = ? WHERE kind = 'call'", (value,))
    with pytest.raises(
        StateFileError, match=f"state file {re.escape(str(db))} has (a damaged event|an event)"
    ):
        Emulator(db=db)


def test_another_programs_database_is_refused_and_left_as_it_was(tmp_path):
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as other:
        other.execute("CREATE TABLE people (name TEXT)")
    before = db.read_bytes()
    with pytest.raises(StateFileError, match="a SQLite database of something else"):
        Emulator(db=db)
    assert db.read_bytes() == before


def test_a_file_in_use_by_another_emulator_or_made_with_another_seed_is_refused(tmp_path):
    db = tmp_path / "state.db"
    with Emulator(db=db), pytest.raises(StateFileError, match="in use by another running emulator"):
        Emulator(db=db)
    with pytest.raises(StateFileError, match="made with seed 'clarifai-cookbook', not 'other'"):
        Emulator(db=db, seed_text="other")


# Killed with SIGKILL in the middle of a bulk upload, then restarted on the same file.

BATCH = 16


def _serve(db: Path) -> tuple[subprocess.Popen, dict]:
    process = subprocess.Popen(
        [sys.executable, "-m", "emulator", "serve", "--no-tls", "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=(db.parent / "serve.err").open("a"),  # a pipe nobody reads could block the server
        text=True,
    )
    return process, json.loads(process.stdout.readline())


def _upload(info: dict, acknowledged: list[int], in_flight: list[int], stop: threading.Event) -> None:
    host, port = info["grpc"].rsplit(":", 1)
    stub = service_pb2_grpc.V2Stub(ClarifaiChannel.get_insecure_grpc_channel(base=host, port=int(port)))
    scope = resources_pb2.UserAppIDSet(user_id=info["user_id"], app_id=info["app_id"])
    data = resources_pb2.Data(image=resources_pb2.Image(base64=_png()))
    for batch in range(10_000):
        if stop.is_set():
            return
        inputs = [resources_pb2.Input(id=f"k-{batch:04d}-{n:02d}", data=data) for n in range(BATCH)]
        in_flight[:] = [batch]
        try:
            answer = stub.PostInputs(
                service_pb2.PostInputsRequest(user_app_id=scope, inputs=inputs),
                metadata=(("authorization", "Key " + info["pat"]),),
                timeout=10,
            )
        except grpc.RpcError:
            return  # the server is gone: this batch may or may not have been applied
        assert answer.status.code == 10000, answer.status
        acknowledged.append(batch)
        in_flight.clear()


def _all_input_ids(info: dict) -> list[str]:
    host, port = info["grpc"].rsplit(":", 1)
    stub = service_pb2_grpc.V2Stub(ClarifaiChannel.get_insecure_grpc_channel(base=host, port=int(port)))
    scope = resources_pb2.UserAppIDSet(user_id=info["user_id"], app_id=info["app_id"])
    found, page = [], 1
    while True:
        answer = stub.ListInputs(
            service_pb2.ListInputsRequest(user_app_id=scope, page=page, per_page=1000),
            metadata=(("authorization", "Key " + info["pat"]),),
        )
        assert answer.status.code == 10000, answer.status
        found += [i.id for i in answer.inputs]
        if len(answer.inputs) < 1000:
            return found
        page += 1


def test_sigkill_during_a_bulk_upload_loses_nothing_acknowledged(tmp_path):
    db = tmp_path / "state.db"
    server, info = _serve(db)
    acknowledged, in_flight, stop = [], [], threading.Event()
    client = threading.Thread(target=_upload, args=(info, acknowledged, in_flight, stop))
    try:
        client.start()
        deadline = time.monotonic() + 60
        while len(acknowledged) < 25 and time.monotonic() < deadline and client.is_alive():
            time.sleep(0.005)
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
        client.join(timeout=60)
    finally:
        stop.set()
        server.kill()
    assert len(acknowledged) >= 25 and not client.is_alive()
    restarted, again = _serve(db)
    try:
        assert {key: again[key] for key in ("user_id", "app_id", "pat", "api_key")} == {
            key: info[key] for key in ("user_id", "app_id", "pat", "api_key")
        }
        found = _all_input_ids(again)
    finally:
        restarted.terminate()
        assert restarted.wait(timeout=60) == 0
    assert len(found) == len(set(found))  # none twice
    expected = {f"k-{batch:04d}-{n:02d}" for batch in acknowledged for n in range(BATCH)}
    assert expected <= set(found)  # every acknowledged input is there
    lost_answer = {f"k-{batch:04d}-{n:02d}" for batch in in_flight for n in range(BATCH)}
    assert set(found) - expected in (set(), lost_answer)  # at most the batch in flight, whole
