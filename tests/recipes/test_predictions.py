"""model_info (CL016): GetModel gives what trimmed predictions no longer carry."""

import pytest
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from emulator.public import GENERAL_CONCEPTS
from recipes import ClarifaiStatusError
from recipes.predictions import model_info

MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")


def test_model_info_of_a_public_model(session):
    info = model_info(session, "general-image-recognition", user_app_id=MAIN)
    assert info["description"] == "Recognizes a wide range of concepts in images."
    assert (info["name"], info["model_type_id"]) == ("general", "visual-classifier")
    assert (info["version_id"], info["version_status"]) == (
        "aa7f35c01e0642fda5cf400f543e7c40",
        "MODEL_TRAINED",
    )
    assert {"id": "ai_fvlBqXZR", "name": "railway"} in info["concepts"]
    assert len(info["concepts"]) == len(GENERAL_CONCEPTS)
    assert info["output_config"] == {}
    assert session.calls["GetModel"] == 1


def test_model_info_has_what_a_prediction_lost(session):
    image = resources_pb2.Input(
        data=resources_pb2.Data(image=resources_pb2.Image(url="https://samples.clarifai.com/dog2.jpeg"))
    )
    request = service_pb2.PostModelOutputsRequest(
        user_app_id=MAIN, model_id="general-image-recognition", inputs=[image]
    )
    brief = session.stub.PostModelOutputs(request, metadata=session.metadata).outputs[0].model
    info = model_info(session, brief.id, version_id=brief.model_version.id, user_app_id=MAIN)
    assert brief.description == "" and info["description"]
    assert info["version_id"] == brief.model_version.id


def test_a_missing_model_raises_with_the_status_name(session):
    with pytest.raises(ClarifaiStatusError) as raised:
        model_info(session, "no-such-model")
    assert raised.value.name == "CONN_DOES_NOT_EXIST"
    assert "no-such-model" in raised.value.details


def test_a_missing_version_raises(session):
    with pytest.raises(ClarifaiStatusError, match="GetModel"):
        model_info(session, "general-image-recognition", version_id="nope", user_app_id=MAIN)
