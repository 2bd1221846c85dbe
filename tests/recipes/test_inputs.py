"""Input recipes against the emulator: batching, waiting, deleting everything."""

import math
from collections import Counter

import pytest

from recipes import add_inputs, delete_all_inputs, wait_for_deleted, wait_for_inputs
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
    journal = Counter(entry.rpc for entry in session.emulator.api.journal if entry.code == 10000)
    assert journal["DeleteInputs"] == 8


def test_delete_all_inputs_on_an_empty_app(session):
    assert delete_all_inputs(session) == 0
    assert session.calls["DeleteInputs"] == 0


def test_delete_all_inputs_resumes_after_an_interruption(session):
    add_inputs(session, images(200))
    from recipes.inputs import delete_inputs

    delete_inputs(session, [f"in-{n:04d}" for n in range(128)])  # the first batch, then a crash
    assert delete_all_inputs(session) >= 72
    assert list_input_ids(session) == []


def test_wait_for_deleted_gives_up_with_a_timeout(session, monkeypatch):
    add_inputs(session, images(1))
    with pytest.raises(TimeoutError, match="still present"):
        wait_for_deleted(session, ["in-0000"], timeout=0.05)


def test_failures_raise_with_the_status_name(session):
    from clarifai_grpc.grpc.api import resources_pb2

    from recipes import ClarifaiStatusError

    with pytest.raises(ClarifaiStatusError, match=r"PostInputs: INPUT_INVALID_ARGUMENT \(30104\)") as error:
        add_inputs(session, [resources_pb2.Input(id="empty")])
    assert error.value.name == "INPUT_INVALID_ARGUMENT"
    assert "empty" in error.value.details
