"""recipes.faces: data.face <-> concepts (CL009) and the Demographics workflow joined per face (CL010)."""

import base64
import dataclasses
from copy import deepcopy

import pytest
import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from cookbook.catalog import ROOT
from recipes import ClarifaiStatusError
from recipes.faces import (
    CLARIFAI_MAIN,
    as_json,
    concepts_to_face,
    demographics_from_workflow,
    face_to_concepts,
    predict_demographics,
    with_face_objects,
)

ASTRONAUT = (ROOT / "data" / "images" / "astronaut.jpg").read_bytes()
DEMOGRAPHICS_MODEL = "c0c0ac362b03416da06ab3fa36fb58e3"
FACTS_FACE = {  # clarifai-facts.md §4, the old shape (without vocab_id)
    "age_appearance": {
        "concepts": [{"id": "ai_fbRxTRbd", "name": "46", "value": 0.5995513, "app_id": "main"}]
    },
    "gender_appearance": {
        "concepts": [
            {"id": "ai_zgR2BBt0", "name": "masculine", "value": 0.9755},
            {"id": "ai_cVWr8NK5", "name": "feminine", "value": 0.0245},
        ]
    },
    "multicultural_appearance": {"concepts": [{"id": "ai_r5F00Gqn", "name": "white", "value": 0.5075}]},
}
CELEBRITY_FACE = {"identity": {"concepts": [{"id": "c1", "name": "suri cruise", "value": 0.00035}]}}


def test_face_to_concepts_flattens_with_vocab_ids_in_order():
    concepts = face_to_concepts(FACTS_FACE)
    assert [(c["name"], c["vocab_id"]) for c in concepts] == [
        ("46", "age_appearance"),
        ("masculine", "gender_appearance"),
        ("feminine", "gender_appearance"),
        ("white", "multicultural_appearance"),
    ]
    assert concepts[0]["value"] == 0.5995513


@pytest.mark.parametrize("face", [FACTS_FACE, CELEBRITY_FACE, {}, {**CELEBRITY_FACE, **FACTS_FACE}])
def test_face_to_concepts_and_back_is_the_same_face(face):
    assert concepts_to_face(face_to_concepts(face)) == face


def test_concepts_to_face_and_back_keeps_vocabulary_concepts():
    concepts = face_to_concepts(FACTS_FACE)
    assert face_to_concepts(concepts_to_face(concepts)) == concepts


def test_concepts_to_face_reads_protobuf_concepts():
    concepts = [
        resources_pb2.Concept(id="ai_zgR2BBt0", name="masculine", value=0.75, vocab_id="gender_appearance"),
        resources_pb2.Concept(id="c1", name="suri cruise", value=0.5),
    ]
    assert concepts_to_face(concepts) == {
        "identity": {"concepts": [{"id": "c1", "name": "suri cruise", "value": 0.5}]},
        "gender_appearance": {"concepts": [{"id": "ai_zgR2BBt0", "name": "masculine", "value": 0.75}]},
    }


def test_concepts_to_face_leaves_out_other_vocabularies_and_can_keep_vocab_ids():
    concepts = [{"id": "x", "vocab_id": "colour"}, {"id": "y", "vocab_id": "age_appearance"}]
    assert concepts_to_face(concepts) == {"age_appearance": {"concepts": [{"id": "y"}]}}
    kept = concepts_to_face(concepts, keep_vocab_id=True)
    assert kept["age_appearance"]["concepts"][0]["vocab_id"] == "age_appearance"


def test_with_face_objects_adds_faces_and_leaves_the_answer_alone():
    region = {"id": "r", "data": {"concepts": face_to_concepts(FACTS_FACE)}}
    plain = {"id": "p", "data": {"concepts": [{"id": "ai_b1b1b1b1", "name": "face"}]}}
    answer = {"outputs": [{"data": {"regions": [region, plain]}}], "results": [{"outputs": [{"data": {}}]}]}
    before = deepcopy(answer)
    converted = with_face_objects(answer)
    assert answer == before
    regions = converted["outputs"][0]["data"]["regions"]
    assert regions[0]["data"]["face"] == concepts_to_face(face_to_concepts(FACTS_FACE), keep_vocab_id=True)
    assert regions[0]["data"]["concepts"] and "face" not in regions[1]["data"]
    assert with_face_objects(answer, keep_vocab_id=False)["outputs"][0]["data"]["regions"][0]["data"][
        "face"
    ] == (FACTS_FACE)


def test_with_face_objects_reads_unlabelled_concepts_as_identity_on_identity_models():
    region = {"id": "r", "data": {"concepts": CELEBRITY_FACE["identity"]["concepts"]}}
    answer = {"outputs": [{"model": {"model_type_id": "detect-concept"}, "data": {"regions": [region]}}]}
    assert with_face_objects(answer)["outputs"][0]["data"]["regions"][0]["data"]["face"] == CELEBRITY_FACE


