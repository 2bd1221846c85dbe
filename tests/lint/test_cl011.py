"""CL011: training after an upload, with no check that the inputs are processed between."""

import pytest

from tests.lint.helpers import findings, flags

CODE = "CL011"
GRPC = "from clarifai_grpc.grpc.api import service_pb2\n"
ADD = "stub.PostInputs(service_pb2.PostInputsRequest(inputs=inputs), metadata=md)\n"
TRAIN = "stub.PostModelVersions(service_pb2.PostModelVersionsRequest(model_id='m'), metadata=md)\n"
CLIENT = "from clarifai.rest import ClarifaiApp\napp = ClarifaiApp()\n"

FLAGGED = [
    GRPC + ADD + TRAIN,
    GRPC + ADD + "stub.PostModels(request, metadata=md)\n" + TRAIN,
    CLIENT + "app.inputs.create_image_from_url(u, concepts=['cat'])\n"
    "model = app.models.create('pets', concepts=['cat'])\nmodel.train()\n",
    'import requests\nB = "https://api.clarifai.com/v2"\nrequests.post(B + "/inputs", json=b)\n'
    'requests.post(B + "/models/pets/versions", json={})\n',
    GRPC + "def upload():\n    " + ADD + "def train():\n    " + TRAIN + "upload()\ntrain()\n",
    GRPC + "class Trainer:\n    def add(self):\n        " + ADD + "    def run(self):\n"
    "        self.add()\n        " + TRAIN,
]
NOT_FLAGGED = [
    GRPC + TRAIN,  # inputs were added elsewhere: nothing to say
    GRPC + TRAIN + ADD,
    GRPC + ADD + "while stub.GetInputCount(r, metadata=md).counts.to_process:\n    pass\n" + TRAIN,
    GRPC + ADD + "wait_for_inputs(stub, ids)\n" + TRAIN,
    CLIENT + "app.inputs.create_image_from_url(u)\napp.wait_until_inputs_upload_finish()\nmodel.train()\n",
    GRPC + "def upload():\n    " + ADD + "def train():\n    " + TRAIN,  # never called in order here
    "# clarifai\nfrom sklearn.svm import SVC\nstub.PostInputs(r)\nSVC().train()\n",
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_training_that_does_not_wait(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_training_that_waits_alone(source):
    assert not flags(source, CODE)


def test_the_finding_is_on_the_training_and_names_the_upload():
    (finding,) = findings(GRPC + ADD + TRAIN, CODE)
    assert (finding.line, "PostInputs (line 2)" in finding.message) == (3, True)
