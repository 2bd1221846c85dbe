"""CL008 2020-02-24: video inputs answered INPUT_VIDEO_* codes before the date, INPUT_* after."""

import pytest
import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from tests.helpers import image

BEFORE, AFTER = "2020-02-23", "2020-02-24"
VIDEO_URL = "https://samples.clarifai.com/beer.mp4"


def video(input_id="clip", url=VIDEO_URL):
    return resources_pb2.Input(id=input_id, data=resources_pb2.Data(video=resources_pb2.Video(url=url)))


def on(pat, day):
    return (*pat, ("x-clarifai-emulator-as-of", day))


def post(stub, pat, app_id, day, inputs):
    request = service_pb2.PostInputsRequest(user_app_id=app_id, inputs=inputs)
    return stub.PostInputs(request, metadata=on(pat, day))


def get(stub, pat, app_id, day, input_id="clip"):
    request = service_pb2.GetInputRequest(user_app_id=app_id, input_id=input_id)
    return stub.GetInput(request, metadata=on(pat, day)).input.status


def test_before_the_date_a_video_goes_through_the_video_codes(stub, pat, app_id):
    added = post(stub, pat, app_id, BEFORE, [video()]).inputs[0].status
    assert (added.code, added.description) == (31001, "Download pending")
    seen = [get(stub, pat, app_id, BEFORE).code for _ in range(3)]
    assert seen == [31001, 31000, 31000]  # in progress has no video code: still pending
    assert get(stub, pat, app_id, BEFORE).description == "Download complete"


def test_before_the_date_images_keep_their_input_codes(stub, pat, app_id):
    response = post(stub, pat, app_id, BEFORE, [video(), image(input_id="photo")])
    assert [i.status.code for i in response.inputs] == [31001, 30001]
    for _ in range(2):
        get(stub, pat, app_id, BEFORE)
    assert get(stub, pat, app_id, BEFORE, "photo").code == 30000


def test_from_the_date_a_video_answers_the_input_codes(stub, pat, app_id):
    assert post(stub, pat, app_id, AFTER, [video()]).inputs[0].status.code == 30001
    seen = [get(stub, pat, app_id, AFTER).code for _ in range(3)]
    assert seen == [30003, 30000, 30000]


def test_the_date_is_per_request_not_per_input(stub, pat, app_id):
    post(stub, pat, app_id, AFTER, [video()])
    for _ in range(2):
        get(stub, pat, app_id, AFTER)
    assert (get(stub, pat, app_id, BEFORE).code, get(stub, pat, app_id, AFTER).code) == (31000, 30000)


def test_before_the_date_a_failed_video_answers_31002_with_its_details(emulator, stub, pat, app_id):
    post(stub, pat, app_id, BEFORE, [video()])
    app = emulator.store.app(app_id.user_id, app_id.app_id)
    app.inputs.get("clip", emulator.api.clock.now).failure = "404 Client Error: Not Found"
    for _ in range(2):
        get(stub, pat, app_id, BEFORE)
    failed = get(stub, pat, app_id, BEFORE)
    assert (failed.code, failed.details) == (31002, "404 Client Error: Not Found")
    assert failed.description.startswith("Download failed or we could not process it.")
    assert get(stub, pat, app_id, AFTER).code == 30002


@pytest.mark.parametrize("day, listed, fetched", [(BEFORE, 31001, 31000), (AFTER, 30003, 30000)])
def test_list_inputs_and_the_rest_door_show_the_same_codes(emulator, stub, pat, app_id, day, listed, fetched):
    post(stub, pat, app_id, day, [video()])
    found = stub.ListInputs(service_pb2.ListInputsRequest(user_app_id=app_id), metadata=on(pat, day))
    assert [i.status.code for i in found.inputs] == [listed]  # downloading
    headers = {"Authorization": "Key " + emulator.account.api_key, "X-Clarifai-Emulator-As-Of": day}
    shown = requests.get(emulator.rest_url + "/v2/inputs/clip", headers=headers).json()["input"]["status"]
    assert shown["code"] == fetched


def test_before_the_date_patching_a_video_answers_the_video_modify_code(stub, pat, app_id):
    post(stub, pat, app_id, BEFORE, [video()])
    request = service_pb2.PatchInputsRequest(
        user_app_id=app_id,
        action="merge",
        inputs=[
            resources_pb2.Input(
                id="clip", data=resources_pb2.Data(concepts=[resources_pb2.Concept(id="beer")])
            )
        ],
    )
    patched = stub.PatchInputs(request, metadata=on(pat, BEFORE)).inputs[0].status
    assert (patched.code, patched.description) == (31200, "Input video modification success")


@pytest.mark.parametrize("day, failed", [(BEFORE, 31002), (AFTER, 30002)])
def test_a_video_whose_url_does_not_download_fails_with_the_code_of_its_date(stub, pat, app_id, day, failed):
    post(stub, pat, app_id, day, [video(url="https://example.com/cookbook/missing.mp4")])
    seen = [get(stub, pat, app_id, day) for _ in range(3)]
    assert seen[-1].code == failed
    assert seen[-1].details == "404 Client Error: Not Found for url: https://example.com/cookbook/missing.mp4"
