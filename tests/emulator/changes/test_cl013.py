"""CL013 2021-11-24: `output_info.type` / `type_ext` and `model_query.type` honoured before the
date (mapped to model_type_id, shown in responses), refused as unknown fields from it."""

import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from google.protobuf import json_format

from emulator import legacy

BEFORE, AFTER = "2021-11-23", "2021-11-24"


def on(pat, day):
    return (*pat, ("x-clarifai-emulator-as-of", day))


def rest(emulator, day, method, path, body=None):
    headers = {"Authorization": "Key " + emulator.account.api_key, "X-Clarifai-Emulator-As-Of": day}
    return requests.request(method, f"{emulator.rest_url}/v2/{path}", json=body, headers=headers).json()


def old_create(stub, pat, app_id, day, model_id, old_type="", old_type_ext=""):
    """What clarifai-grpc before 8.0.0 sent: OutputInfo fields 4 and 5."""
    model = resources_pb2.Model(id=model_id)
    if old_type:
        legacy.attach(model.output_info, "type", old_type)
    if old_type_ext:
        legacy.attach(model.output_info, "type_ext", old_type_ext)
    request = service_pb2.PostModelsRequest(user_app_id=app_id, models=[model])
    request = service_pb2.PostModelsRequest.FromString(request.SerializeToString())
    return stub.PostModels(request, metadata=on(pat, day))


def old_search(stub, pat, app_id, day, old_type, name=""):
    query = resources_pb2.ModelQuery(name=name)
    legacy.attach(query, "type", old_type)
    request = service_pb2.PostModelsSearchesRequest(user_app_id=app_id, model_query=query)
    request = service_pb2.PostModelsSearchesRequest.FromString(request.SerializeToString())
    return stub.PostModelsSearches(request, metadata=on(pat, day))


def app_models(stub, pat, app_id):
    request = service_pb2.ListModelsRequest(user_app_id=app_id, dont_fetch_from_main=True)
    return [m.id for m in stub.ListModels(request, metadata=pat).models]


def shown_json(message):
    return legacy.json_with_legacy(
        message, json_format.MessageToDict(message, preserving_proto_field_name=True)
    )


def test_before_the_date_rest_output_info_type_names_the_model_type(emulator):
    body = {"model": {"id": "pets", "output_info": {"type": "concept", "type_ext": "concept"}}}
    answer = rest(emulator, BEFORE, "POST", "models", body)
    assert answer["status"]["code"] == 10000
    assert answer["model"]["model_type_id"] == "embedding-classifier"
    assert answer["model"]["output_info"] == {"type": "concept", "type_ext": "concept"}


def test_before_the_date_an_old_grpc_client_names_the_type_and_reads_it_back(stub, pat, app_id):
    response = old_create(stub, pat, app_id, BEFORE, "pets", "embed")
    assert (response.status.code, response.model.model_type_id) == (10000, "visual-embedder")
    got = stub.GetModel(
        service_pb2.GetModelRequest(user_app_id=app_id, model_id="pets"), metadata=on(pat, BEFORE)
    )
    assert shown_json(got.model)["output_info"] == {"type": "embed", "type_ext": "embed"}


def test_type_ext_wins_and_detect_concept_is_a_visual_detector(stub, pat, app_id):
    response = old_create(stub, pat, app_id, BEFORE, "faces", "concept", "detect-concept")
    assert response.model.model_type_id == "visual-detector"
    assert shown_json(response.model)["output_info"] == {
        "type": "detect-concept",
        "type_ext": "detect-concept",
    }


def test_before_the_date_a_search_by_concept_finds_the_public_classifiers_too(stub, pat, app_id):
    """What the 2.x client's predict_by_url did: search_models("general-v1.3", "concept")."""
    found = old_search(stub, pat, app_id, "2021-01-04", "concept", "general").models
    assert [(m.id, m.model_type_id) for m in found] == [
        ("aaa03c23b3724a16a56b629203edc62c", "visual-classifier")
    ]
    assert old_search(stub, pat, app_id, "2021-01-04", "detect-concept", "general").models == []


def test_before_the_date_no_type_at_all_makes_an_embedding_classifier(stub, pat, app_id):
    request = service_pb2.PostModelsRequest(user_app_id=app_id, models=[resources_pb2.Model(id="plain")])
    assert stub.PostModels(request, metadata=on(pat, BEFORE)).model.model_type_id == "embedding-classifier"
    assert stub.PostModels(request, metadata=on(pat, AFTER)).status.code == 11102


def test_an_unknown_old_type_is_refused_before_the_date(stub, pat, app_id):
    status = old_create(stub, pat, app_id, BEFORE, "x", "color").status
    assert status.code == 11102 and "color" in status.details
    assert app_models(stub, pat, app_id) == []


def test_before_the_date_model_query_type_filters_searches(emulator, stub, pat, app_id):
    old_create(stub, pat, app_id, BEFORE, "pets", "concept")
    old_create(stub, pat, app_id, BEFORE, "vectors", "embed")
    concept = old_search(stub, pat, app_id, BEFORE, "concept").models
    assert [m.id for m in concept][0] == "pets" and "vectors" not in [m.id for m in concept]
    assert {shown_json(m)["output_info"]["type"] for m in concept} == {"concept"}
    answer = rest(
        emulator, BEFORE, "POST", "models/searches", {"model_query": {"name": "*", "type": "embed"}}
    )
    assert [model["id"] for model in answer["models"]][0] == "vectors"  # then clarifai/main's embedders
    assert {model["output_info"]["type"] for model in answer["models"]} == {"embed"}


def test_from_the_date_rest_type_is_refused_and_nothing_created(emulator, stub, pat, app_id):
    body = {"model": {"id": "pets", "output_info": {"type": "concept"}}}
    status = rest(emulator, AFTER, "POST", "models", body)["status"]
    assert (status["code"], status["description"]) == (11100, "Bad request format")
    assert "model.output_info.type" in status["details"]
    assert app_models(stub, pat, app_id) == []


def test_from_the_date_an_old_grpc_client_is_refused(stub, pat, app_id):
    assert old_create(stub, pat, app_id, AFTER, "pets", "concept", "concept").status.code == 11100
    assert app_models(stub, pat, app_id) == []
    assert old_search(stub, pat, app_id, AFTER, "concept").status.code == 11100


def test_from_the_date_model_type_id_works_and_responses_have_no_type(emulator):
    body = {"model": {"id": "pets", "model_type_id": "embedding-classifier"}}
    answer = rest(emulator, AFTER, "POST", "models", body)
    assert answer["status"]["code"] == 10000 and "output_info" not in answer["model"]
    found = rest(
        emulator, AFTER, "POST", "models/searches", {"model_query": {"model_type_id": "embedding-classifier"}}
    )
    assert [model["id"] for model in found["models"]] == ["pets"]
