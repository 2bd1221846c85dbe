"""CL012 2021-02-12: `delete_all` emptied the app before the date; refused after it."""

import requests
from clarifai_grpc.grpc.api import service_pb2

from tests.helpers import images

BEFORE, AFTER = "2021-02-11", "2021-02-12"


def fill(stub, pat, app_id, count=5):
    stub.PostInputs(service_pb2.PostInputsRequest(user_app_id=app_id, inputs=images(count)), metadata=pat)


def remaining(stub, pat, app_id):
    for _ in range(3):  # let asynchronous deletes finish
        response = stub.ListInputs(service_pb2.ListInputsRequest(user_app_id=app_id), metadata=pat)
    return len(response.inputs)


def rest_delete_all(emulator, day):
    url = f"{emulator.rest_url}/v2/inputs"
    headers = {"Authorization": "Key " + emulator.account.api_key, "X-Clarifai-Emulator-As-Of": day}
    return requests.delete(url, json={"delete_all": True}, headers=headers).json()["status"]


def grpc_delete_all(stub, pat, app_id, day):
    """What clarifai-grpc before 8.0.0 sent: field 3 set to true."""
    raw = service_pb2.DeleteInputsRequest(user_app_id=app_id).SerializeToString() + bytes([3 << 3, 1])
    request = service_pb2.DeleteInputsRequest.FromString(raw)
    return stub.DeleteInputs(request, metadata=(*pat, ("x-clarifai-emulator-as-of", day))).status


def test_before_the_date_rest_delete_all_empties_the_app(emulator, stub, pat, app_id):
    fill(stub, pat, app_id)
    assert rest_delete_all(emulator, BEFORE)["code"] == 10000
    assert remaining(stub, pat, app_id) == 0


def test_before_the_date_an_old_grpc_client_empties_the_app(stub, pat, app_id):
    fill(stub, pat, app_id)
    assert grpc_delete_all(stub, pat, app_id, BEFORE).code == 10000
    assert remaining(stub, pat, app_id) == 0


def test_from_the_date_rest_delete_all_is_refused_and_deletes_nothing(emulator, stub, pat, app_id):
    fill(stub, pat, app_id)
    status = rest_delete_all(emulator, AFTER)
    assert (status["code"], status["description"]) == (11100, "Bad request format")
    assert "delete_all" in status["details"]
    assert remaining(stub, pat, app_id) == 5


def test_from_the_date_an_old_grpc_client_is_refused(stub, pat, app_id):
    fill(stub, pat, app_id)
    assert grpc_delete_all(stub, pat, app_id, AFTER).code == 11100
    assert remaining(stub, pat, app_id) == 5


def test_delete_all_false_before_the_date_is_an_ordinary_delete(emulator, stub, pat, app_id):
    fill(stub, pat, app_id)
    url = f"{emulator.rest_url}/v2/inputs"
    headers = {"Authorization": "Key " + emulator.account.api_key, "X-Clarifai-Emulator-As-Of": BEFORE}
    body = {"delete_all": False, "ids": ["in-0000"]}
    assert requests.delete(url, json=body, headers=headers).json()["status"]["code"] == 10000
    assert remaining(stub, pat, app_id) == 4
