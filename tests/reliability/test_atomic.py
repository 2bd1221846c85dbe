"""Atomic requests: a request that fails half way leaves the store and the state file as they were.

Each multi-write request is sent again and again, with a failure injected at its first write
point (`emulator.faults`), then its second, and so on, until it passes them all and succeeds.
Every failed attempt must answer INTERNAL_UNCATEGORIZED, leave the store, the clock, the id
count and the state file's events exactly as before, and leave the emulator serving. Both
doors, with and without `--db`; and a state file reopened afterwards holds what the successful
attempt made. A log write that fails is the other failure a request can meet: it is undone too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import requests
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc
from clarifai_grpc.grpc.api.status import status_code_pb2
from google.protobuf import json_format
from google.protobuf.message import Message

from emulator import Emulator, faults, snapshots
from emulator.clock import IdGenerator, VirtualClock
from emulator.descriptors import rpc as rpc_named
from emulator.store import Store
from tests.reliability.fuzz import PNG
from tests.reliability.state import documented_problems, snapshot

TIMEOUT = 10.0


def _labelled(concept: str) -> resources_pb2.Data:
    return resources_pb2.Data(concepts=[{"id": concept, "value": 1}])


def _image(input_id: str, concept: str) -> resources_pb2.Input:
    data = _labelled(concept)
    data.image.base64 = PNG
    return resources_pb2.Input(id=input_id, data=data)


def _requests(scope: resources_pb2.UserAppIDSet) -> dict[str, tuple[str, Message]]:
    """The multi-write requests, by what they do: (RPC, request)."""
    node = resources_pb2.WorkflowNode(id="general", model=resources_pb2.Model(id="general-image-recognition"))
    return {
        "add three inputs": (
            "PostInputs",
            service_pb2.PostInputsRequest(
                user_app_id=scope, inputs=[_image(f"new-{n}", f"label-{n}") for n in range(3)]
            ),
        ),
        "patch two inputs": (
            "PatchInputs",
            service_pb2.PatchInputsRequest(
                user_app_id=scope,
                action="merge",
                inputs=[
                    resources_pb2.Input(id="old-0", data=_labelled("x")),
                    resources_pb2.Input(id="old-1", data=_labelled("y")),
                ],
            ),
        ),
        "delete three inputs": (
            "DeleteInputs",
            service_pb2.DeleteInputsRequest(user_app_id=scope, ids=["old-0", "old-1", "old-2"]),
        ),
        "train a model": (
            "PostModelVersions",
            service_pb2.PostModelVersionsRequest(
                user_app_id=scope,
                model_id="pets",
                model_versions=[
                    resources_pb2.ModelVersion(
                        output_info=resources_pb2.OutputInfo(
                            data=resources_pb2.Data(concepts=[{"id": "dog"}, {"id": "cat"}])
                        )
                    )
                ],
            ),
        ),
        "create two workflows": (
            "PostWorkflows",
            service_pb2.PostWorkflowsRequest(
                user_app_id=scope,
                workflows=[resources_pb2.Workflow(id=f"flow-{n}", nodes=[node]) for n in range(2)],
            ),
        ),
    }


@dataclass
class Served:
    """A running emulator with some inputs and a trainable model, and a way to call either door."""

    emulator: Emulator
    stub: service_pb2_grpc.V2Stub
    door: str

    @property
    def scope(self) -> resources_pb2.UserAppIDSet:
        account = self.emulator.account
        return resources_pb2.UserAppIDSet(user_id=account.user_id, app_id=account.app_id)

    def send(self, rpc_name: str, request: Message) -> dict:
        """The answer's status, as JSON, from the door under test."""
        metadata = (("authorization", f"Key {self.emulator.account.pat}"),)
        if self.door == "gRPC":
            response = getattr(self.stub, rpc_name)(request, metadata=metadata, timeout=TIMEOUT)
            return json_format.MessageToDict(
                response.status, preserving_proto_field_name=True, use_integers_for_enums=True
            )
        binding = rpc_named(rpc_name).bindings[0]
        path = binding.template.replace("{user_app_id.user_id}", self.scope.user_id)
        path = path.replace("{user_app_id.app_id}", self.scope.app_id)
        path = path.replace("{model_id}", getattr(request, "model_id", ""))
        body = json_format.MessageToDict(request, preserving_proto_field_name=True)
        answer = requests.request(
            binding.method,
            f"{self.emulator.rest_url}{path}",
            json=body,
            headers=dict(metadata),
            timeout=TIMEOUT,
        )
        return answer.json()["status"]


