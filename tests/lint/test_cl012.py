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
    "from clarifai.rest import ClarifaiApp\napp = ClarifaiApp()\napp.api.delete_all_inputs()",
    GRPC + "request = service_pb2.DeleteInputsRequest()\nrequest.delete_all = True",
    "import json, urllib.request\n"
    'BASE = "https://api.clarifai.com/v2"\n'
    'body = {"delete_all": True}\n'
    'req = urllib.request.Request(BASE + "/inputs", data=json.dumps(body).encode(), method="DELETE")\n'
    "urllib.request.urlopen(req)",
    "import requests\n"
    "def wipe(session):\n"
    '    payload = {"delete_all": True}\n'
    '    session.request("DELETE", "https://api.clarifai.com/v2/inputs", json=payload)',
    "import requests\nrequests.delete('https://api.clarifai.com/v2/inputs', data='{\"delete_all\": true}')",
]
NOT_FLAGGED = [
    # Only inputs lost delete_all: models and workflows keep it.
    GRPC + "service_pb2.DeleteModelsRequest(user_app_id=app, delete_all=True)",
    GRPC + "stub.DeleteWorkflows(service_pb2.DeleteWorkflowsRequest(delete_all=True))",
    GRPC + "request = service_pb2.DeleteModelsRequest()\nrequest.delete_all = True",
    "import requests\n"
    'BASE = "https://api.clarifai.com/v2"\n'
    'requests.delete(BASE + "/models", json={"delete_all": True})',
    "import json, urllib.request\n"
    'body = {"delete_all": True}\n'
    'req = urllib.request.Request("https://api.clarifai.com/v2/workflows", data=json.dumps(body).encode(),'
    ' method="DELETE")',
    "import httpx\n"
    "def wipe():\n"
    '    url = "https://api.clarifai.com/v2/models"\n'
    '    httpx.request("DELETE", url, json={"delete_all": True})',
    curl("DELETE", "/models", '{"delete_all": true}'),
    GRPC + "service_pb2.DeleteInputsRequest(user_app_id=app, ids=ids[:128])",
    "from clarifai.rest import ClarifaiApp\napp.models.delete_all()",  # models: another endpoint
    GRPC + "cache.clear(delete_all=True)",
    'def flush(store, delete_all=True):\n    return {"delete_all": delete_all}',  # no Clarifai
    curl("DELETE", "/inputs", '{"ids": ["a"]}'),
    'CMD = "curl -X DELETE https://example.com/cache -d \'{\\"delete_all\\": true}\'"',
    'def f():\n    """curl -X DELETE https://api.clarifai.com/v2/inputs -d \'{\\"delete_all\\": true}\'"""',
    "import requests\nrequests.delete('https://api.clarifai.com/v2/models', data='{\"delete_all\": true}')",
    "import requests\nrequests.delete('https://example.com/v2/inputs', data='{\"delete_all\": true}')",
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_delete_all(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_deletes_by_id_alone(source):
    assert not flags(source, CODE)


ARGV = (
    "import json, subprocess\n"
    'BASE = "https://api.clarifai.com/v2"\n'
    'subprocess.run(["curl", "-X", "DELETE", BASE + "/inputs", "-H", "Authorization: Key k",'
    ' "-d", \'{"delete_all": true}\'])'
)


def test_a_curl_argument_list_is_read_as_one_command():
    assert flags(ARGV, CODE)
    assert not flags(ARGV.replace("/inputs", "/models"), CODE)
    assert not flags(ARGV.replace("delete_all", "ids"), CODE)
