"""CL018 2023-01-26: closed_environment false failed without negatives; enrich_dataset replaces it."""

import pytest
import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from emulator import legacy
from tests.helpers import image

BEFORE, AFTER = "2023-01-25", "2023-01-26"
NO_NEGATIVES = "face-identification-embedding"


def on(pat, day):
    return (*pat, ("x-clarifai-emulator-as-of", day))


def setup_model(stub, pat, app_id, model_type_id="embedding-classifier"):
    inputs = [image(f"https://samples.clarifai.com/cat/{n}.jpg", f"cat-{n}") for n in range(2)]
    for item in inputs:
        item.data.concepts.add(id="cat", value=1)
    stub.PostInputs(service_pb2.PostInputsRequest(user_app_id=app_id, inputs=inputs), metadata=pat)
    model = resources_pb2.Model(id="pets", model_type_id=model_type_id)
    stub.PostModels(service_pb2.PostModelsRequest(user_app_id=app_id, models=[model]), metadata=pat)
    stub.GetInputCount(service_pb2.GetInputCountRequest(user_app_id=app_id), metadata=pat)


def version(base=NO_NEGATIVES, closed=None, enrich=None):
    made = resources_pb2.ModelVersion(
        output_info=resources_pb2.OutputInfo(
            data=resources_pb2.Data(concepts=[resources_pb2.Concept(id="cat")])
        ),
        input_info=resources_pb2.InputInfo(base_embed_model=resources_pb2.Model(id=base)),
    )
    if enrich:
        made.train_info.params.update({"enrich_dataset": enrich})
    if closed is not None:
        legacy.attach(made.output_info.output_config, "closed_environment", closed)
    return made


def train(stub, pat, app_id, day, made):
    request = service_pb2.PostModelVersionsRequest(user_app_id=app_id, model_id="pets", model_versions=[made])
    wire = service_pb2.PostModelVersionsRequest.FromString(request.SerializeToString())
    return stub.PostModelVersions(wire, metadata=on(pat, day))


def outcome(stub, pat, app_id, day):
    request = service_pb2.GetModelRequest(user_app_id=app_id, model_id="pets")
    for _ in range(4):
        response = stub.GetModel(request, metadata=on(pat, day))
    return response.model.model_version.status


@pytest.mark.parametrize("closed", [None, False])
def test_before_the_date_the_default_fails_without_negatives(stub, pat, app_id, closed):
    setup_model(stub, pat, app_id)
    assert train(stub, pat, app_id, BEFORE, version(closed=closed)).status.code == 10000
    status = outcome(stub, pat, app_id, BEFORE)
    assert (status.code, status.description) == (21106, "Model training failed")
    assert NO_NEGATIVES in status.details and "closed_environment" in status.details


def test_before_the_date_a_closed_environment_trains_without_negatives(stub, pat, app_id):
    setup_model(stub, pat, app_id)
    train(stub, pat, app_id, BEFORE, version(closed=True))
    status = outcome(stub, pat, app_id, BEFORE)
    assert (status.code, status.description) == (21100, "Model is trained and ready")  # the 2023 text


def test_before_the_date_a_base_with_negatives_trains_by_default(stub, pat, app_id):
    setup_model(stub, pat, app_id)
    train(stub, pat, app_id, BEFORE, version(base="general-image-embedding"))
    assert outcome(stub, pat, app_id, BEFORE).code == 21100


def test_before_the_date_enrich_dataset_is_ignored(stub, pat, app_id):
    setup_model(stub, pat, app_id)
    response = train(stub, pat, app_id, BEFORE, version(enrich="Automatic"))
    assert "enrich_dataset" not in response.model.model_version.train_info.params
    assert outcome(stub, pat, app_id, BEFORE).code == 21106


def test_before_the_date_other_model_types_ignore_closed_environment(stub, pat, app_id):
    setup_model(stub, pat, app_id, "visual-classifier")
    made = version(closed=False)
    made.ClearField("input_info")
    train(stub, pat, app_id, BEFORE, made)
    assert outcome(stub, pat, app_id, BEFORE).code == 21100


