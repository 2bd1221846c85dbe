"""CL017 2023-01-20: PostModels made a version before the date; after it only PostModelVersions does."""

import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from google.protobuf import json_format

from emulator import legacy
from tests.helpers import image

BEFORE, AFTER = "2023-01-19", "2023-01-20"


def on(pat, day):
    return (*pat, ("x-clarifai-emulator-as-of", day))


def concepts(*ids):
    return resources_pb2.OutputInfo(
        data=resources_pb2.Data(concepts=[resources_pb2.Concept(id=i) for i in ids])
    )


def post_model(stub, pat, app_id, day, model_type_id="embedding-classifier", **fields):
    model = resources_pb2.Model(id="pets", model_type_id=model_type_id, **fields)
    request = service_pb2.PostModelsRequest(user_app_id=app_id, models=[model])
    return stub.PostModels(request, metadata=on(pat, day))


def get_model(stub, pat, app_id, day):
    request = service_pb2.GetModelRequest(user_app_id=app_id, model_id="pets")
    return stub.GetModel(request, metadata=on(pat, day))


def train(stub, pat, app_id, day, *versions):
    request = service_pb2.PostModelVersionsRequest(
        user_app_id=app_id, model_id="pets", model_versions=versions
    )
    return stub.PostModelVersions(request, metadata=on(pat, day))


def add_cats(stub, pat, app_id, count=2):
    inputs = [image(f"https://samples.clarifai.com/cat/{n}.jpg", f"cat-{n}") for n in range(count)]
    for item in inputs:
        item.data.concepts.add(id="cat", value=1)
    stub.PostInputs(service_pb2.PostInputsRequest(user_app_id=app_id, inputs=inputs), metadata=pat)
    for _ in range(2):
        stub.GetInputCount(service_pb2.GetInputCountRequest(user_app_id=app_id), metadata=pat)


def settle(stub, pat, app_id, day, polls=4):
    for _ in range(polls):
        response = get_model(stub, pat, app_id, day)
    return response.model


def test_before_the_date_post_models_makes_an_untrained_version_from_output_info(stub, pat, app_id):
    response = post_model(stub, pat, app_id, BEFORE, output_info=concepts("cat", "dog"))
    version = response.model.model_version
    assert (version.status.code, version.status.description) == (
        21102,
        "Custom model has not yet been trained",
    )
    assert [c.id for c in version.output_info.data.concepts] == ["cat", "dog"]
    assert [c.id for c in response.model.output_info.data.concepts] == ["cat", "dog"]  # mirrored


def test_before_the_date_a_type_that_is_not_trainable_is_trained_at_once(stub, pat, app_id):
    response = post_model(stub, pat, app_id, BEFORE, "concept-thresholder", output_info=concepts("cat"))
    assert response.model.model_version.status.code == 21100


def test_before_the_date_post_model_versions_trains_the_untrained_version(stub, pat, app_id):
    add_cats(stub, pat, app_id)
    placeholder = post_model(stub, pat, app_id, BEFORE, output_info=concepts("cat")).model.model_version
    trained = train(stub, pat, app_id, BEFORE).model.model_version  # no *_info: the old default
    assert trained.id == placeholder.id
    model = settle(stub, pat, app_id, BEFORE)
    assert (model.model_version.id, model.model_version.status.code) == (placeholder.id, 21100)
    assert model.model_version.total_input_count == 2
    listed = service_pb2.ListModelVersionsRequest(user_app_id=app_id, model_id="pets")
    assert len(stub.ListModelVersions(listed, metadata=pat).model_versions) == 1


def test_before_the_date_removed_info_fields_on_the_model_make_the_version(stub, pat, app_id):
    model = resources_pb2.Model(id="pets", model_type_id="embedding-classifier", output_info=concepts("cat"))
    legacy.attach(model, "train_info", {"params": {"template": "classic"}})
    wire = service_pb2.PostModelsRequest.FromString(
        service_pb2.PostModelsRequest(user_app_id=app_id, models=[model]).SerializeToString()
    )
    response = stub.PostModels(wire, metadata=on(pat, BEFORE))
    assert response.status.code == 10000
    assert response.model.model_version.train_info.params["template"] == "classic"


