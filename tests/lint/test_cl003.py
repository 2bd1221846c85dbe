"""CL003: a delete followed by a step that assumes the inputs are gone, with no check between."""

import pytest

from tests.lint.helpers import findings, flags

CODE = "CL003"
GRPC = "from clarifai_grpc.grpc.api import service_pb2\n"
DELETE = "stub.DeleteInputs(service_pb2.DeleteInputsRequest(ids=ids), metadata=md)\n"
LIST = "left = stub.ListInputs(service_pb2.ListInputsRequest(), metadata=md)\n"
CLIENT = "from clarifai.rest import ClarifaiApp\napp = ClarifaiApp()\n"
REST = 'import requests\nBASE = "https://api.clarifai.com/v2"\n'

FLAGGED = [
    GRPC + DELETE + LIST,
    GRPC + "stub.DeleteInput(service_pb2.DeleteInputRequest(input_id='a'), metadata=md)\n"
    "stub.PostInputs(service_pb2.PostInputsRequest(inputs=[same_id]), metadata=md)\n",
    GRPC + DELETE + "stub.PostModelVersions(request, metadata=md)\n",
    GRPC + DELETE + "total = stub.GetInputCount(request, metadata=md).counts.processed\n",
    CLIENT + "app.inputs.delete_all()\nprint(len(app.inputs.get_all()))\n",
    CLIENT + "app.inputs.delete(['a', 'b'])\napp.inputs.search_by_annotated_concepts(concept='cat')\n",
    REST + 'requests.delete(f"{BASE}/inputs", json={"ids": ids})\nrequests.get(f"{BASE}/inputs")\n',
    GRPC + "def clear(stub):\n    " + DELETE + "def main():\n    clear(stub)\n    " + LIST,
]
NOT_FLAGGED = [
    GRPC + DELETE,  # nothing relies on it
    GRPC + LIST + DELETE,
    GRPC + DELETE + "wait_for_deleted(stub, ids)\n" + LIST,
    GRPC + DELETE + "while True:\n"
    "    got = stub.GetInput(service_pb2.GetInputRequest(input_id='a'), metadata=md)\n"
    "    if got.status.code == status_code_pb2.CONN_DOES_NOT_EXIST:\n        break\n" + LIST,
    GRPC + DELETE + "assert stub.GetInput(req, metadata=md).status.code == 11101\n" + LIST,
    CLIENT + "app.inputs.delete_all()\napp.wait_until_inputs_delete_finish()\napp.inputs.get_all()\n",
    GRPC + "def clear(stub):\n    " + DELETE + "def count(stub):\n    " + LIST,
    "stub.DeleteInputs(req)\nstub.ListInputs(req)\n",  # no Clarifai in the file
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_a_delete_relied_on_before_any_check(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_deletes_that_are_checked_or_not_relied_on_alone(source):
    assert not flags(source, CODE)


def test_the_finding_is_on_the_delete():
    (finding,) = findings(GRPC + DELETE + LIST, CODE)
    assert (finding.line, "ListInputs (line 3)" in finding.message) == (2, True)
