"""CL003 2019-09-30: deleting one input finished within the call before the date; never after."""

import pytest
import requests
from clarifai_grpc.grpc.api import service_pb2

from tests.helpers import images

BEFORE, AFTER = "2019-09-29", "2019-09-30"


def on(pat, day):
    return (*pat, ("x-clarifai-emulator-as-of", day))


def fill(stub, pat, app_id, count=3):
    request = service_pb2.PostInputsRequest(user_app_id=app_id, inputs=images(count))
    assert stub.PostInputs(request, metadata=pat).status.code == 10000


def get(stub, pat, app_id, input_id, day):
    request = service_pb2.GetInputRequest(user_app_id=app_id, input_id=input_id)
    return stub.GetInput(request, metadata=on(pat, day)).status.code


def delete_one(stub, pat, app_id, day):
    request = service_pb2.DeleteInputRequest(user_app_id=app_id, input_id="in-0000")
    return stub.DeleteInput(request, metadata=on(pat, day)).status.code


def delete_ids(stub, pat, app_id, day, ids):
    request = service_pb2.DeleteInputsRequest(user_app_id=app_id, ids=ids)
    return stub.DeleteInputs(request, metadata=on(pat, day)).status.code


def test_before_the_date_delete_input_is_done_when_it_returns(stub, pat, app_id):
    fill(stub, pat, app_id)
    assert delete_one(stub, pat, app_id, BEFORE) == 10000
    assert get(stub, pat, app_id, "in-0000", BEFORE) == 11101
    assert get(stub, pat, app_id, "in-0001", BEFORE) == 10000


def test_before_the_date_delete_inputs_with_one_id_is_done_when_it_returns(stub, pat, app_id):
    fill(stub, pat, app_id)
    assert delete_ids(stub, pat, app_id, BEFORE, ["in-0001"]) == 10000
    assert get(stub, pat, app_id, "in-0001", BEFORE) == 11101


def test_before_the_date_a_batch_was_already_asynchronous(stub, pat, app_id):
    fill(stub, pat, app_id)
    assert delete_ids(stub, pat, app_id, BEFORE, ["in-0000", "in-0001"]) == 10000
    assert get(stub, pat, app_id, "in-0000", BEFORE) == 10000


@pytest.mark.parametrize("how", ["DeleteInput", "DeleteInputs"])
def test_from_the_date_a_single_delete_is_asynchronous(stub, pat, app_id, how):
    fill(stub, pat, app_id)
    if how == "DeleteInput":
        assert delete_one(stub, pat, app_id, AFTER) == 10000
    else:
        assert delete_ids(stub, pat, app_id, AFTER, ["in-0000"]) == 10000
    assert get(stub, pat, app_id, "in-0000", AFTER) == 10000  # still readable right after
    codes = [get(stub, pat, app_id, "in-0000", AFTER) for _ in range(3)]
    assert codes[-1] == 11101  # gone a little later


def test_before_the_date_deleting_a_missing_input_is_still_refused(stub, pat, app_id):
    request = service_pb2.DeleteInputRequest(user_app_id=app_id, input_id="ghost")
    assert stub.DeleteInput(request, metadata=on(pat, BEFORE)).status.code == 11101


def test_before_the_date_the_rest_door_deletes_synchronously(emulator, stub, pat, app_id):
    fill(stub, pat, app_id)
    headers = {"Authorization": "Key " + emulator.account.api_key, "X-Clarifai-Emulator-As-Of": BEFORE}
    reply = requests.delete(emulator.rest_url + "/v2/inputs/in-0002", headers=headers)
    assert reply.json()["status"]["code"] == 10000
    assert requests.get(emulator.rest_url + "/v2/inputs/in-0002", headers=headers).status_code == 404
