"""CL002 (heuristic): inputs added without ever waiting for INPUT_SUCCESS."""

import pytest

from tests.lint.helpers import flags

CODE = "CL002"
GRPC = "from clarifai_grpc.grpc.api import service_pb2\n"

FLAGGED = [
    GRPC + "stub.PostInputs(service_pb2.PostInputsRequest(inputs=inputs), metadata=md)\nsearch()",
    "from clarifai.rest import ClarifaiApp\napp = ClarifaiApp()\napp.inputs.create_image_from_url(url)",
    "from clarifai.rest import ClarifaiApp\napp.inputs.bulk_create_images(images)",
    'import requests\nrequests.post("https://api.clarifai.com/v2/inputs", json=body)',
    "import requests\n"
    'BASE = "https://api.clarifai.com/v2/users/me/apps/a"\n'
    'requests.post(f"{BASE}/inputs", json=b)',
    "import requests  # clarifai\nrequests.post(CLARIFAI_URL + '/inputs', json=body)",
]
NOT_FLAGGED = [
    GRPC + "stub.PostInputs(req, metadata=md)\n"
    "stub.GetInput(service_pb2.GetInputRequest(input_id='a'), metadata=md)",
    GRPC + "stub.PostInputs(req, metadata=md)\nstub.ListInputs(service_pb2.ListInputsRequest(), metadata=md)",
    GRPC
    + "stub.PostInputs(req, metadata=md)\nwhile stub.GetInputCount(r, metadata=md).counts.to_process: pass",
    GRPC + "from recipes.inputs import wait_for_inputs\n"
    "stub.PostInputs(req, metadata=md)\n"
    "wait_for_inputs(s, ids)",
    GRPC + "r = stub.PostInputs(req, metadata=md)\nok = r.inputs[0].status.code == 30000",
    "from clarifai.rest import ClarifaiApp\n"
    "app.inputs.create_image_from_url(url)\n"
    "app.wait_until_inputs_upload_finish()",
    "from clarifai.rest import ClarifaiApp\napp.inputs.create_image_from_url(url)\napp.inputs.get('a1')",
    'import requests  # clarifai\nrequests.post("https://example.com/api/inputs", json=rows)',
    "# clarifai\nuploader.create_image_from_url(url)",  # not the 2.x client
    "stub.PostInputs(req)",  # no Clarifai in the file at all
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_adds_that_are_never_waited_for(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_files_that_wait_alone(source):
    assert not flags(source, CODE)
