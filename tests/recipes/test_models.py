"""Model-version recipes against the emulator: CL017, CL018, CL011."""

import pytest
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from recipes import add_inputs
from recipes.errors import ClarifaiStatusError
from recipes.models import (
    create_model_with_version,
    enrich_dataset_params,
    input_counts,
    model_version,
    set_output_config,
    train_when_ready,
    wait_for_training,
)
from tests.helpers import image

NO_NEGATIVES = "face-identification-embedding"


def cats(count, prefix="cat"):
    inputs = [image(f"https://samples.clarifai.com/{prefix}/{n}.jpg", f"{prefix}-{n}") for n in range(count)]
    for item in inputs:
        item.data.concepts.add(id="cat", value=1)
    return inputs


def get_model(session, model_id):
    request = service_pb2.GetModelRequest(user_app_id=session.user_app_id, model_id=model_id)
    return session.stub.GetModel(request, metadata=session.metadata).model


def test_model_version_carries_its_own_info():
    version = model_version(
        ["cat", resources_pb2.Concept(id="dog", name="Dog")],
        output_config=resources_pb2.OutputConfig(max_concepts=5),
        train_params={"enrich_dataset": "Disabled"},
        base_model_id="general-image-embedding",
    )
    assert [c.id for c in version.output_info.data.concepts] == ["cat", "dog"]
    assert version.output_info.output_config.max_concepts == 5
    assert version.train_info.params["enrich_dataset"] == "Disabled"
    assert version.input_info.base_embed_model.id == "general-image-embedding"


def test_create_model_with_version_makes_both_in_two_calls(session):
    add_inputs(session, cats(2))
    input_counts(session)
    model_id, version_id = create_model_with_version(session, "pets", "embedding-classifier", ["cat"])
    assert (session.calls["PostModels"], session.calls["PostModelVersions"]) == (1, 1)
    trained = wait_for_training(session, model_id, version_id)
    assert (trained.id, trained.status.code, trained.total_input_count) == (version_id, 21100, 2)
    assert get_model(session, "pets").model_version.id == version_id


def test_set_output_config_patches_the_version_in_place(session):
    add_inputs(session, cats(2))
    input_counts(session)
    model_id, version_id = create_model_with_version(session, "pets", "embedding-classifier", ["cat"])
    wait_for_training(session, model_id, version_id)
    patched = set_output_config(session, model_id, version_id, resources_pb2.OutputConfig(max_concepts=1))
    assert (patched.id, patched.output_info.output_config.max_concepts) == (version_id, 1)
    request = service_pb2.ListModelVersionsRequest(user_app_id=session.user_app_id, model_id=model_id)
    listed = session.stub.ListModelVersions(request, metadata=session.metadata).model_versions
    assert [(v.id, v.status.code) for v in listed] == [(version_id, 21100)]
    assert listed[0].output_info.output_config.max_concepts == 1


def test_create_model_with_version_works_the_day_before_the_change_too(session):
    old = session.as_of("2023-01-19")
    add_inputs(old, cats(2))
    input_counts(old)
    model_id, version_id = create_model_with_version(old, "pets", "embedding-classifier", ["cat"])
    assert wait_for_training(old, model_id, version_id).status.code == 21100


def test_create_model_with_version_raises_the_api_status(session):
    with pytest.raises(ClarifaiStatusError) as raised:
        create_model_with_version(session, "pets", "no-such-type", ["cat"])
    assert raised.value.name == "CONN_INVALID_REQUEST" and raised.value.rpc == "PostModels"


@pytest.mark.parametrize(
    ("closed", "expected"), [(True, "Disabled"), (False, "Automatic"), (None, "Automatic")]
)
def test_enrich_dataset_params_translates_closed_environment(closed, expected):
    assert enrich_dataset_params(closed) == {"enrich_dataset": expected}


def test_enrich_dataset_trains_on_a_base_without_negatives(session):
    add_inputs(session, cats(2))
    input_counts(session)
    model_id, version_id = create_model_with_version(
        session,
        "pets",
        "embedding-classifier",
        ["cat"],
        train_params=enrich_dataset_params(False),
        base_model_id=NO_NEGATIVES,
    )
    version = wait_for_training(session, model_id, version_id)
    assert version.train_info.params["enrich_dataset"] == "Automatic"


def test_wait_for_training_raises_a_failed_training_with_its_status(session):
    model_id, version_id = create_model_with_version(session, "pets", "embedding-classifier", ["cat"])
    with pytest.raises(ClarifaiStatusError) as raised:
        wait_for_training(session, model_id, version_id)
    assert raised.value.name == "MODEL_TRAINING_NO_POSITIVES"


def test_train_when_ready_waits_for_busy_inputs_and_uses_all(session):
    add_inputs(session, cats(3))
    input_counts(session)
    input_counts(session)
    request = service_pb2.PostModelsRequest(
        user_app_id=session.user_app_id,
        models=[resources_pb2.Model(id="pets", model_type_id="embedding-classifier")],
    )
    session.stub.PostModels(request, metadata=session.metadata)
    add_inputs(session, cats(4, "late"))
    version_id = train_when_ready(session, "pets", concepts=["cat"])
    assert session.calls["GetInputCount"] >= 4  # it polled until the late inputs were processed
    assert get_model(session, "pets").model_version.total_input_count == 7
    assert get_model(session, "pets").model_version.id == version_id


def test_train_when_ready_raises_when_training_fails(session):
    request = service_pb2.PostModelsRequest(
        user_app_id=session.user_app_id,
        models=[resources_pb2.Model(id="pets", model_type_id="embedding-classifier")],
    )
    session.stub.PostModels(request, metadata=session.metadata)
    with pytest.raises(ClarifaiStatusError, match="MODEL_TRAINING_NO_POSITIVES"):
        train_when_ready(session, "pets", concepts=["cat"])
