"""CL007 2020-02-12: the facedetect model types existed before the date; unknown from it."""

import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from emulator import legacy
from tests.helpers import image

BEFORE, AFTER = "2020-02-11", "2020-02-12"
FACEDETECT = ["facedetect", "facedetect-demographics", "facedetect-embed", "facedetect-identity"]
MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")


def on(pat, day):
    return (*pat, ("x-clarifai-emulator-as-of", day))


def listed_types(stub, pat, app_id, day):
    request = service_pb2.ListModelTypesRequest(user_app_id=app_id)
    return [item.id for item in stub.ListModelTypes(request, metadata=on(pat, day)).model_types]


def create(stub, pat, app_id, day, model_type_id, model_id="faces"):
    model = resources_pb2.Model(id=model_id, model_type_id=model_type_id)
    request = service_pb2.PostModelsRequest(user_app_id=app_id, models=[model])
    return stub.PostModels(request, metadata=on(pat, day))


def found(stub, pat, app_id, day, model_type_id):
    query = resources_pb2.ModelQuery(model_type_id=model_type_id)
    request = service_pb2.PostModelsSearchesRequest(user_app_id=app_id, model_query=query)
    return [model.id for model in stub.PostModelsSearches(request, metadata=on(pat, day)).models]


def app_models(stub, pat, app_id):
    request = service_pb2.ListModelsRequest(user_app_id=app_id, dont_fetch_from_main=True)
    return [m.id for m in stub.ListModels(request, metadata=pat).models]


def test_before_the_date_list_model_types_lists_the_facedetect_types(stub, pat, app_id):
    listed = listed_types(stub, pat, app_id, BEFORE)
    assert [type_id for type_id in listed if type_id.startswith("facedetect")] == FACEDETECT
    assert listed == sorted(listed) and "detect-concept" in listed


def test_from_the_date_they_are_not_listed_and_get_model_type_refuses_them(stub, pat, app_id):
    assert not [type_id for type_id in listed_types(stub, pat, app_id, AFTER) if "facedetect" in type_id]
    request = service_pb2.GetModelTypeRequest(user_app_id=app_id, model_type_id="facedetect-identity")
    before = stub.GetModelType(request, metadata=on(pat, BEFORE))
    assert (before.status.code, before.model_type.trainable) == (10000, True)
    assert stub.GetModelType(request, metadata=on(pat, AFTER)).status.code == 11101


def test_before_the_date_post_models_makes_a_facedetect_identity_model(stub, pat, app_id):
    response = create(stub, pat, app_id, BEFORE, "facedetect-identity")
    assert (response.status.code, response.model.model_type_id) == (10000, "facedetect-identity")
    request = service_pb2.GetModelRequest(user_app_id=app_id, model_id="faces")
    assert stub.GetModel(request, metadata=on(pat, BEFORE)).model.model_type_id == "facedetect-identity"
    assert found(stub, pat, app_id, BEFORE, "facedetect-identity") == ["faces"]


def test_from_the_date_post_models_refuses_them_and_makes_nothing(stub, pat, app_id):
    for type_id in FACEDETECT:
        status = create(stub, pat, app_id, AFTER, type_id).status
        assert (status.code, status.description) == (11102, "Invalid request")
        assert type_id in status.details
    assert app_models(stub, pat, app_id) == []
    assert found(stub, pat, app_id, AFTER, "facedetect-identity") == []


def test_the_detect_names_work_on_both_sides(stub, pat, app_id):
    assert create(stub, pat, app_id, BEFORE, "detect-concept", "a").model.model_type_id == "detect-concept"
    assert create(stub, pat, app_id, AFTER, "detect-concept", "b").model.model_type_id == "detect-concept"
    assert found(stub, pat, app_id, AFTER, "detect-concept") == ["a", "b"]


