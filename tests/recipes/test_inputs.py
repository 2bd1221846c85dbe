"""Input recipes against the emulator: batching, waiting, deleting everything."""

import dataclasses
import math
from collections import Counter

import pytest
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from recipes import add_inputs, delete_all_inputs, delete_and_wait, wait_for_deleted, wait_for_inputs
from recipes.inputs import list_input_ids
from tests.helpers import images


def test_add_inputs_batches_of_128(session):
    ids = add_inputs(session, images(300))
    assert ids == [f"in-{n:04d}" for n in range(300)]
    assert session.calls["PostInputs"] == 3


def test_wait_for_inputs_polls_until_every_input_settled(session):
    ids = add_inputs(session, images(3))
    assert wait_for_inputs(session, ids) == {i: "INPUT_SUCCESS" for i in ids}
    assert session.calls["ListInputs"] == 2  # in progress once, then done


def test_wait_for_inputs_names_inputs_that_do_not_exist(session):
    assert wait_for_inputs(session, ["ghost"]) == {"ghost": "INPUT_DOES_NOT_EXIST"}


def test_deleting_1000_inputs_takes_ceil_1000_over_128_calls(session):
    add_inputs(session, images(1000))
    assert delete_all_inputs(session) == 1000
    assert session.calls["DeleteInputs"] == math.ceil(1000 / 128) == 8
    assert list_input_ids(session) == []
    journal = Counter(entry.rpc for entry in session.emulator.journal if entry.code == 10000)
    assert journal["DeleteInputs"] == 8


def test_delete_all_inputs_on_an_empty_app(session):
    assert delete_all_inputs(session) == 0
    assert session.calls["DeleteInputs"] == 0


class InterruptedStub:
    """A stub whose first DeleteInputs goes through; the next ones are interrupted (Ctrl-C)."""

    def __init__(self, stub) -> None:
        self._stub = stub
        self.deletes = 0

    def __getattr__(self, name: str):
        method = getattr(self._stub, name)
        if name != "DeleteInputs":
            return method

        def interrupted(*args, **kwargs):
            self.deletes += 1
            if self.deletes > 1:
                raise KeyboardInterrupt
            return method(*args, **kwargs)

        return interrupted


def test_delete_all_inputs_resumes_after_an_interruption(session):
    add_inputs(session, images(200))
    interrupted = dataclasses.replace(session, stub=InterruptedStub(session.stub))
    with pytest.raises(KeyboardInterrupt):
        delete_all_inputs(interrupted)  # the first batch of 128 is deleted, then Ctrl-C
    list_input_ids(session)  # deletes finish a couple of requests later (CL003)
    assert 0 < len(list_input_ids(session)) < 200
    assert delete_all_inputs(session) >= 72  # the rerun starts from what is left
    assert list_input_ids(session) == []


def test_wait_for_deleted_gives_up_with_a_timeout(session, monkeypatch):
    add_inputs(session, images(1))
    with pytest.raises(TimeoutError, match="still present"):
        wait_for_deleted(session, ["in-0000"], timeout=0.05)


def test_failures_raise_with_the_status_name(session):
    from recipes import ClarifaiStatusError

    with pytest.raises(ClarifaiStatusError, match=r"PostInputs: INPUT_INVALID_ARGUMENT \(30104\)") as error:
        add_inputs(session, [resources_pb2.Input(id="empty")])
    assert error.value.name == "INPUT_INVALID_ARGUMENT"
    assert "empty" in error.value.details


def get_code(session, input_id):
    request = service_pb2.GetInputRequest(user_app_id=session.user_app_id, input_id=input_id)
    return session.stub.GetInput(request, metadata=session.metadata).status.code


# CL003: delete, then wait until the inputs are really gone.


def test_after_delete_and_wait_get_input_answers_not_found(session):
    add_inputs(session, images(3))
    assert delete_and_wait(session, ["in-0000"]) == 1
    assert get_code(session, "in-0000") == 11101
    assert get_code(session, "in-0001") == 10000


def test_many_ids_in_batches_and_repeated_ids_once(session):
    ids = add_inputs(session, images(200))
    assert delete_and_wait(session, ids + ids[:5]) == 200
    assert session.calls["DeleteInputs"] == 2
    assert get_code(session, ids[-1]) == 11101


def test_the_day_before_the_change_it_works_the_same(session):
    before = session.as_of("2019-09-29")
    add_inputs(before, images(1))
    assert delete_and_wait(before, ["in-0000"]) == 1
    assert get_code(before, "in-0000") == 11101


@pytest.mark.parametrize("day", ["2020-02-23", "2020-02-24"])
def test_wait_for_inputs_waits_for_a_video_on_both_sides_of_cl008(session, day):
    """Before 2020-02-24 a pending video answered 31001: still busy, by today's name (CL008)."""
    from clarifai_grpc.grpc.api import resources_pb2

    dated = session.as_of(day)
    video = resources_pb2.Video(url="https://samples.clarifai.com/beer.mp4")
    ids = add_inputs(dated, [resources_pb2.Input(id="clip", data=resources_pb2.Data(video=video))])
    assert wait_for_inputs(dated, ids) == {"clip": "INPUT_SUCCESS"}
    assert dated.calls["ListInputs"] >= 2  # it did not stop at the pending answer