@pytest.fixture(params=["gRPC", "REST"])
def door(request) -> str:
    return request.param


@pytest.fixture(params=[False, True], ids=["memory", "db"])
def served(request, door, tmp_path) -> Iterator[Served]:
    db = tmp_path / "state.db" if request.param else None
    with Emulator(tls=False, db=db) as emulator:
        channel = ClarifaiChannel.get_insecure_grpc_channel(base=emulator.host, port=emulator.grpc_port)
        made = Served(emulator, service_pb2_grpc.V2Stub(channel), door)
        old = service_pb2.PostInputsRequest(
            user_app_id=made.scope, inputs=[_image(f"old-{n}", "dog" if n % 2 else "cat") for n in range(3)]
        )
        model = resources_pb2.Model(id="pets", model_type_id="embedding-classifier")
        for rpc_name, setup in (
            ("PostInputs", old),
            ("PostModels", service_pb2.PostModelsRequest(user_app_id=made.scope, models=[model])),
            ("ListInputs", service_pb2.ListInputsRequest(user_app_id=made.scope)),  # time for downloads
            ("ListInputs", service_pb2.ListInputsRequest(user_app_id=made.scope)),
        ):
            assert made.send(rpc_name, setup)["code"] == status_code_pb2.SUCCESS
        yield made
        channel.close()


def _state(emulator: Emulator) -> tuple:
    """Everything a request may change: the store, the clock, the id count, the logged events."""
    api = emulator.api
    logged = [event.row() for event in api.state.events()] if api.state else []
    return snapshot(emulator.store, api.clock.now), api.clock.now, emulator.ids.count, logged


def _fail_at_each_point(served: Served, rpc_name: str, request: Message) -> list[str]:
    """Send the request failing at point 1, 2, ... until it succeeds; the points it passed."""
    for fail_at in range(1, 100):
        before = _state(served.emulator)
        with faults.armed(faults.Plan(fail_at)) as plan:
            answered = served.send(rpc_name, request)
        if len(plan.reached) < fail_at:  # it passed every point: done
            assert answered["code"] in (status_code_pb2.SUCCESS, status_code_pb2.MIXED_STATUS), answered
            return plan.reached
        assert answered["code"] == status_code_pb2.INTERNAL_UNCATEGORIZED, answered
        assert "nothing it changed was kept" in answered["details"]
        assert documented_problems(answered) == [f"INTERNAL_UNCATEGORIZED: {answered['details']}"]
        after = _state(served.emulator)
        assert after == before, f"failing at point {fail_at} ({plan.reached[-1]}) changed the state"
    raise AssertionError("the request never got past its write points")


@pytest.mark.parametrize("what", list(_requests(resources_pb2.UserAppIDSet())))
def test_a_request_failing_at_any_write_point_changes_nothing(served, what):
    rpc_name, request = _requests(served.scope)[what]
    reached = _fail_at_each_point(served, rpc_name, request)
    assert len(reached) >= 2, f"{what} has too few write points to test: {reached}"
    assert reached[-1] == "after the handler"


def test_a_file_reopened_after_failures_holds_what_the_success_made(door, tmp_path):
    db = tmp_path / "state.db"
    with Emulator(tls=False, db=db) as emulator:
        channel = ClarifaiChannel.get_insecure_grpc_channel(base=emulator.host, port=emulator.grpc_port)
        served = Served(emulator, service_pb2_grpc.V2Stub(channel), door)
        for rpc_name, request in list(_requests(served.scope).values())[:1]:
            _fail_at_each_point(served, rpc_name, request)
        served.send("ListInputs", service_pb2.ListInputsRequest(user_app_id=served.scope))
        served_state = _state(emulator)[:3]
        channel.close()
    with Emulator(tls=False, db=db) as reopened:
        assert _state(reopened)[:3] == served_state
        assert reopened.diverged == 0


class _DiskFull:
    """A state file whose next write fails, as a full disk would; then it works again."""

    def __init__(self, append: Callable) -> None:
        self.append, self.failed = append, False

    def __call__(self, event) -> None:
        if not self.failed:
            self.failed = True
            raise sqlite3.OperationalError("database or disk is full")
        self.append(event)


