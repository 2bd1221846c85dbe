"""CL003 recipe: delete, then wait until the inputs are really gone."""

from clarifai_grpc.grpc.api import service_pb2

from recipes import add_inputs
from recipes.inputs_deletion import delete_and_wait
from tests.helpers import images


def get_code(session, input_id):
    request = service_pb2.GetInputRequest(user_app_id=session.user_app_id, input_id=input_id)
    return session.stub.GetInput(request, metadata=session.metadata).status.code


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