def test_before_the_date_rest_clients_send_input_info_on_the_model(emulator):
    account = emulator.account
    url = f"{emulator.rest_url}/v2/users/{account.user_id}/apps/{account.app_id}/models"
    headers = {"Authorization": "Key " + account.pat, "X-Clarifai-Emulator-As-Of": BEFORE}
    body = {
        "model": {
            "id": "pets",
            "model_type_id": "embedding-classifier",
            "output_info": {"data": {"concepts": [{"id": "cat"}]}},
            "input_info": {"base_embed_model": {"id": "general-image-embedding"}},
        }
    }
    answer = requests.post(url, json=body, headers=headers).json()
    assert answer["status"]["code"] == 10000
    assert answer["model"]["input_info"]["base_embed_model"]["id"] == "general-image-embedding"
    assert (
        answer["model"]["model_version"]["input_info"]["base_embed_model"]["id"] == "general-image-embedding"
    )


def test_before_the_date_patch_models_output_info_makes_a_new_version(stub, pat, app_id):
    post_model(stub, pat, app_id, BEFORE, "concept-thresholder", output_info=concepts("cat"))
    first = get_model(stub, pat, app_id, BEFORE).model.model_version.id
    patch = resources_pb2.Model(id="pets", output_info=resources_pb2.OutputInfo())
    patch.output_info.output_config.min_value = 0.5
    request = service_pb2.PatchModelsRequest(user_app_id=app_id, models=[patch], action="merge")
    response = stub.PatchModels(request, metadata=on(pat, BEFORE))
    assert response.status.code == 10000
    version = response.models[0].model_version
    assert version.id != first and version.status.code == 21100
    assert round(version.output_info.output_config.min_value, 2) == 0.5
    assert [c.id for c in version.output_info.data.concepts] == ["cat"]


def test_before_the_date_patch_model_versions_cannot_change_output_info(stub, pat, app_id):
    post_model(stub, pat, app_id, BEFORE, "concept-thresholder", output_info=concepts("cat"))
    version_id = get_model(stub, pat, app_id, BEFORE).model.model_version.id
    patch = resources_pb2.ModelVersion(id=version_id, output_info=resources_pb2.OutputInfo())
    patch.output_info.output_config.max_concepts = 2
    request = service_pb2.PatchModelVersionsRequest(
        user_app_id=app_id, model_id="pets", model_versions=[patch]
    )
    status = stub.PatchModelVersions(request, metadata=on(pat, BEFORE)).status
    assert status.code == 11102 and "PatchModels" in status.details
    assert stub.PatchModelVersions(request, metadata=on(pat, AFTER)).status.code == 10000


def test_from_the_date_post_models_makes_no_version(stub, pat, app_id):
    response = post_model(stub, pat, app_id, AFTER, output_info=concepts("cat"))
    assert response.status.code == 10000 and not response.model.HasField("model_version")
    assert not get_model(stub, pat, app_id, AFTER).model.HasField("model_version")
    predict = service_pb2.PostModelOutputsRequest(user_app_id=app_id, model_id="pets", inputs=[image()])
    assert stub.PostModelOutputs(predict, metadata=on(pat, AFTER)).status.code == 11101


def test_from_the_date_the_old_training_call_is_refused_and_the_new_one_trains(stub, pat, app_id):
    add_cats(stub, pat, app_id)
    post_model(stub, pat, app_id, AFTER, output_info=concepts("cat"))
    refused = train(stub, pat, app_id, AFTER).status
    assert refused.code == 11102 and "output_info.data.concepts" in refused.details
    assert (
        train(stub, pat, app_id, AFTER, resources_pb2.ModelVersion(output_info=concepts("cat"))).status.code
        == 10000
    )
    assert settle(stub, pat, app_id, AFTER).model_version.status.code == 21100