def test_a_request_whose_log_write_fails_is_undone_and_the_next_is_served(door, tmp_path, monkeypatch):
    db = tmp_path / "state.db"
    with Emulator(tls=False, db=db) as emulator:
        channel = ClarifaiChannel.get_insecure_grpc_channel(base=emulator.host, port=emulator.grpc_port)
        served = Served(emulator, service_pb2_grpc.V2Stub(channel), door)
        rpc_name, request = _requests(served.scope)["add three inputs"]
        before = _state(emulator)
        monkeypatch.setattr(emulator.api.state, "append", _DiskFull(emulator.api.state.append))
        answered = served.send(rpc_name, request)
        assert answered["code"] == status_code_pb2.INTERNAL_UNCATEGORIZED
        assert "database or disk is full" in answered["details"]
        assert "was not applied" in answered["details"]
        assert _state(emulator) == before
        assert served.send(rpc_name, request)["code"] == status_code_pb2.SUCCESS  # the disk has room again
        served_state = _state(emulator)[:3]
        channel.close()
    with Emulator(tls=False, db=db) as reopened:
        assert _state(reopened)[:3] == served_state


def test_undone_requests_answer_ids_that_no_other_answer_has(served):
    rpc_name, request = _requests(served.scope)["add three inputs"]
    ids = []
    for _ in range(3):
        with faults.armed(faults.Plan(1)):
            ids.append(served.send(rpc_name, request)["req_id"])
    ids.append(served.send(rpc_name, request)["req_id"])
    assert len(set(ids)) == len(ids)


def test_a_snapshot_of_a_world_with_everything_restores_it_exactly(world):
    emulator = world.emulator
    captured = snapshots.capture(emulator.store, emulator.ids, emulator.api.clock)
    store, ids, clock = Store(), IdGenerator(emulator.ids.seed), VirtualClock()
    snapshots.restore(captured, store, ids, clock)
    assert (snapshot(store, clock.now), clock.now, ids.count) == _state(emulator)[:3]


def test_a_request_failing_in_a_world_with_everything_changes_nothing(world):
    served = Served(world.emulator, world.stub(), "gRPC")
    before = _state(world.emulator)
    with faults.armed(faults.Plan(2)):
        answered = served.send(*_requests(served.scope)["add three inputs"])
    assert answered["code"] == status_code_pb2.INTERNAL_UNCATEGORIZED
    assert _state(world.emulator) == before


def test_a_request_undone_after_a_restart_keeps_what_the_restart_set_up(door, tmp_path):
    db = tmp_path / "room.db"
    with Emulator(tls=False, db=db, workshop=1) as emulator:
        channel = ClarifaiChannel.get_insecure_grpc_channel(base=emulator.host, port=emulator.grpc_port)
        served = Served(emulator, service_pb2_grpc.V2Stub(channel), door)
        served.send(*_requests(served.scope)["add three inputs"])
        channel.close()
    with Emulator(tls=False, db=db, workshop=2) as reopened:  # one attendee more: added by the restart
        channel = ClarifaiChannel.get_insecure_grpc_channel(base=reopened.host, port=reopened.grpc_port)
        served = Served(reopened, service_pb2_grpc.V2Stub(channel), door)
        before = _state(reopened)
        with faults.armed(faults.Plan(1)):
            rpc_name, request = _requests(served.scope)["create two workflows"]
            assert served.send(rpc_name, request)["code"] == status_code_pb2.INTERNAL_UNCATEGORIZED
        assert _state(reopened) == before
        assert len(reopened.attendees) == 2
        channel.close()


def test_a_door_refusal_whose_log_write_fails_takes_no_id(tmp_path, monkeypatch):
    with Emulator(tls=False, db=tmp_path / "state.db") as emulator:
        before = _state(emulator)
        monkeypatch.setattr(emulator.api.state, "append", _DiskFull(emulator.api.state.append))
        answer = requests.post(f"{emulator.rest_url}/v2/inputs", data=b"{not json", timeout=TIMEOUT)
        assert answer.json()["status"]["code"] == status_code_pb2.CONN_BAD_REQUEST_FORMAT
        assert _state(emulator) == before
