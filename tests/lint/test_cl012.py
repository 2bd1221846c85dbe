"""CL012: delete_all is gone from DELETE /inputs."""

import pytest

from tests.lint.helpers import flags

CODE = "CL012"
GRPC = "from clarifai_grpc.grpc.api import service_pb2\n"

FLAGGED = [
    GRPC + "service_pb2.DeleteInputsRequest(user_app_id=app, delete_all=True)",
    "from clarifai_grpc.grpc.api.service_pb2 import DeleteInputsRequest\n"
    "DeleteInputsRequest(delete_all=True)",
    GRPC + "request = service_pb2.DeleteInputsRequest()\nrequest.delete_all = True",
    "from clarifai.rest import ClarifaiApp\napp.inputs.delete_all()",
    '# clarifai\nrequests.delete(URL, json={"delete_all": True})',
]
NOT_FLAGGED = [
    GRPC + "service_pb2.DeleteInputsRequest(user_app_id=app, ids=ids[:128])",
    "from clarifai.rest import ClarifaiApp\napp.models.delete_all()",  # models: another endpoint
    GRPC + "cache.clear(delete_all=True)",
    'def flush(store, delete_all=True):\n    return {"delete_all": delete_all}',  # no Clarifai
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_delete_all(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_deletes_by_id_alone(source):
    assert not flags(source, CODE)