def test_from_the_date_removed_info_fields_are_refused_and_nothing_is_made(stub, pat, app_id):
    model = resources_pb2.Model(id="pets", model_type_id="embedding-classifier")
    legacy.attach(model, "input_info", {"base_embed_model": {"id": "general-image-embedding"}})
    wire = service_pb2.PostModelsRequest.FromString(
        service_pb2.PostModelsRequest(user_app_id=app_id, models=[model]).SerializeToString()
    )
    status = stub.PostModels(wire, metadata=on(pat, AFTER)).status
    assert status.code == 11100 and "input_info" in status.details
    assert get_model(stub, pat, app_id, AFTER).status.code == 11101


def test_from_the_date_patch_models_refuses_output_info(stub, pat, app_id):
    post_model(stub, pat, app_id, AFTER)
    patch = resources_pb2.Model(id="pets", output_info=concepts("cat"))
    request = service_pb2.PatchModelsRequest(user_app_id=app_id, models=[patch], action="merge")
    assert stub.PatchModels(request, metadata=on(pat, AFTER)).status.code == 11102


def test_old_responses_show_the_version_info_on_the_model(stub, pat, app_id):
    post_model(stub, pat, app_id, AFTER)
    train(stub, pat, app_id, AFTER, resources_pb2.ModelVersion(output_info=concepts("cat")))
    old = get_model(stub, pat, app_id, BEFORE).model
    new = get_model(stub, pat, app_id, AFTER).model
    assert [c.id for c in old.output_info.data.concepts] == ["cat"]
    assert not new.HasField("output_info")
    assert json_format.MessageToDict(new.model_version.output_info)["data"]["concepts"][0]["id"] == "cat"


def test_before_the_date_patching_a_trained_model_output_info_makes_a_trained_version(stub, pat, app_id):
    add_cats(stub, pat, app_id)
    post_model(stub, pat, app_id, BEFORE, output_info=concepts("cat"))
    train(stub, pat, app_id, BEFORE)
    trained = settle(stub, pat, app_id, BEFORE).model_version
    patch = resources_pb2.Model(id="pets", output_info=resources_pb2.OutputInfo())
    patch.output_info.output_config.max_concepts = 1
    request = service_pb2.PatchModelsRequest(user_app_id=app_id, models=[patch], action="merge")
    version = stub.PatchModels(request, metadata=on(pat, BEFORE)).models[0].model_version
    assert version.id != trained.id and version.status.code == 21100
    assert version.total_input_count == trained.total_input_count == 2

    retrain = resources_pb2.Model(id="pets")
    legacy.attach(retrain, "train_info", {"params": {"epochs": 3}})
    wire = service_pb2.PatchModelsRequest.FromString(
        service_pb2.PatchModelsRequest(
            user_app_id=app_id, models=[retrain], action="merge"
        ).SerializeToString()
    )
    version = stub.PatchModels(wire, metadata=on(pat, BEFORE)).models[0].model_version
    assert version.status.code == 21102 and version.train_info.params["epochs"] == 3
    assert version.output_info.output_config.max_concepts == 1


def test_version_statuses_read_as_worded_in_2023_on_both_sides_of_the_date(stub, pat, app_id):
    add_cats(stub, pat, app_id)
    post_model(stub, pat, app_id, BEFORE, output_info=concepts("cat"))
    train(stub, pat, app_id, BEFORE)
    for day in (BEFORE, AFTER):
        status = settle(stub, pat, app_id, day).model_version.status
        assert (status.code, status.description) == (21100, "Model is trained and ready")
    listed = stub.ListModelVersions(
        service_pb2.ListModelVersionsRequest(user_app_id=app_id, model_id="pets"), metadata=pat
    ).model_versions
    assert [v.status.description for v in listed] == ["Model is trained and ready for deployment"]  # today
