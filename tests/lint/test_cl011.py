"""CL011 (heuristic): training right after adding inputs, without checking they are processed."""

import pytest

from tests.lint.helpers import flags

CODE = "CL011"
GRPC = "from clarifai_grpc.grpc.api import service_pb2\n"
ADD = "stub.PostInputs(service_pb2.PostInputsRequest(inputs=inputs), metadata=md)\n"
TRAIN = "stub.PostModelVersions(service_pb2.PostModelVersionsRequest(model_id='m'), metadata=md)\n"

FLAGGED = [
    GRPC + ADD + TRAIN,
    "from clarifai.rest import ClarifaiApp\n"
    "app.inputs.create_image_from_url(u, concepts=['cat'])\n"
    "model.train()",
    'import requests\nB = "https://api.clarifai.com/v2"\nrequests.post(B + "/inputs", json=b)\n'
    'requests.post(B + "/models/pets/versions", json={})',
]
NOT_FLAGGED = [
    GRPC + TRAIN,  # inputs were added elsewhere: nothing to say
    GRPC + ADD + "while stub.GetInputCount(r, metadata=md).counts.to_process: pass\n" + TRAIN,
    GRPC + ADD + "stub.GetInput(service_pb2.GetInputRequest(input_id='a'), metadata=md)\n" + TRAIN,
    "from clarifai.rest import ClarifaiApp\napp.inputs.create_image_from_url(u)\n"
    "app.wait_until_inputs_upload_finish()\nmodel.train()",
    "# clarifai\nfrom sklearn.svm import SVC\nstub.PostInputs(r)\nSVC().train()",
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_training_that_does_not_wait(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_training_that_waits_alone(source):
    assert not flags(source, CODE)
