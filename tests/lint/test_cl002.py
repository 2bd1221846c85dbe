"""CL002: an upload followed by a use of its inputs, with no wait between (by program order)."""

import pytest

from tests.lint.helpers import findings, flags

CODE = "CL002"
GRPC = "from clarifai_grpc.grpc.api import service_pb2\n"
ADD = "stub.PostInputs(service_pb2.PostInputsRequest(inputs=inputs), metadata=md)\n"
SEARCH = "stub.PostSearches(service_pb2.PostSearchesRequest(query=q), metadata=md)\n"
CLIENT = "from clarifai.rest import ClarifaiApp\napp = ClarifaiApp()\n"
REST = 'import requests\nBASE = "https://api.clarifai.com/v2"\n'

FLAGGED = [
    GRPC + ADD + SEARCH,
    GRPC + ADD + "print(stub.GetInput(service_pb2.GetInputRequest(input_id='a'), metadata=md).input)\n",
    GRPC + ADD + "stub.PostModelOutputs(request, metadata=md)\n",
    GRPC + ADD + "count = stub.GetInputCount(request, metadata=md)\n",
    GRPC + "def run():\n    " + ADD + "    " + SEARCH,
    CLIENT + "app.inputs.create_image_from_url(url, concepts=['cat'])\n"
    "hits = app.inputs.search_by_annotated_concepts(concept='cat')\n",
    CLIENT + "app.inputs.bulk_create_images(images)\nprint(app.inputs.get('a1').url)\n",
    REST + 'requests.post(BASE + "/inputs", json=body)\nrequests.post(f"{BASE}/searches", json=query)\n',
    REST + 'requests.post(f"{BASE}/inputs", json=body)\nrequests.get(f"{BASE}/inputs/{input_id}")\n',
    # through the file's own helpers: the upload in one, the search in another, called in order
    GRPC
    + "def upload(stub):\n    "
    + ADD
    + "def find(stub):\n    return "
    + SEARCH
    + "upload(stub)\nfind(stub)\n",
    # a loop that only uploads is not a poll
    GRPC + "for batch in batches:\n    " + ADD + SEARCH,
    # a wait in an earlier function does not cover a later upload
    GRPC + "wait_for_inputs(stub, ids)\n" + ADD + SEARCH,
]
NOT_FLAGGED = [
    GRPC + ADD,  # an upload with no use after it
    # a list shows inputs still processing (as pending): not a use that assumes they finished
    GRPC + ADD + "print(stub.ListInputs(service_pb2.ListInputsRequest(), metadata=md).inputs)\n",
    CLIENT + "app.inputs.bulk_create_images(images)\nfor image in app.inputs.get_all():\n    print(image)\n",
    GRPC + SEARCH + ADD,  # the search comes first
    GRPC + ADD + "wait_for_inputs(stub, ids)\n" + SEARCH,
    GRPC + ADD + "while stub.GetInputCount(r, metadata=md).counts.to_process:\n    time.sleep(1)\n" + SEARCH,
    GRPC + ADD + "while True:\n"
    "    got = stub.GetInput(service_pb2.GetInputRequest(input_id='a'), metadata=md)\n"
    "    if got.input.status.code == status_code_pb2.INPUT_SUCCESS:\n        break\n" + SEARCH,
    GRPC + ADD + "for _ in range(30):\n"
    "    got = stub.GetInput(service_pb2.GetInputRequest(input_id='a'), metadata=md)\n"
    "    time.sleep(1)\n" + SEARCH,
    GRPC + "r = " + ADD + "ok = r.inputs[0].status.code == 30000\n" + SEARCH,
    GRPC + ADD + "assert stub.GetInput(req, metadata=md).input.status.code == 30000\n" + SEARCH,
    CLIENT + "app.inputs.create_image_from_url(url)\napp.wait_until_inputs_upload_finish()\n"
    "app.inputs.search_by_annotated_concepts(concept='cat')\n",
    # a helper of the file that polls counts as the poll
    GRPC
    + "def settle(stub):\n    while stub.GetInputCount(r, metadata=md).counts.to_process:\n        sleep(1)\n"
    + ADD
    + "settle(stub)\n"
    + SEARCH,
    # a wait helper imported from elsewhere
    GRPC + "from tools import poll_until_done\n" + ADD + "poll_until_done(stub)\n" + SEARCH,
    # the upload and the search in unrelated functions
    GRPC + "def upload(stub):\n    " + ADD + "def find(stub):\n    return " + SEARCH,
    GRPC + ADD + "stub.PostModelVersions(request, metadata=md)\n",  # training is CL011's
    'import requests  # clarifai\nrequests.post("https://example.com/api/inputs", json=rows)\n'
    'requests.post("https://example.com/api/searches", json=q)\n',
    "# clarifai\nuploader.create_image_from_url(url)\nuploader.search(q)\n",  # not the 2.x client
    "stub.PostInputs(req)\nstub.PostSearches(q)\n",  # no Clarifai in the file at all
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_an_upload_that_a_use_meets_before_any_wait(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_uploads_that_are_waited_for_or_never_used_alone(source):
    assert not flags(source, CODE)


def test_the_finding_is_on_the_upload_and_names_the_use():
    (finding,) = findings(GRPC + ADD + "x = 1\n" + SEARCH, CODE)
    assert finding.line == 2
    assert "PostSearches (line 4)" in finding.message