# The emulator, both sides of CL009: the old answer is the yardstick of a converter.


def rest_predict(session, day):
    url = f"{session.rest_base}/v2/users/clarifai/apps/main/models/{DEMOGRAPHICS_MODEL}/outputs"
    body = {"inputs": [{"data": {"image": {"base64": base64.b64encode(ASTRONAUT).decode()}}}]}
    return requests.post(url, json=body, headers=session.as_of(day).rest_headers, timeout=60).json()


def published_style_converter(response):
    """Clarifai's published converter's bug: it iterated `region.data`, not `region.data.concepts`."""
    copy = deepcopy(response)
    for output in copy["outputs"]:
        for region in output["data"]["regions"]:
            face = {}
            for concept in region["data"]:  # the bug: the keys of data ("concepts"), not its concepts
                if isinstance(concept, dict) and concept.get("vocab_id"):
                    face.setdefault(concept["vocab_id"], {"concepts": []})["concepts"].append(concept)
            region["data"]["face"] = face
    return copy


def converts_like_the_old_api(converter, session) -> bool:
    """The verification: the converted new answer has, region by region, the old answer's data.face."""
    old = rest_predict(session, "2020-02-26")["outputs"][0]["data"]["regions"]
    new = converter(rest_predict(session, "2020-04-01"))["outputs"][0]["data"]["regions"]
    return [r["data"]["face"] for r in old] == [r["data"].get("face") for r in new]


def test_the_recipe_converts_the_new_answer_into_the_old_one(session):
    assert converts_like_the_old_api(with_face_objects, session)


def test_the_verification_catches_a_converter_that_iterates_region_data(session):
    assert not converts_like_the_old_api(published_style_converter, session)


def workflow_response(session):
    request = service_pb2.PostWorkflowResultsRequest(
        user_app_id=CLARIFAI_MAIN,
        workflow_id="Demographics",
        inputs=[resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(base64=ASTRONAUT)))],
    )
    return session.stub.PostWorkflowResults(request, metadata=session.metadata)


def test_demographics_from_workflow_joins_three_outputs_per_face(session):
    response = workflow_response(session)
    records = demographics_from_workflow(response)
    regions = response.results[0].outputs[0].data.regions
    assert len(records) == len(regions) >= 1
    assert sorted(r["region_id"] for r in records) == sorted(r.id for r in regions)
    for record in records:
        assert record["age"] and record["gender"] in ("masculine", "feminine") and record["multicultural"]
        assert all(0 <= record[f"{name}_value"] <= 1 for name in ("age", "gender", "multicultural"))
    lefts = [r["box"]["left_col"] for r in records]
    assert lefts == sorted(lefts)
    assert demographics_from_workflow(as_json(response)) == records


def test_demographics_from_workflow_names_the_top_concept_of_each_output():
    def output(model_id, concepts, vocab_id=""):
        region = {"id": "r1", "region_info": {"bounding_box": {"top_row": 0.1, "left_col": 0.2}}}
        region["data"] = {"concepts": [dict(c, vocab_id=vocab_id) if vocab_id else c for c in concepts]}
        return {"model": {"id": model_id}, "data": {"regions": [region]}}

    answer = {
        "results": [
            {
                "input": {"id": "in1"},
                "outputs": [
                    output(
                        "age-demographics-recognition",
                        [{"name": "20-29", "value": 0.3}, {"name": "30-39", "value": 0.6}],
                    ),
                    output("gender", [{"name": "feminine", "value": 0.9}], vocab_id="gender_appearance"),
                ],
            }
        ]
    }
    (record,) = demographics_from_workflow(answer)
    assert record == {
        "input_id": "in1",
        "region_id": "r1",
        "box": {"top_row": 0.1, "left_col": 0.2, "bottom_row": 0.0, "right_col": 0.0},
        "age": "30-39",
        "age_value": 0.6,
        "gender": "feminine",
        "gender_value": 0.9,
        "multicultural": None,
        "multicultural_value": None,
    }


def test_predict_demographics_runs_the_public_workflow(session):
    def without_input_id(records):
        return [{key: value for key, value in record.items() if key != "input_id"} for record in records]

    records = predict_demographics(session, ASTRONAUT)
    assert without_input_id(records) == without_input_id(
        demographics_from_workflow(workflow_response(session))
    )


def test_predict_demographics_raises_the_api_status(session):
    unknown = dataclasses.replace(session, metadata=(("authorization", "Key " + "0" * 32),))
    with pytest.raises(ClarifaiStatusError) as raised:
        predict_demographics(unknown, ASTRONAUT)
    assert raised.value.name == "CONN_KEY_INVALID"
