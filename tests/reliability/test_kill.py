"""`kill -9` of a real `serve --db` process at any moment, inside a snapshot write included:
a restart on the same file has every acknowledged input exactly once, and nothing else but
possibly the one request whose answer the kill cut off."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc

from emulator import Emulator
from tests.reliability.fuzz import PNG

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT_EVERY = 37  # a snapshot every few dozen requests: kills land before, during and after them
SEED = 18  # the kill points are random, the same each run
SUCCESS = 10000


@contextmanager
def _serving(db: Path, *before: str) -> Iterator[tuple[subprocess.Popen, dict]]:
    """A `serve --db` process (run by the command `before`, default `python -m emulator`) and
    its JSON line; SIGKILLed at the end if still running."""
    command = [*(before or (sys.executable, "-m", "emulator"))]
    errors = db.parent / "serve.err"
    with errors.open("a") as log:  # a file, not a pipe: a pipe nobody reads could block the server
        process = subprocess.Popen(
            [*command, "serve", "--no-tls", "--db", str(db), "--snapshot-every", str(SNAPSHOT_EVERY)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
    try:
        line = process.stdout.readline()
        assert line, errors.read_text()
        yield process, json.loads(line)
    finally:
        process.kill()
        process.wait(timeout=30)
        process.stdout.close()


@dataclass
class Client:
    """Posts inputs with ids it chooses, one to three a request, as fast as answers come."""

    info: dict
    first: int = 0  # the number of its first request, so ids never repeat across runs
    acked: set[str] = field(default_factory=set)
    in_flight: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # answers that were neither SUCCESS nor a kill

    def run(self) -> None:
        host, port = self.info["grpc"].rsplit(":", 1)
        channel = ClarifaiChannel.get_insecure_grpc_channel(base=host, port=int(port))
        stub = service_pb2_grpc.V2Stub(channel)
        scope = resources_pb2.UserAppIDSet(user_id=self.info["user_id"], app_id=self.info["app_id"])
        metadata = (("authorization", "Key " + self.info["pat"]),)
        data = resources_pb2.Data(image=resources_pb2.Image(base64=PNG))
        for number in range(self.first, self.first + 100_000):
            ids = [f"k{number:06d}-{n}" for n in range(1 + number % 3)]
            self.in_flight[:] = ids
            request = service_pb2.PostInputsRequest(
                user_app_id=scope, inputs=[resources_pb2.Input(id=i, data=data) for i in ids]
            )
            try:
                answer = stub.PostInputs(request, metadata=metadata, timeout=20)
            except grpc.RpcError:  # killed: this request may or may not have been applied
                break
            if answer.status.code != SUCCESS:
                self.failed.append(str(answer.status))
                break
            self.acked.update(ids)
            self.in_flight.clear()
        channel.close()

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, daemon=True)
        thread.start()
        return thread


def _wait(until, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not until():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.002)


def _kill(process: subprocess.Popen, client: threading.Thread) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    client.join(timeout=30)
    assert not client.is_alive()


def _inputs(db: Path) -> tuple[list[str], Emulator]:
    """Every input id in the file's state (opened in process: the server is dead), and the emulator."""
    emulator = Emulator(db=db, tls=False)
    try:
        app = emulator.store.app(emulator.account.user_id, emulator.account.app_id)
        return [stored.input.id for stored in app.inputs.all(emulator.api.clock.now)], emulator
    finally:
        emulator.stop()


def _check(found: list[str], known: set[str], client: Client) -> set[str]:
    """Every input known before and acknowledged since present once, the request in flight whole
    or not at all, nothing else; the inputs now known."""
    assert not client.failed, client.failed
    assert len(found) == len(set(found)), "an input is there twice"
    missing = (known | client.acked) - set(found)
    assert not missing, f"{len(missing)} acknowledged inputs lost, e.g. {sorted(missing)[:3]}"
    extra = set(found) - known - client.acked
    assert extra in (set(), set(client.in_flight)), f"unexpected inputs {sorted(extra)[:5]}"
    return set(found)


def _run_and_kill(db: Path, first: int, acks: int, after: float) -> Client:
    """Serve `db` to a client until about `acks` inputs are acknowledged, then SIGKILL the server
    `after` seconds later (inside some later request); the client."""
    with _serving(db) as (server, info):
        client = Client(info, first=first)
        thread = client.start()
        _wait(lambda: len(client.acked) >= acks or not thread.is_alive())
        time.sleep(after)
        _kill(server, thread)
    return client


def test_sigkill_at_several_moments_loses_and_duplicates_nothing_acknowledged(tmp_path):
    db = tmp_path / "state.db"
    picks = random.Random(SEED)
    known: set[str] = set()
    for run, acks in enumerate((50, 300, 1000)):  # about this many acknowledged inputs, then kill
        client = _run_and_kill(db, 100_000 * run, acks + picks.randrange(acks // 2), picks.random() / 100)
        found, emulator = _inputs(db)
        assert emulator.diverged == 0 and emulator.notes == []
        known = _check(found, known, client)
    assert len(known) > 1350


def _rows(db: Path, query: str) -> list[tuple]:
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute(query).fetchall()


def test_sigkill_inside_a_snapshot_write_keeps_the_previous_snapshot_and_every_event(tmp_path):
    db, marker = tmp_path / "state.db", tmp_path / "in-snapshot"
    paused = (sys.executable, "-m", "tests.reliability.serve_paused", str(marker), "3", "5")
    with _serving(db, *paused) as (server, info):
        client = Client(info)
        thread = client.start()
        _wait(lambda: marker.exists() or not thread.is_alive())
        assert marker.exists(), "the third snapshot was never written"
        _kill(server, thread)
    assert client.in_flight  # the request whose snapshot was being written never got its answer
    (snapshot,) = _rows(db, "SELECT state FROM snapshot")  # the second, as it was
    events = _rows(db, "SELECT count(*) FROM events WHERE kind = 'call'")[0][0]
    assert 0 < events <= SNAPSHOT_EVERY  # the DELETE of the unfinished snapshot was rolled back
    found, emulator = _inputs(db)
    assert (emulator.replayed, emulator.diverged) == (events, 0)
    _check(found, set(), client)
    assert set(client.in_flight) <= set(found)  # logged before its snapshot began
    with _serving(db) as (server, again):  # and the file serves on, killed once more
        assert {key: again[key] for key in ("user_id", "pat")} == {
            key: info[key] for key in ("user_id", "pat")
        }
        more = Client(again, first=100_000)
        thread = more.start()
        _wait(lambda: len(more.acked) >= 100 or not thread.is_alive())
        _kill(server, thread)
    _check(_inputs(db)[0], set(found), more)
