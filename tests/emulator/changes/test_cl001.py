"""CL001 2019-09-11: planned downtime on the day itself (and on demand), never before or after."""

import json
import subprocess
import sys

import grpc
import pytest
import requests
from clarifai_grpc.grpc.api import service_pb2

from emulator import Emulator
from emulator.changes import cl001_scheduled_db_downtime as cl001
from tests.helpers import image, images

DAY, BEFORE, AFTER = "2019-09-11", "2019-09-10", "2019-09-12"
LOST, UNREACHABLE, MAINTENANCE, UP = 40031, 40031, 39997, 10000
# Ticks 1-25 served as of the day: up, then a window of 12 (lost, 6 unreachable, 5 maintenance),
# up for 7, and the next cycle of 20 starts the same way.
DAY_PATTERN = [UP, LOST, *[UNREACHABLE] * 6, *[MAINTENANCE] * 5, *[UP] * 7, UP, LOST, UNREACHABLE]


def metadata(emulator, day=None):
    found = {"authorization": "Key " + emulator.account.pat}
    return {**found, "x-clarifai-emulator-as-of": day} if day else found


def post(emulator, app_id, input_id, day):
    request = service_pb2.PostInputsRequest(user_app_id=app_id, inputs=[image(input_id=input_id)])
    return emulator.api.call("PostInputs", request, metadata(emulator, day))


def stored_ids(emulator, app_id):
    request = service_pb2.ListInputsRequest(user_app_id=app_id, per_page=1000)
    return {i.id for i in emulator.api.call("ListInputs", request, metadata(emulator, AFTER)).inputs}


@pytest.mark.parametrize("day", [BEFORE, AFTER])
def test_before_and_after_the_day_nothing_is_down(emulator, app_id, day):
    codes = [post(emulator, app_id, f"in-{n}", day).status.code for n in range(45)]
    assert codes == [UP] * 45


def test_on_the_day_a_window_of_12_requests_comes_back_every_20(emulator, app_id):
    codes = [post(emulator, app_id, f"in-{n + 1:02d}", DAY).status.code for n in range(len(DAY_PATTERN))]
    assert codes == DAY_PATTERN
    answered = [n + 1 for n, code in enumerate(codes) if code == UP]
    lost = [2, 22]  # served, but answered as unreachable
    assert stored_ids(emulator, app_id) == {f"in-{tick:02d}" for tick in answered + lost}


def test_the_first_request_of_the_day_opens_the_window_whenever_it_comes(emulator, app_id):
    for n in range(7):
        post(emulator, app_id, f"early-{n}", BEFORE)
    assert [post(emulator, app_id, f"in-{n}", DAY).status.code for n in range(3)] == [UP, LOST, UNREACHABLE]


def test_maintenance_answers_the_documented_text(emulator, app_id):
    codes = [post(emulator, app_id, f"in-{n}", DAY).status for n in range(9)]
    assert (codes[8].code, codes[8].description) == (
        39997,
        "Sorry, this type of request has been disabled for maintenance. Please try again in a few hours.",
    )


def test_refused_deletes_and_patches_change_nothing(emulator, app_id):
    post(emulator, app_id, "keep", BEFORE)
    day = metadata(emulator, DAY)
    count = service_pb2.GetInputCountRequest(user_app_id=app_id)
    patch = service_pb2.PatchInputsRequest(
        user_app_id=app_id, action="overwrite", inputs=[image("x", "keep")]
    )
    calls = [
        ("DeleteInputs", service_pb2.DeleteInputsRequest(user_app_id=app_id, ids=["keep"])),
        ("DeleteInput", service_pb2.DeleteInputRequest(user_app_id=app_id, input_id="keep")),
        ("PatchInputs", patch),
    ]
    for _ in range(2):  # the request that opens the day, then the one whose answer is lost
        emulator.api.call("GetInputCount", count, day)
    for _ in range(3):  # through the unreachable and the maintenance phases
        for rpc, request in calls:
            assert emulator.api.call(rpc, request, day).status.code in (UNREACHABLE, MAINTENANCE)
    request = service_pb2.GetInputRequest(user_app_id=app_id, input_id="keep")
    fetched = emulator.api.call("GetInput", request, metadata(emulator))
    assert fetched.status.code == UP
    assert fetched.input.data.image.url == image().data.image.url


def test_other_rpcs_stay_up_during_a_window(emulator, app_id):
    with Emulator(downtime=(1, 10)) as down:
        answer = down.api.call("ListApps", service_pb2.ListAppsRequest(), metadata(down, DAY))
        assert answer.status.code == UP