def test_rest_door_both_sides(emulator):
    url = f"{emulator.rest_url}/v2/models"
    for day, code in ((BEFORE, 10000), (AFTER, 11102)):
        headers = {"Authorization": "Key " + emulator.account.api_key, "X-Clarifai-Emulator-As-Of": day}
        body = {"model": {"id": f"faces-{day}", "model_type_id": "facedetect-identity"}}
        answer = requests.post(url, json=body, headers=headers).json()
        assert answer["status"]["code"] == code
    headers = {"Authorization": "Key " + emulator.account.api_key, "X-Clarifai-Emulator-As-Of": BEFORE}
    types = requests.get(f"{url}/types?per_page=100", headers=headers).json()["model_types"]
    assert "facedetect-embed" in [item["id"] for item in types]


def test_old_type_option_with_a_facedetect_name_follows_the_date(stub, pat, app_id):
    """What a client before clarifai-grpc 8 sent: output_info.type_ext (CL013's field)."""

    def old_create(day, model_id):
        model = resources_pb2.Model(id=model_id)
        legacy.attach(model.output_info, "type", "facedetect")
        legacy.attach(model.output_info, "type_ext", "facedetect-identity")
        request = service_pb2.PostModelsRequest(user_app_id=app_id, models=[model])
        request = service_pb2.PostModelsRequest.FromString(request.SerializeToString())
        return stub.PostModels(request, metadata=on(pat, day))

    assert old_create(BEFORE, "old").model.model_type_id == "facedetect-identity"
    assert old_create(AFTER, "new").status.code == 11102


def test_public_face_detection_reported_facedetect_before_the_date(stub, pat):
    request = service_pb2.GetModelRequest(user_app_id=MAIN, model_id="face-detection")
    assert stub.GetModel(request, metadata=on(pat, BEFORE)).model.model_type_id == "facedetect"
    assert stub.GetModel(request, metadata=on(pat, AFTER)).model.model_type_id == "visual-detector"
    predict = service_pb2.PostModelOutputsRequest(
        user_app_id=MAIN, model_id="face-detection", inputs=[image("https://samples.clarifai.com/face.jpg")]
    )
    outputs = stub.PostModelOutputs(predict, metadata=on(pat, BEFORE)).outputs
    assert outputs[0].model.model_type_id == "facedetect"


def rest_search(emulator, day, query):
    headers = {"Authorization": "Key " + emulator.account.api_key, "X-Clarifai-Emulator-As-Of": day}
    url = f"{emulator.rest_url}/v2/models/searches"
    return requests.post(url, json={"model_query": query}, headers=headers).json()


def test_before_the_date_a_search_by_facedetect_finds_the_face_models(emulator, stub, pat, app_id):
    """The 2.x client's `app.models.search("face", model_type="facedetect")`, over REST."""
    create(stub, pat, app_id, BEFORE, "facedetect", "my-faces")
    answer = rest_search(emulator, BEFORE, {"name": "*", "type": "facedetect"})
    assert [model["id"] for model in answer["models"]] == ["my-faces", "a403429f2ddf4b49b307e318f00e528b"]
    face = rest_search(emulator, "2019-06-01", {"name": "face", "type": "facedetect"})["models"]
    assert [(m["name"], m["output_info"]["type"], m["output_info"]["type_ext"]) for m in face] == [
        ("face-v1.3", "facedetect", "facedetect")
    ]
    assert rest_search(emulator, BEFORE, {"name": "general", "type": "facedetect"})["models"] == []


def test_before_the_date_model_type_id_facedetect_finds_them_on_grpc_too(stub, pat, app_id):
    assert found(stub, pat, app_id, BEFORE, "facedetect") == ["a403429f2ddf4b49b307e318f00e528b"]
    assert found(stub, pat, app_id, AFTER, "facedetect") == []


def test_from_the_date_the_face_model_shows_detect_concept(emulator):
    face = rest_search(emulator, AFTER, {"name": "face"})["models"]
    assert [(m["name"], m["output_info"]["type"]) for m in face] == [("face-v1.3", "detect-concept")]
    assert face[0]["model_type_id"] == "visual-detector"
