"""CL014 2022-01-20: before the date, old public ids and names in responses and name matching in
searches; from it, ids only. Old ids work on every date and answer today's id."""

import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from tests.helpers import image

BEFORE, AFTER = "2022-01-19", "2022-01-20"
GENERAL_OLD_ID = "aaa03c23b3724a16a56b629203edc62c"
MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")


def on(pat, day):
    return (*pat, ("x-clarifai-emulator-as-of", day))


def get(stub, pat, day, model_id, app_id=MAIN):
    request = service_pb2.GetModelRequest(user_app_id=app_id, model_id=model_id)
    return stub.GetModel(request, metadata=on(pat, day))


def searched(stub, pat, app_id, day, name):
    query = resources_pb2.ModelQuery(name=name)
    request = service_pb2.PostModelsSearchesRequest(user_app_id=app_id, model_query=query)
    return [model.id for model in stub.PostModelsSearches(request, metadata=on(pat, day)).models]


def listed(stub, pat, app_id, day, name):
    request = service_pb2.ListModelsRequest(user_app_id=app_id, name=name, dont_fetch_from_main=True)
    return [model.id for model in stub.ListModels(request, metadata=on(pat, day)).models]


def create_named(stub, pat, app_id):
    models = [
        resources_pb2.Model(
            id="pets", name="pets", display_name="My Pets", model_type_id="embedding-classifier"
        ),
        resources_pb2.Model(id="cars", model_type_id="embedding-classifier"),
    ]
    for model in models:
        request = service_pb2.PostModelsRequest(user_app_id=app_id, models=[model])
        assert stub.PostModels(request, metadata=pat).status.code == 10000


def test_before_the_date_the_general_model_answers_its_old_id_and_names(stub, pat):
    model = get(stub, pat, BEFORE, GENERAL_OLD_ID).model
    assert (model.id, model.name, model.display_name) == (GENERAL_OLD_ID, "general", "General")
    assert get(stub, pat, BEFORE, "general-image-recognition").model.id == GENERAL_OLD_ID


def test_from_the_date_the_old_id_still_works_and_answers_todays_id(stub, pat):
    response = get(stub, pat, AFTER, GENERAL_OLD_ID)
    assert (response.status.code, response.model.id) == (10000, "general-image-recognition")
    assert get(stub, pat, "2026-01-01", GENERAL_OLD_ID).model.display_name == ""


def test_the_old_id_predicts_on_every_date(stub, pat):
    for day in (BEFORE, AFTER):
        request = service_pb2.PostModelOutputsRequest(
            user_app_id=MAIN, model_id=GENERAL_OLD_ID, inputs=[image()]
        )
        response = stub.PostModelOutputs(request, metadata=on(pat, day))
        assert response.status.code == 10000
        assert response.outputs[0].model.id == "general-image-recognition"


def test_an_unknown_id_is_still_not_found(stub, pat):
    assert get(stub, pat, BEFORE, "general-v1.3").status.code == 11101


def test_before_the_date_searches_match_display_names(stub, pat, app_id):
    create_named(stub, pat, app_id)
    assert searched(stub, pat, app_id, BEFORE, "My Pets") == ["pets"]
    assert searched(stub, pat, app_id, BEFORE, "gener*")[0] == GENERAL_OLD_ID


def test_from_the_date_searches_match_ids_only(stub, pat, app_id):
    create_named(stub, pat, app_id)
    assert searched(stub, pat, app_id, AFTER, "My Pets") == []
    assert searched(stub, pat, app_id, AFTER, "pets") == ["pets"]
    found = searched(stub, pat, app_id, AFTER, "gener*")
    assert found[0] == "general-image-recognition" and all(m.startswith("general") for m in found)


def test_list_models_by_name_before_and_after(stub, pat, app_id):
    create_named(stub, pat, app_id)
    assert listed(stub, pat, app_id, BEFORE, "My Pets") == ["pets"]
    assert listed(stub, pat, app_id, AFTER, "My Pets") == ["cars", "pets"]


def test_rest_door_old_id_both_sides(emulator):
    url = f"{emulator.rest_url}/v2/users/clarifai/apps/main/models/{GENERAL_OLD_ID}"
    for day, expected in ((BEFORE, GENERAL_OLD_ID), (AFTER, "general-image-recognition")):
        headers = {"Authorization": "Key " + emulator.account.pat, "X-Clarifai-Emulator-As-Of": day}
        answer = requests.get(url, headers=headers).json()
        assert (answer["status"]["code"], answer["model"]["id"]) == (10000, expected)


def test_before_2021_07_27_the_public_models_had_their_versioned_names(stub, pat):
    assert get(stub, pat, "2019-06-01", GENERAL_OLD_ID).model.name == "general-v1.3"
    assert get(stub, pat, "2019-06-01", "face-detection").model.name == "face-v1.3"
    assert get(stub, pat, "2021-07-27", GENERAL_OLD_ID).model.name == "general"