def test_before_the_date_rest_closed_environment_on_post_models_reaches_the_version(
    emulator, stub, pat, app_id
):
    account = emulator.account
    url = f"{emulator.rest_url}/v2/users/{account.user_id}/apps/{account.app_id}/models"
    headers = {"Authorization": "Key " + account.pat, "X-Clarifai-Emulator-As-Of": "2023-01-19"}
    body = {
        "model": {
            "id": "old",
            "model_type_id": "embedding-classifier",
            "output_info": {
                "data": {"concepts": [{"id": "cat"}]},
                "output_config": {"closed_environment": True},
            },
        }
    }
    answer = requests.post(url, json=body, headers=headers).json()
    assert answer["status"]["code"] == 10000
    assert answer["model"]["model_version"]["output_info"]["output_config"]["closed_environment"] is True
    bad = {
        "model": {
            **body["model"],
            "id": "odd",
            "output_info": {"output_config": {"closed_environment": "no"}},
        }
    }
    assert requests.post(url, json=bad, headers=headers).json()["status"]["code"] == 11100


@pytest.mark.parametrize("door", ["grpc", "rest"])
def test_before_cl017_closed_environment_on_patch_models_reaches_the_new_version(
    emulator, stub, pat, app_id, door
):
    """CL017's request transform, older, runs first and holds output_info aside: CL018 finds it there."""
    setup_model(stub, pat, app_id)
    before_cl017 = "2023-01-19"
    if door == "rest":
        account = emulator.account
        url = f"{emulator.rest_url}/v2/users/{account.user_id}/apps/{account.app_id}/models"
        headers = {"Authorization": "Key " + account.pat, "X-Clarifai-Emulator-As-Of": before_cl017}
        patch = {"id": "pets", "output_info": {"output_config": {"closed_environment": True}}}
        answer = requests.patch(url, json={"action": "merge", "models": [patch]}, headers=headers).json()
        assert answer["status"]["code"] == 10000
    else:
        patch = resources_pb2.Model(id="pets")
        legacy.attach(patch.output_info.output_config, "closed_environment", True)
        request = service_pb2.PatchModelsRequest(user_app_id=app_id, models=[patch], action="merge")
        wire = service_pb2.PatchModelsRequest.FromString(request.SerializeToString())
        assert stub.PatchModels(wire, metadata=on(pat, before_cl017)).status.code == 10000
    listed = service_pb2.ListModelVersionsRequest(user_app_id=app_id, model_id="pets")
    newest = stub.ListModelVersions(listed, metadata=on(pat, before_cl017)).model_versions[0]
    assert legacy.from_unknown_fields(newest.output_info.output_config) == {"closed_environment": True}


def test_from_the_date_closed_environment_is_refused_and_nothing_made(stub, pat, app_id):
    setup_model(stub, pat, app_id)
    status = train(stub, pat, app_id, AFTER, version(closed=True)).status
    assert status.code == 11100 and "closed_environment" in status.details
    request = service_pb2.GetModelRequest(user_app_id=app_id, model_id="pets")
    assert not stub.GetModel(request, metadata=pat).model.HasField("model_version")


@pytest.mark.parametrize("enrich", ["Automatic", "Disabled", None])
def test_from_the_date_enrich_dataset_trains_without_negatives(stub, pat, app_id, enrich):
    setup_model(stub, pat, app_id)
    assert train(stub, pat, app_id, AFTER, version(enrich=enrich)).status.code == 10000
    status = outcome(stub, pat, app_id, AFTER)
    assert (status.code, status.description) == (21100, "Model is trained and ready")  # still the 2023 text


def test_the_trained_text_of_2023_is_todays_longer_one_from_2025(stub, pat, app_id):
    setup_model(stub, pat, app_id)
    train(stub, pat, app_id, AFTER, version(enrich="Automatic"))
    texts = [outcome(stub, pat, app_id, day).description for day in ("2024-12-31", "2025-01-01")]
    assert texts == ["Model is trained and ready", "Model is trained and ready for deployment"]
