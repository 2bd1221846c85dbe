"""CL005 2020-02-01: the Focus model answered `data.focus` before the date; it is gone from it."""

import base64

import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from google.protobuf import unknown_fields

from cookbook.catalog import ROOT
from emulator.legacy_protos import Focus

BEFORE, AFTER = "2020-01-31", "2020-02-01"
FOCUS = "c2cf7cecd8a6427da375b9f35fcd2381"
MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
ASTRONAUT = (ROOT / "data" / "images" / "astronaut.jpg").read_bytes()
SIDES = {"top_row", "left_col", "bottom_row", "right_col"}


def rest_predict(emulator, day, model_id=FOCUS, path="users/clarifai/apps/main/", key=None):
    url = f"{emulator.rest_url}/v2/{path}models/{model_id}/outputs"
    headers = {"Authorization": "Key " + (key or emulator.account.pat), "X-Clarifai-Emulator-As-Of": day}
    body = {"inputs": [{"data": {"image": {"base64": base64.b64encode(ASTRONAUT).decode()}}}]}
    return requests.post(url, json=body, headers=headers).json()


def grpc_predict(stub, pat, day, model_id=FOCUS, inputs=None):
    image = resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(base64=ASTRONAUT)))
    request = service_pb2.PostModelOutputsRequest(
        user_app_id=MAIN, model_id=model_id, inputs=[image] if inputs is None else inputs
    )
    return stub.PostModelOutputs(request, metadata=(*pat, ("x-clarifai-emulator-as-of", day)))


def old_focus(data: resources_pb2.Data) -> Focus:
    """What a client from before the removal decodes: Data field 10, a Focus message."""
    found = [f for f in unknown_fields.UnknownFieldSet(data) if f.field_number == 10]
    assert len(found) == 1
    return Focus.FromString(bytes(found[0].data))


def test_before_the_date_rest_focus_answers_data_focus_and_focus_regions(emulator):
    answer = rest_predict(emulator, BEFORE)
    assert answer["status"]["code"] == 10000
    output = answer["outputs"][0]
    assert output["model"]["id"] == FOCUS and output["model"]["name"] == "focus"
    assert set(output["data"]["focus"]) == {"density", "value"}
    assert all(0 <= v <= 1 for v in output["data"]["focus"].values())
    regions = output["data"]["regions"]
    assert 1 <= len(regions) <= 3
    for region in regions:
        assert set(region["region_info"]["bounding_box"]) == SIDES
        assert set(region["data"]["focus"]) == {"density", "value"}


def test_before_the_date_an_old_grpc_client_decodes_focus(stub, pat):
    response = grpc_predict(stub, pat, BEFORE)
    assert response.status.code == 10000
    data = response.outputs[0].data
    assert 0 <= old_focus(data).value <= 1
    assert all(0 <= old_focus(region.data).density <= 1 for region in data.regions)
    assert all(region.region_info.bounding_box.bottom_row > 0 for region in data.regions)


def test_before_the_date_the_same_image_gets_the_same_focus(emulator):
    first, second = (rest_predict(emulator, BEFORE)["outputs"][0]["data"] for _ in range(2))
    assert first == second


def test_before_the_date_an_app_api_key_reaches_focus_by_the_short_url(emulator):
    """How the docs of the time called it: POST /v2/models/{id}/outputs with an app API key."""
    answer = rest_predict(emulator, BEFORE, path="", key=emulator.account.api_key)
    assert answer["status"]["code"] == 10000
    assert "focus" in answer["outputs"][0]["data"]


def test_before_the_date_a_request_without_inputs_is_refused(stub, pat):
    assert grpc_predict(stub, pat, BEFORE, inputs=[]).status.code == 11102


def test_before_the_date_other_models_are_unchanged(emulator):
    output = rest_predict(emulator, BEFORE, model_id="general-image-recognition")["outputs"][0]
    assert "focus" not in output["data"] and output["data"]["concepts"]


def test_from_the_date_rest_focus_does_not_exist(emulator):
    status = rest_predict(emulator, AFTER)["status"]
    assert (status["code"], status["description"]) == (11101, "Resource does not exist")
    assert status["details"] == f"model_id '{FOCUS}' not found. Check the url of your request."


def test_from_the_date_grpc_focus_does_not_exist(stub, pat):
    response = grpc_predict(stub, pat, AFTER)
    assert response.status.code == 11101 and not response.outputs


def test_today_the_short_url_with_an_api_key_does_not_find_focus_either(emulator):
    status = rest_predict(emulator, AFTER, path="", key=emulator.account.api_key)["status"]
    assert status["code"] == 11101


def rest_get_model(emulator, day, path="users/clarifai/apps/main/", key=None):
    url = f"{emulator.rest_url}/v2/{path}models/{FOCUS}"
    headers = {"Authorization": "Key " + (key or emulator.account.pat), "X-Clarifai-Emulator-As-Of": day}
    return requests.get(url, headers=headers).json()


def grpc_get_model(stub, pat, day):
    request = service_pb2.GetModelRequest(user_app_id=MAIN, model_id=FOCUS)
    return stub.GetModel(request, metadata=(*pat, ("x-clarifai-emulator-as-of", day)))


def test_before_the_date_get_model_finds_focus_on_both_doors(emulator, stub, pat):
    model = rest_get_model(emulator, BEFORE, path="", key=emulator.account.api_key)["model"]
    assert (model["id"], model["name"], model["app_id"]) == (FOCUS, "focus", "main")
    assert model["model_version"]["status"]["code"] == 21100
    response = grpc_get_model(stub, pat, BEFORE)
    assert response.status.code == 10000 and response.model.name == "focus"


def test_from_the_date_get_model_does_not_find_focus_on_both_doors(emulator, stub, pat):
    status = rest_get_model(emulator, AFTER, path="", key=emulator.account.api_key)["status"]
    assert (status["code"], status["details"]) == (
        11101,
        f"model_id '{FOCUS}' not found. Check the url of your request.",
    )
    response = grpc_get_model(stub, pat, AFTER)
    assert response.status.code == 11101 and not response.model.id