def test_before_the_date_a_plain_name_matches_as_a_prefix(stub, pat, app_id):
    create_named(stub, pat, app_id)
    assert searched(stub, pat, app_id, "2019-06-01", "face") == ["a403429f2ddf4b49b307e318f00e528b"]
    assert searched(stub, pat, app_id, BEFORE, "My") == ["pets"]
    assert searched(stub, pat, app_id, AFTER, "face") == []


def test_rest_the_2x_model_cache_finds_general_v1_3_by_name_and_type(emulator):
    """ClarifaiApp() caches GET /v2/models (an app key) by (name, output_info.type)."""
    headers = {"Authorization": "Key " + emulator.account.api_key, "X-Clarifai-Emulator-As-Of": "2019-06-01"}
    models = requests.get(f"{emulator.rest_url}/v2/models", headers=headers).json()["models"]
    cache = {(m["name"], m["output_info"]["type"]): m["id"] for m in models}
    assert cache[("general-v1.3", "concept")] == GENERAL_OLD_ID
    assert cache[("face-v1.3", "facedetect")] == "a403429f2ddf4b49b307e318f00e528b"


def test_a_user_model_made_before_the_date_answers_its_new_id_from_it(stub, pat, app_id):
    """The announcement as first written: new ids from display_name / name / model_type_id,
    "except for Clarifai/main models"; the old id "will still be usable in all queries"."""
    model = resources_pb2.Model(
        id="a1b2c3", display_name="Pet Classifier", model_type_id="embedding-classifier"
    )
    request = service_pb2.PostModelsRequest(user_app_id=app_id, models=[model])
    assert stub.PostModels(request, metadata=on(pat, BEFORE)).model.id == "a1b2c3"
    assert get(stub, pat, BEFORE, "a1b2c3", app_id).model.id == "a1b2c3"
    assert get(stub, pat, AFTER, "a1b2c3", app_id).model.id == "pet-classifier"
    assert get(stub, pat, AFTER, "pet-classifier", app_id).model.id == "pet-classifier"
    assert listed(stub, pat, app_id, AFTER, "") == ["pet-classifier"]
    assert searched(stub, pat, app_id, AFTER, "pet-*") == ["pet-classifier"]


def test_the_new_id_rule_adds_the_model_type_when_the_name_is_taken(stub, pat, app_id):
    for model_id in ("first", "second", "third"):
        model = resources_pb2.Model(id=model_id, display_name="Same Name", model_type_id="visual-detector")
        request = service_pb2.PostModelsRequest(user_app_id=app_id, models=[model])
        assert stub.PostModels(request, metadata=on(pat, BEFORE)).status.code == 10000
    shown = [get(stub, pat, AFTER, model_id, app_id).model.id for model_id in ("first", "second", "third")]
    assert shown == ["same-name", "same-name-visual-detector", "same-name-visual-detector-1"]


def test_models_made_from_the_date_keep_the_id_given_and_a_name_only_model_keeps_it_too(stub, pat, app_id):
    made = [
        (AFTER, resources_pb2.Model(id="x9", display_name="Later", model_type_id="embedding-classifier")),
        (
            BEFORE,
            resources_pb2.Model(id="legacy-pets", name="legacy-pets", model_type_id="embedding-classifier"),
        ),
    ]
    for day, model in made:
        request = service_pb2.PostModelsRequest(user_app_id=app_id, models=[model])
        assert stub.PostModels(request, metadata=on(pat, day)).status.code == 10000
    assert get(stub, pat, AFTER, "x9", app_id).model.id == "x9"
    # the 2.x client's models.create gives name = id: its id stays
    assert get(stub, pat, AFTER, "legacy-pets", app_id).model.id == "legacy-pets"


def test_a_renamed_model_is_deleted_by_either_id_and_its_new_id_is_free_again(stub, pat, app_id):
    def make(model_id):
        model = resources_pb2.Model(
            id=model_id, display_name="Garden Birds", model_type_id="embedding-classifier"
        )
        request = service_pb2.PostModelsRequest(user_app_id=app_id, models=[model])
        assert stub.PostModels(request, metadata=on(pat, BEFORE)).status.code == 10000

    make("b1")
    request = service_pb2.DeleteModelRequest(user_app_id=app_id, model_id="garden-birds")
    assert stub.DeleteModel(request, metadata=on(pat, AFTER)).status.code == 10000
    assert get(stub, pat, AFTER, "b1", app_id).status.code == 11101  # CONN_DOES_NOT_EXIST
    make("b2")
    assert get(stub, pat, AFTER, "b2", app_id).model.id == "garden-birds"
    request = service_pb2.DeleteModelsRequest(user_app_id=app_id, ids=["b2", "garden-birds"])
    assert stub.DeleteModels(request, metadata=on(pat, AFTER)).status.code == 10000
    assert listed(stub, pat, app_id, AFTER, "") == []
