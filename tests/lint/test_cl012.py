"""CL012: delete_all is gone from DELETE /inputs."""

import pytest

from tests.lint.helpers import flags

CODE = "CL012"
GRPC = "from clarifai_grpc.grpc.api import service_pb2\n"


def curl(method: str, path: str, body: str) -> str:
    """A script holding a curl command to the API in a string (its JSON body between single quotes)."""
    return f'CMD = """curl -X {method} https://api.clarifai.com/v2{path} -d \'{body}\'"""'


FLAGGED = [
    GRPC + "service_pb2.DeleteInputsRequest(user_app_id=app, delete_all=True)",
    "from clarifai_grpc.grpc.api.service_pb2 import DeleteInputsRequest\n"
    "DeleteInputsRequest(delete_all=True)",
    GRPC + "request = service_pb2.DeleteInputsRequest()\nrequest.delete_all = True",
    "from clarifai.rest import ClarifaiApp\napp.inputs.delete_all()",
    '# clarifai\nrequests.delete(URL, json={"delete_all": True})',
    curl("DELETE", "/inputs", '{"delete_all": true}'),
    "import os\n"
    "os.system(\"curl -X DELETE 'https://api.clarifai.com/v2/inputs' -H 'Authorization: Key k' \"\n"
    '          "--data \'{\\"delete_all\\":true}\'")',
]
NOT_FLAGGED = [
    GRPC + "service_pb2.DeleteInputsRequest(user_app_id=app, ids=ids[:128])",
    "from clarifai.rest import ClarifaiApp\napp.models.delete_all()",  # models: another endpoint
    GRPC + "cache.clear(delete_all=True)",
    'def flush(store, delete_all=True):\n    return {"delete_all": delete_all}',  # no Clarifai
    curl("DELETE", "/inputs", '{"ids": ["a"]}'),
    'CMD = "curl -X DELETE https://example.com/cache -d \'{\\"delete_all\\": true}\'"',
    'def f():\n    """curl -X DELETE https://api.clarifai.com/v2/inputs -d \'{\\"delete_all\\": true}\'"""',
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_delete_all(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_deletes_by_id_alone(source):
    assert not flags(source, CODE)
