"""CL003 (heuristic): inputs deleted without ever checking they are gone."""

import pytest

from tests.lint.helpers import flags

CODE = "CL003"
GRPC = "from clarifai_grpc.grpc.api import service_pb2\n"

FLAGGED = [
    GRPC + "stub.DeleteInputs(service_pb2.DeleteInputsRequest(ids=ids), metadata=md)",
    GRPC + "stub.DeleteInput(service_pb2.DeleteInputRequest(input_id='a1'), metadata=md)",
    "from clarifai.rest import ClarifaiApp\napp.inputs.delete('a1')",
    'import requests\nrequests.delete("https://api.clarifai.com/v2/inputs", json={"ids": ids})',
]
NOT_FLAGGED = [
    GRPC + "stub.DeleteInputs(req, metadata=md)\n"
    "stub.GetInput(service_pb2.GetInputRequest(input_id='a'), metadata=md)",
    GRPC + "stub.DeleteInputs(req, metadata=md)\nwhile stub.ListInputs(r, metadata=md).inputs: pass",
    GRPC + "from recipes.inputs import wait_for_deleted\n"
    "stub.DeleteInputs(req, metadata=md)\n"
    "wait_for_deleted(s, ids)",
    GRPC + "from clarifai_grpc.grpc.api.status import status_code_pb2\nstub.DeleteInput(r, metadata=md)\n"
    "gone = code == status_code_pb2.CONN_DOES_NOT_EXIST",
    "from clarifai.rest import ClarifaiApp\napp.inputs.delete('a1')\napp.wait_until_inputs_delete_finish()",
    "from clarifai.rest import ClarifaiApp\napp.inputs.delete_all()",  # CL012's business
    'import requests  # clarifai\nrequests.delete("https://example.com/files/inputs/1")',
    "# clarifai\nos.remove(path)\ncache.delete(key)",
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_deletes_that_are_never_checked(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_files_that_check_alone(source):
    assert not flags(source, CODE)
