"""CL007 2020-02-12: facedetect* were output_info.type / type_ext and model_query.type values;
the public face models showed them before the date, no model shows them from it."""

import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from google.protobuf import json_format

from emulator import legacy
from tests.helpers import image

BEFORE, AFTER = "2020-02-11", "2020-02-12"
MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
FACE_ID_THEN = "a403429f2ddf4b49b307e318f00e528b"


def on(pat, day):
    return (*pat, ("x-clarifai-emulator-as-of", day))


def rest(emulator, day, method, path, body=None):
    headers = {"Authorization": "Key " + emulator.account.api_key, "X-Clarifai-Emulator-As-Of": day}
    return requests.request(method, f"{emulator.rest_url}/v2/{path}", json=body, headers=headers).json()


def shown(message):
    body = json_format.MessageToDict(message, preserving_proto_field_name=True)
    return legacy.json_with_legacy(message, body).get("output_info", {})


def old_search(stub, pat, app_id, day, old_type, name="*"):
    """What a client before clarifai-grpc 8 sent: ModelQuery field 2."""
    query = resources_pb2.ModelQuery(name=name)
    legacy.attach(query, "type", old_type)
    request = service_pb2.PostModelsSearchesRequest(user_app_id=app_id, model_query=query)
    request = service_pb2.PostModelsSearchesRequest.FromString(request.SerializeToString())
    return stub.PostModelsSearches(request, metadata=on(pat, day))


def test_before_the_date_the_2x_search_by_type_facedetect_finds_the_face_model(emulator):
    """`app.models.search("face", model_type="facedetect")`, over REST."""
    answer = rest(
        emulator, BEFORE, "POST", "models/searches", {"model_query": {"name": "face", "type": "facedetect"}}
    )
    assert answer["status"]["code"] == 10000
    face = answer["models"]
    assert [(m["id"], m["output_info"]["type"], m["output_info"]["type_ext"]) for m in face] == [
        (FACE_ID_THEN, "facedetect", "facedetect")
    ]
    assert face[0]["model_type_id"] == "visual-detector"  # never a facedetect name


def test_from_the_date_the_same_search_finds_nothing_and_detect_concept_finds_it(emulator):
    answer = rest(
        emulator, AFTER, "POST", "models/searches", {"model_query": {"name": "face", "type": "facedetect"}}
    )
    assert answer["status"]["code"] == 10000 and answer.get("models", []) == []
    face = rest(
        emulator,
        AFTER,
        "POST",
        "models/searches",
        {"model_query": {"name": "face", "type": "detect-concept"}},
    )
    assert [(m["id"], m["output_info"]["type"]) for m in face["models"]] == [(FACE_ID_THEN, "detect-concept")]


def test_grpc_door_old_proto_search_both_sides(stub, pat, app_id):
    before = old_search(stub, pat, app_id, BEFORE, "facedetect", "face")
    assert [m.id for m in before.models] == [FACE_ID_THEN]
    assert old_search(stub, pat, app_id, AFTER, "facedetect", "face").models == []


def test_public_face_model_shows_its_old_type_before_the_date_only(stub, pat):
    request = service_pb2.GetModelRequest(user_app_id=MAIN, model_id="face-detection")
    before = stub.GetModel(request, metadata=on(pat, BEFORE)).model
    after = stub.GetModel(request, metadata=on(pat, AFTER)).model
    assert (shown(before)["type"], shown(before)["type_ext"]) == ("facedetect", "facedetect")
    assert (shown(after)["type"], shown(after)["type_ext"]) == ("detect-concept", "detect-concept")
    assert before.model_type_id == after.model_type_id == "visual-detector"


def test_predictions_show_it_too(stub, pat):
    predict = service_pb2.PostModelOutputsRequest(
        user_app_id=MAIN, model_id="face-detection", inputs=[image("https://samples.clarifai.com/face.jpg")]
    )
    model = stub.PostModelOutputs(predict, metadata=on(pat, BEFORE)).outputs[0].model
    assert shown(model)["type_ext"] == "facedetect" and model.model_type_id == "visual-detector"


def test_model_type_id_facedetect_never_existed(stub, pat, app_id):
    for day in (BEFORE, AFTER):
        request = service_pb2.ListModelTypesRequest(user_app_id=app_id, per_page=1000)
        listed = [t.id for t in stub.ListModelTypes(request, metadata=on(pat, day)).model_types]
        assert not [type_id for type_id in listed if "facedetect" in type_id]
        model = resources_pb2.Model(id=f"faces-{day}", model_type_id="facedetect-identity")
        create = service_pb2.PostModelsRequest(user_app_id=app_id, models=[model])
        assert stub.PostModels(create, metadata=on(pat, day)).status.code == 11102


def test_old_type_option_with_a_facedetect_name_makes_its_detect_model_before_the_date(emulator):
    body = {
        "model": {"id": "faces", "output_info": {"type": "facedetect", "type_ext": "facedetect-identity"}}
    }
    before = rest(emulator, BEFORE, "POST", "models", body)
    assert before["status"]["code"] == 10000 and before["model"]["model_type_id"] == "visual-detector"
    body["model"]["id"] = "faces-after"
    after = rest(emulator, AFTER, "POST", "models", body)
    assert after["status"]["code"] == 11102 and "facedetect-identity" in after["status"]["details"]


def test_from_the_date_the_announced_detect_name_finds_the_face_model(emulator):
    """The seed renames facedetect to detect; the 2021 face model shows detect-concept: both find it."""
    for name in ("detect", "detect-concept"):
        answer = rest(
            emulator, AFTER, "POST", "models/searches", {"model_query": {"name": "face", "type": name}}
        )
        assert [m["id"] for m in answer["models"]] == [FACE_ID_THEN], name
