"""Model types and model searches today: ListModelTypes, GetModelType, PostModelsSearches."""

import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from emulator import model_types
from emulator.model_types import MODEL_TYPES

MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
SDK_TRAINABLE = {  # clarifai-python's TRAINABLE_MODEL_TYPES
    "visual-classifier",
    "visual-detector",
    "visual-segmenter",
    "visual-anomaly-heatmap",
    "visual-embedder",
    "clusterer",
    "text-classifier",
    "embedding-classifier",
    "text-to-text",
}


def types(stub, pat, app_id, **fields):
    request = service_pb2.ListModelTypesRequest(user_app_id=app_id, **fields)
    return stub.ListModelTypes(request, metadata=pat)


def create(stub, pat, app_id, model_id, model_type_id="embedding-classifier", **fields):
    model = resources_pb2.Model(id=model_id, model_type_id=model_type_id, **fields)
    request = service_pb2.PostModelsRequest(user_app_id=app_id, models=[model])
    return stub.PostModels(request, metadata=pat)


def search(stub, pat, app_id, name="", model_type_id="", page=0, per_page=0):
    request = service_pb2.PostModelsSearchesRequest(
        user_app_id=app_id,
        model_query=resources_pb2.ModelQuery(name=name, model_type_id=model_type_id),
        pagination=service_pb2.Pagination(page=page, per_page=per_page),
    )
    return stub.PostModelsSearches(request, metadata=pat)


def test_list_model_types_has_todays_ids_sorted_with_flags(stub, pat, app_id):
    response = types(stub, pat, app_id)
    assert response.status.code == 10000
    ids = [item.id for item in response.model_types]
    assert ids == sorted(MODEL_TYPES)
    trainable = {item.id for item in response.model_types if item.trainable}
    assert trainable >= SDK_TRAINABLE
    assert all(item.creatable and item.title for item in response.model_types)
    assert not [type_id for type_id in ids if type_id.startswith("facedetect")]


def test_list_model_types_pages(stub, pat, app_id):
    second = types(stub, pat, app_id, page=2, per_page=5).model_types
    assert [item.id for item in second] == sorted(MODEL_TYPES)[5:10]


def test_models_train_exactly_the_trainable_types():
    for type_id, (*_, trainable) in MODEL_TYPES.items():
        assert model_types.is_trainable(type_id) == trainable, type_id
    assert not model_types.is_trainable("facedetect-identity")


def test_get_model_type_known_and_unknown(stub, pat, app_id):
    found = stub.GetModelType(
        service_pb2.GetModelTypeRequest(user_app_id=app_id, model_type_id="visual-detector"), metadata=pat
    )
    assert (found.status.code, found.model_type.id, found.model_type.trainable) == (
        10000,
        "visual-detector",
        True,
    )
    missing = stub.GetModelType(
        service_pb2.GetModelTypeRequest(user_app_id=app_id, model_type_id="facedetect"), metadata=pat
    ).status
    assert (missing.code, missing.description) == (11101, "Resource does not exist")
    assert "facedetect" in missing.details


def test_model_types_over_rest_with_an_app_key(emulator):
    headers = {"Authorization": "Key " + emulator.account.api_key}
    body = requests.get(f"{emulator.rest_url}/v2/models/types?per_page=3", headers=headers).json()
    assert body["status"]["code"] == 10000
    assert [item["id"] for item in body["model_types"]] == sorted(MODEL_TYPES)[:3]
    one = requests.get(f"{emulator.rest_url}/v2/models/types/text-to-text", headers=headers).json()
    assert one["model_type"]["id"] == "text-to-text"


def test_search_matches_ids_with_wildcards_in_any_case(stub, pat, app_id):
    for model_id in ("pets", "pets-v2", "cars"):
        assert create(stub, pat, app_id, model_id).status.code == 10000
    found = search(stub, pat, app_id, name="PETS*").models
    assert [model.id for model in found] == ["pets", "pets-v2"]
    assert [model.id for model in search(stub, pat, app_id, name="cars").models] == ["cars"]


def test_search_filters_by_model_type_and_reaches_clarifai_main(stub, pat, app_id):
    create(stub, pat, app_id, "my-detector", "visual-detector")
    create(stub, pat, app_id, "pets")
    detectors = [model.id for model in search(stub, pat, app_id, model_type_id="visual-detector").models]
    assert detectors == ["my-detector", "face-detection"]
    general = search(stub, pat, app_id, name="general-*").models
    assert (general[0].id, general[0].user_id, general[0].app_id) == (
        "general-image-recognition",
        "clarifai",
        "main",
    )
    assert {(m.user_id, m.app_id) for m in general} == {("clarifai", "main")}
    assert general[0].model_version.id == "aa7f35c01e0642fda5cf400f543e7c40"


def test_search_by_display_name_or_unknown_type_finds_nothing(stub, pat, app_id):
    create(stub, pat, app_id, "pets", display_name="My Pets")
    assert search(stub, pat, app_id, name="My Pets").models == []
    assert search(stub, pat, app_id, model_type_id="facedetect-identity").models == []


def test_search_pages_and_refuses_a_bad_page(stub, pat, app_id):
    for n in range(5):
        create(stub, pat, app_id, f"m{n}")
    page = search(stub, pat, app_id, name="m*", page=2, per_page=2).models
    assert [model.id for model in page] == ["m2", "m3"]
    assert search(stub, pat, app_id, per_page=5000).status.code == 11102


def test_search_over_rest(emulator):
    headers = {"Authorization": "Key " + emulator.account.api_key}
    body = {"model_query": {"name": "face*", "model_type_id": "visual-detector"}}
    answer = requests.post(f"{emulator.rest_url}/v2/models/searches", json=body, headers=headers).json()
    assert answer["status"]["code"] == 10000
    assert [model["id"] for model in answer["models"]] == ["face-detection"]
