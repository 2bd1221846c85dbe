"""CL009 2020-02-27: face regions answered `data.face` before the date, both forms from it
during the transition, and only concepts with a vocab_id from 2020-04-01."""

import base64
import datetime as dt
from types import SimpleNamespace

import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from google.protobuf import json_format, unknown_fields

from cookbook.catalog import ROOT
from emulator.changes import cl009_face_object_to_concepts as cl009
from emulator.legacy import from_unknown_fields
from emulator.legacy_protos import Face

BEFORE, AFTER = "2020-02-26", "2020-02-27"
LAST_OVERLAP_DAY, OVERLAP_END = "2020-03-31", "2020-04-01"
AGE_MODEL = "age-demographics-recognition"
MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
ASTRONAUT = (ROOT / "data" / "images" / "astronaut.jpg").read_bytes()
APPEARANCES = {"age_appearance", "gender_appearance", "multicultural_appearance"}


def headers(emulator, day):
    return {"Authorization": "Key " + emulator.account.pat, "X-Clarifai-Emulator-As-Of": day}


def body():
    return {"inputs": [{"data": {"image": {"base64": base64.b64encode(ASTRONAUT).decode()}}}]}


def rest_predict(emulator, day, model_id=AGE_MODEL):
    url = f"{emulator.rest_url}/v2/users/clarifai/apps/main/models/{model_id}/outputs"
    return requests.post(url, json=body(), headers=headers(emulator, day)).json()


def rest_workflow(emulator, day):
    url = f"{emulator.rest_url}/v2/users/clarifai/apps/main/workflows/Demographics/results"
    return requests.post(url, json=body(), headers=headers(emulator, day)).json()


def grpc_predict(stub, pat, day, model_id=AGE_MODEL):
    image = resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(base64=ASTRONAUT)))
    request = service_pb2.PostModelOutputsRequest(user_app_id=MAIN, model_id=model_id, inputs=[image])
    return stub.PostModelOutputs(request, metadata=(*pat, ("x-clarifai-emulator-as-of", day)))


def test_before_the_date_rest_face_regions_answer_data_face(emulator):
    answer = rest_predict(emulator, BEFORE)
    assert answer["status"]["code"] == 10000
    for region in answer["outputs"][0]["data"]["regions"]:
        assert set(region["data"]) == {"face"}
        concepts = region["data"]["face"]["age_appearance"]["concepts"]
        assert concepts and all(concept["vocab_id"] == "age_appearance" for concept in concepts)
        assert {"id", "name", "value", "app_id"} <= set(concepts[0])


def test_before_the_date_an_old_grpc_client_decodes_the_face_message(stub, pat):
    response = grpc_predict(stub, pat, BEFORE)
    region = response.outputs[0].data.regions[0]
    assert not region.data.concepts
    found = [f for f in unknown_fields.UnknownFieldSet(region.data) if f.field_number == 4]
    face = Face.FromString(bytes(found[0].data))
    assert face.age_appearance.concepts and not face.gender_appearance.concepts


def test_before_and_after_the_overlap_hold_the_same_concepts(emulator):
    old = rest_predict(emulator, BEFORE)["outputs"][0]["data"]["regions"]
    new = rest_predict(emulator, OVERLAP_END)["outputs"][0]["data"]["regions"]
    assert [r["id"] for r in old] == [r["id"] for r in new]
    for old_region, new_region in zip(old, new, strict=True):
        assert old_region["data"]["face"]["age_appearance"]["concepts"] == new_region["data"]["concepts"]


def test_from_the_date_to_the_overlaps_end_regions_carry_both_forms(emulator):
    for day in (AFTER, LAST_OVERLAP_DAY):
        for region in rest_predict(emulator, day)["outputs"][0]["data"]["regions"]:
            assert set(region["data"]) == {"face", "concepts"}
            assert region["data"]["face"]["age_appearance"]["concepts"] == region["data"]["concepts"]


def test_during_the_overlap_an_old_grpc_client_decodes_face_and_concepts(stub, pat):
    region = grpc_predict(stub, pat, AFTER).outputs[0].data.regions[0]
    found = [f for f in unknown_fields.UnknownFieldSet(region.data) if f.field_number == 4]
    face = Face.FromString(bytes(found[0].data))
    assert list(face.age_appearance.concepts) == list(region.data.concepts)


def test_before_the_date_the_workflow_outputs_answer_data_face(emulator):
    answer = rest_workflow(emulator, BEFORE)
    assert answer["status"]["code"] == 10000
    faces = [r["data"]["face"] for o in answer["results"][0]["outputs"] for r in o["data"]["regions"]]
    assert {attribute for face in faces for attribute in face} == APPEARANCES


def test_before_the_date_a_face_detector_keeps_its_face_concept(emulator):
    regions = rest_predict(emulator, BEFORE, model_id="face-detection")["outputs"][0]["data"]["regions"]
    assert all("face" not in region["data"] and region["data"]["concepts"] for region in regions)


def test_from_the_overlaps_end_regions_carry_only_concepts_with_vocab_ids(emulator):
    answer = rest_predict(emulator, OVERLAP_END)
    for region in answer["outputs"][0]["data"]["regions"]:
        assert "face" not in region["data"]
        assert {c["vocab_id"] for c in region["data"]["concepts"]} == {"age_appearance"}


def test_from_the_overlaps_end_grpc_regions_have_no_legacy_bytes(stub, pat):
    response = grpc_predict(stub, pat, OVERLAP_END)
    assert not [path for path in from_unknown_fields(response) if path.endswith(".face")]
    assert response.outputs[0].data.regions[0].data.concepts[0].vocab_id == "age_appearance"


def identity_response(model_type_id, vocab_id=""):
    concept = resources_pb2.Concept(
        id="ai_celeb1", name="suri cruise", value=0.25, app_id="main", vocab_id=vocab_id
    )
    region = resources_pb2.Region(id="r1", data=resources_pb2.Data(concepts=[concept]))
    output = resources_pb2.Output(
        model=resources_pb2.Model(id="celeb", model_type_id=model_type_id),
        data=resources_pb2.Data(regions=[region]),
    )
    return service_pb2.MultiOutputResponse(outputs=[output])


OLD_CALL = SimpleNamespace(as_of=dt.date(2020, 2, 26))  # the hook reads only the call's date


def face_of(response):
    wire = service_pb2.MultiOutputResponse.FromString(response.SerializeToString())
    return from_unknown_fields(wire).get("outputs[0].data.regions[0].data.face")


def test_concepts_without_vocab_id_of_an_identity_model_become_identity():
    response = cl009.after(OLD_CALL, identity_response("detect-concept"))
    assert face_of(response) == {
        "identity": {
            "concepts": [{"id": "ai_celeb1", "name": "suri cruise", "value": 0.25, "app_id": "main"}]
        }
    }
    assert not response.outputs[0].data.regions[0].data.concepts


def test_an_identity_vocab_id_becomes_identity_on_any_model():
    response = cl009.after(OLD_CALL, identity_response("visual-detector", vocab_id="identity"))
    assert list(face_of(response)) == ["identity"]


def test_concepts_without_vocab_id_of_other_models_stay_concepts():
    response = cl009.after(OLD_CALL, identity_response("visual-detector"))
    assert face_of(response) is None
    concepts = response.outputs[0].data.regions[0].data.concepts
    assert json_format.MessageToDict(concepts[0])["name"] == "suri cruise"
