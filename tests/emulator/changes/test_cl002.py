"""CL002 2019-09-24: one input added alone was ready at once before the date; never after."""

from clarifai_grpc.grpc.api import service_pb2

from tests.helpers import image, images

BEFORE, AFTER = "2019-09-23", "2019-09-24"


def post(stub, pat, app_id, day, inputs):
    metadata = (*pat, ("x-clarifai-emulator-as-of", day))
    return stub.PostInputs(
        service_pb2.PostInputsRequest(user_app_id=app_id, inputs=inputs), metadata=metadata
    )


def test_before_the_date_a_single_input_is_downloaded_within_the_call(stub, pat, app_id):
    response = post(stub, pat, app_id, BEFORE, [image(input_id="one")])
    assert response.inputs[0].status.code == 30000
    fetched = stub.GetInput(service_pb2.GetInputRequest(user_app_id=app_id, input_id="one"), metadata=pat)
    assert fetched.input.status.code == 30000


def test_before_the_date_a_batch_was_already_asynchronous(stub, pat, app_id):
    response = post(stub, pat, app_id, BEFORE, images(2))
    assert [i.status.code for i in response.inputs] == [30001, 30001]


def test_from_the_date_a_single_input_is_pending(stub, pat, app_id):
    assert post(stub, pat, app_id, AFTER, [image()]).inputs[0].status.code == 30001


BAD_URL = "https://images.example.com/no-such-image.jpg"  # not a sample host: its download fails


def get(stub, pat, app_id, input_id):
    return stub.GetInput(service_pb2.GetInputRequest(user_app_id=app_id, input_id=input_id), metadata=pat)


def test_before_the_date_a_single_failed_download_is_the_calls_own_answer(stub, pat, app_id):
    response = post(stub, pat, app_id, BEFORE, [image(BAD_URL, "bad")])
    assert (response.status.code, response.status.description) == (10020, "Failure")
    assert (response.inputs[0].status.code, response.inputs[0].status.description) == (
        30002,
        "Download failed; check URL",
    )
    assert "404" in response.inputs[0].status.details
    assert get(stub, pat, app_id, "bad").input.status.code == 30002  # kept, failed


def test_from_the_date_a_failed_download_shows_only_later_through_get_input(stub, pat, app_id):
    response = post(stub, pat, app_id, AFTER, [image(BAD_URL, "bad")])
    assert (response.status.code, response.inputs[0].status.code) == (10000, 30001)
    for _ in range(5):
        fetched = get(stub, pat, app_id, "bad").input.status.code
        if fetched == 30002:
            break
    assert fetched == 30002


def test_the_rest_door_answers_the_old_failure_with_an_error_status(emulator):
    import requests

    reply = requests.post(
        emulator.rest_url + "/v2/inputs",
        headers={"Authorization": "Key " + emulator.account.api_key, "x-clarifai-emulator-as-of": BEFORE},
        json={"inputs": [{"id": "bad", "data": {"image": {"url": BAD_URL}}}]},
        timeout=10,
    )
    body = reply.json()
    assert reply.status_code >= 400  # the 2.x client raises its ApiError on it
    assert (body["status"]["code"], body["inputs"][0]["status"]["code"]) == (10020, 30002)