def test_the_grpc_door_answers_unavailable_and_the_channel_retries_it_5_times(stub, pat, app_id, emulator):
    day = (*pat, ("x-clarifai-emulator-as-of", DAY))
    request = service_pb2.GetInputCountRequest(user_app_id=app_id)
    assert stub.GetInputCount(request, metadata=day).status.code == UP
    with pytest.raises(grpc.RpcError) as error:
        stub.GetInputCount(request, metadata=day)
    assert error.value.code() == grpc.StatusCode.UNAVAILABLE
    assert "planned database maintenance" in error.value.details()
    assert [entry.code for entry in emulator.journal] == [UP, *[UNREACHABLE] * 5]
    assert stub.GetInputCount(request, metadata=day).status.code == MAINTENANCE  # attempts 7 and 8


def test_the_rest_door_answers_503_with_a_json_status(emulator):
    url = emulator.rest_url + "/v2/inputs"
    headers = {"Authorization": "Key " + emulator.account.api_key, "X-Clarifai-Emulator-As-Of": DAY}
    replies = [requests.get(url, headers=headers) for _ in range(9)]
    assert [reply.status_code for reply in replies] == [200, *[503] * 8]
    assert [reply.json()["status"]["code"] for reply in replies[6:]] == [40031, 40031, 39997]
    assert replies[1].json()["status"]["description"] == (
        "Sorry, the server is unavailable at the moment. Please try again later"
    )


def test_a_scheduled_window_applies_on_any_date(app_id):
    with Emulator(downtime=(3, 12)) as down:
        codes = [post(down, app_id, f"in-{n}", None).status.code for n in range(14)]
    assert codes == [UP, UP, LOST, *[UNREACHABLE] * 6, MAINTENANCE, MAINTENANCE, UP, UP, UP]


def test_a_bad_window_is_refused():
    with pytest.raises(ValueError, match="0 <= START < END"):
        Emulator(downtime=(5, 5))
    assert cl001.phase_at(0) == cl001.LOST and cl001.phase_at(7) == cl001.MAINTENANCE


def test_serve_takes_a_downtime_window():
    process = subprocess.Popen(
        [sys.executable, "-m", "emulator", "serve", "--downtime", "2,9"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert json.loads(process.stdout.readline())["downtime"] == [2, 9]
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0


@pytest.mark.parametrize("window", ["9,2", "soon", "3", "4,-1", "2,x"])
def test_serve_refuses_a_bad_downtime_window(window):
    done = subprocess.run(
        [sys.executable, "-m", "emulator", "serve", "--downtime", window], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "not ticks START,END" in done.stderr


def test_inputs_posted_in_a_batch_during_the_lost_answer_are_kept(emulator, app_id):
    post(emulator, app_id, "first", DAY)
    request = service_pb2.PostInputsRequest(user_app_id=app_id, inputs=images(3))
    assert emulator.api.call("PostInputs", request, metadata(emulator, DAY)).status.code == LOST
    assert {"in-0000", "in-0001", "in-0002"} <= stored_ids(emulator, app_id)


def test_a_lost_answer_sent_again_after_the_window_is_a_duplicate_key(emulator, app_id):
    post(emulator, app_id, "first", DAY)
    assert post(emulator, app_id, "lost", DAY).status.code == LOST
    repeat = post(emulator, app_id, "lost", AFTER).status
    assert (repeat.code, repeat.description) == (
        40010,  # DATABASE_DUPLICATE_KEY in Clarifai's status-code table, not 30104
        "Object has a duplicate ID; another object with same ID already exist.",
    )
    assert "lost" in repeat.details


@pytest.mark.parametrize(
    "rpc, request_class",
    [
        ("PostSearches", service_pb2.PostSearchesRequest),
        ("PostInputsSearches", service_pb2.PostInputsSearchesRequest),
        ("PostModelVersions", service_pb2.PostModelVersionsRequest),
    ],
)
def test_search_and_training_are_down_too(app_id, rpc, request_class):
    with Emulator(downtime=(1, 10)) as down:
        request = request_class(user_app_id=app_id)
        codes = [down.api.call(rpc, request, metadata(down)).status.code for _ in range(10)]
    # tick 1 is the lost answer of a request served normally: this empty one is refused anyway
    assert codes[1:9] == [*[UNREACHABLE] * 6, MAINTENANCE, MAINTENANCE]
    assert codes[9] not in (UNREACHABLE, MAINTENANCE)  # tick 10: up again


def test_an_outage_refuses_old_requests_that_an_older_behaviour_would_answer(app_id):
    """A guard runs before any other hook: CL012's old delete_all cannot slip past the outage."""
    with Emulator(downtime=(3, 12)) as down:
        for n in range(2):
            post(down, app_id, f"in-{n}", BEFORE)
        request = service_pb2.DeleteInputsRequest(user_app_id=app_id)
        codes = [
            down.api.call(
                "DeleteInputs", request, metadata(down, "2021-02-11"), {"delete_all": True}
            ).status.code
            for _ in range(3)
        ]
        assert codes == [LOST, UNREACHABLE, UNREACHABLE]
        assert len(stored_ids(down, app_id)) == 0  # only the lost answer's delete went through
