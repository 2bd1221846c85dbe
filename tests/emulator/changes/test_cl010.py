"""CL010 2020-10-16: the `demographics` model answered before the date; it is gone from it."""

import base64
import re

import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from cookbook.catalog import ROOT
from emulator.legacy import from_unknown_fields

BEFORE, AFTER = "2020-10-15", "2020-10-16"
BEFORE_CL009, BEFORE_CL007 = "2020-02-26", "2020-01-01"
DEMOGRAPHICS = "c0c0ac362b03416da06ab3fa36fb58e3"
MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
ASTRONAUT = (ROOT / "data" / "images" / "astronaut.jpg").read_bytes()
VOCABULARIES = ["age_appearance", "gender_appearance", "multicultural_appearance"]


def rest_predict(emulator, day, body=None, path="users/clarifai/apps/main/", key=None):
    url = f"{emulator.rest_url}/v2/{path}models/{DEMOGRAPHICS}/outputs"
    headers = {"Authorization": "Key " + (key or emulator.account.pat), "X-Clarifai-Emulator-As-Of": day}
    image = {"inputs": [{"data": {"image": {"base64": base64.b64encode(ASTRONAUT).decode()}}}]}
    return requests.post(url, json=image | (body or {}), headers=headers).json()


def grpc_predict(stub, pat, day):
    image = resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(base64=ASTRONAUT)))
    request = service_pb2.PostModelOutputsRequest(user_app_id=MAIN, model_id=DEMOGRAPHICS, inputs=[image])
    return stub.PostModelOutputs(request, metadata=(*pat, ("x-clarifai-emulator-as-of", day)))


def vocabularies(concepts):
    """The vocab ids of `concepts`, in order of first appearance."""
    return list(dict.fromkeys(concept["vocab_id"] for concept in concepts))


def test_before_the_date_one_output_carries_all_three_vocabularies(emulator):
    answer = rest_predict(emulator, BEFORE)
    assert answer["status"]["code"] == 10000
    (output,) = answer["outputs"]
    assert output["model"]["id"] == DEMOGRAPHICS and output["model"]["name"] == "demographics"
    assert output["model"]["model_type_id"] == "detect-concept"
    for region in output["data"]["regions"]:
        concepts = region["data"]["concepts"]
        assert vocabularies(concepts) == VOCABULARIES
        genders = [c["name"] for c in concepts if c["vocab_id"] == "gender_appearance"]
        assert sorted(genders) == ["feminine", "masculine"]


def test_before_the_date_grpc_concepts_carry_vocab_ids(stub, pat):
    response = grpc_predict(stub, pat, BEFORE)
    assert response.status.code == 10000
    concepts = response.outputs[0].data.regions[0].data.concepts
    assert [c.vocab_id for c in concepts].count("multicultural_appearance") == 7
    assert not [path for path in from_unknown_fields(response) if path.endswith(".face")]


def test_before_the_date_its_faces_are_the_workflows_faces(emulator, stub, pat):
    old = rest_predict(emulator, BEFORE)["outputs"][0]["data"]["regions"]
    request = service_pb2.PostWorkflowResultsRequest(
        user_app_id=MAIN,
        workflow_id="Demographics",
        inputs=[resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(base64=ASTRONAUT)))],
    )
    result = stub.PostWorkflowResults(request, metadata=pat).results[0]
    for output in result.outputs:
        assert [r.id for r in output.data.regions] == [r["id"] for r in old]


def test_before_the_date_max_concepts_applies_to_each_vocabulary(emulator):
    config = {"model": {"output_info": {"output_config": {"max_concepts": 2}}}}
    concepts = rest_predict(emulator, BEFORE, config)["outputs"][0]["data"]["regions"][0]["data"]["concepts"]
    assert [c["vocab_id"] for c in concepts] == [v for v in VOCABULARIES for _ in range(2)]


def test_before_the_date_an_app_api_key_reaches_it_by_the_short_url(emulator):
    """How the docs of the time called it: POST /v2/models/{id}/outputs with an app API key."""
    answer = rest_predict(emulator, BEFORE, path="", key=emulator.account.api_key)
    assert answer["status"]["code"] == 10000 and answer["outputs"][0]["data"]["regions"]


def test_before_cl009_the_demographics_model_answers_data_face(emulator):
    output = rest_predict(emulator, BEFORE_CL009)["outputs"][0]
    for region in output["data"]["regions"]:
        assert set(region["data"]) == {"face"}
        assert list(region["data"]["face"]) == VOCABULARIES


def test_before_cl007_that_module_shows_its_facedetect_model_type(emulator):
    output = rest_predict(emulator, BEFORE_CL007)["outputs"][0]
    shown = output["model"]["output_info"]
    assert (shown["type"], shown["type_ext"]) == ("facedetect", "facedetect-demographics")
    assert "face" in output["data"]["regions"][0]["data"]


def test_from_the_date_rest_the_model_does_not_exist(emulator):
    status = rest_predict(emulator, AFTER)["status"]
    assert (status["code"], status["description"]) == (11101, "Resource does not exist")
    assert status["details"] == f"model_id '{DEMOGRAPHICS}' not found. Check the url of your request."


def test_from_the_date_grpc_the_model_does_not_exist(stub, pat):
    response = grpc_predict(stub, pat, AFTER)
    assert response.status.code == 11101 and not response.outputs


def test_before_the_date_it_answers_its_documented_version(emulator):
    model = rest_predict(emulator, BEFORE)["outputs"][0]["model"]
    assert model["model_version"]["id"] == "f783f0807c52474c8c6ad20c8cf45fc0"
    assert model["created_at"].startswith("2016-12-26T13:45:40")


def top(concepts, vocab_id):
    return max((c for c in concepts if c.get("vocab_id") == vocab_id), key=lambda c: c["value"])


def test_before_the_date_the_model_and_the_workflow_describe_each_face_alike(emulator, stub, pat):
    old = rest_predict(emulator, BEFORE)["outputs"][0]["data"]["regions"]
    request = service_pb2.PostWorkflowResultsRequest(
        user_app_id=MAIN,
        workflow_id="Demographics",
        inputs=[resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(base64=ASTRONAUT)))],
    )
    outputs = stub.PostWorkflowResults(request, metadata=pat).results[0].outputs
    new = {}
    for output in outputs:
        for region in output.data.regions:
            new.setdefault(region.id, []).extend(
                {"name": c.name, "value": c.value, "vocab_id": c.vocab_id} for c in region.data.concepts
            )
    assert list(new) == [region["id"] for region in old]
    for region in old:
        age = int(top(region["data"]["concepts"], "age_appearance")["name"])
        bucket = top(new[region["id"]], "age_appearance")["name"]  # "30-39" or "more than 70"
        low, high = ([int(n) for n in re.findall(r"\d+", bucket)] + [200])[:2]
        assert low <= age <= high, (age, bucket)
        old_gender = top(region["data"]["concepts"], "gender_appearance")
        assert top(new[region["id"]], "gender_appearance")["name"] == old_gender["name"]
