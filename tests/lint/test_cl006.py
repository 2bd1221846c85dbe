"""CL006: PATCH /inputs with action overwrite."""

import pytest

from tests.lint.helpers import flags

CODE = "CL006"
GRPC = "from clarifai_grpc.grpc.api import service_pb2\n"


def curl(method: str, path: str, body: str) -> str:
    """A script holding a curl command to the API in a string (its JSON body between single quotes)."""
    return f'CMD = """curl -X {method} https://api.clarifai.com/v2{path} -d \'{body}\'"""'


FLAGGED = [
    GRPC + 'service_pb2.PatchInputsRequest(action="overwrite", inputs=inputs)',
    "from clarifai_grpc.grpc.api.service_pb2 import PatchInputsRequest\n"
    "PatchInputsRequest(action='overwrite')",
    GRPC + 'request = service_pb2.PatchInputsRequest()\nrequest.action = "overwrite"',
    "from clarifai.rest import ClarifaiApp\napp.inputs.update(image, action='overwrite')",
    '# clarifai\nrequests.patch(URL, json={"inputs": inputs, "action": "overwrite"})',
    curl("PATCH", "/inputs", '{"inputs": [{"id": "a"}], "action": "overwrite"}'),
    "from clarifai.rest import ClarifaiApp\napp.inputs.update(image, 'overwrite')",
    "from clarifai.rest import ClarifaiApp\napp.inputs.bulk_update(images, action='overwrite')",
    "from clarifai.rest import ClarifaiApp\napp.api.patch_inputs(action='overwrite', inputs=[image])",
    "import requests\n"
    "def patch(inputs):\n"
    '    body = {"inputs": inputs, "action": "overwrite"}\n'
    '    requests.request("PATCH", "https://api.clarifai.com/v2/inputs", json=body)',
    "import httpx\n"
    'httpx.patch(\'https://api.clarifai.com/v2/inputs\', content=\'{"inputs": [], "action": "overwrite"}\')',
    "import requests\ndef patch(inputs):\n    body = {'inputs': inputs}\n    body['action'] = 'overwrite'\n"
    "    requests.patch('https://api.clarifai.com/v2/inputs', json=body)",
    GRPC + "def patch(stub, inputs, action):\n"
    "    return stub.PatchInputs(service_pb2.PatchInputsRequest(inputs=inputs, action=action))\n"
    "patch(stub, inputs, 'overwrite')",
    GRPC + "ACTION = 'overwrite'\nservice_pb2.PatchInputsRequest(inputs=inputs, action=ACTION)",
]
NOT_FLAGGED = [
    GRPC + 'service_pb2.PatchInputsRequest(action="merge", inputs=inputs)',
    GRPC + 'service_pb2.PatchInputsRequest(action="remove", inputs=inputs)',
    GRPC + 'service_pb2.PatchModelsRequest(action="overwrite", models=models)',
    GRPC + 'service_pb2.PatchConceptsRequest(action="overwrite", concepts=concepts)',
    GRPC + 'patch_models_request.action = "overwrite"',
    GRPC + 'bucket.upload(path, action="overwrite")',
    '# clarifai\nsettings = {"action": "overwrite", "target": "gs://b"}',
    'def publish(src, dst, action="overwrite"):\n    pass',
    curl("PATCH", "/inputs", '{"inputs": [{"id": "a"}], "action": "merge"}'),
    curl("PATCH", "/models", '{"models": [], "action": "overwrite"}'),
    GRPC + 'request = service_pb2.PatchModelsRequest()\nrequest.action = "overwrite"',
    GRPC + 'req = service_pb2.PatchConceptsRequest(user_app_id=a)\nreq.action = "overwrite"',
    "from clarifai.rest import ClarifaiApp\napp.concepts.update('cat', 'Cat', action='overwrite')",
    "from clarifai.rest import ClarifaiApp\napp.api.patch_model(model, action='overwrite')",
    "from clarifai.rest import ClarifaiApp\napp.inputs.update(image, 'merge')",
    "import httpx\n"
    'httpx.patch(\'https://api.clarifai.com/v2/models\', content=\'{"models": [], "action": "overwrite"}\')',
    "import requests\ndef patch(models):\n    body = {'models': models}\n    body['action'] = 'overwrite'\n"
    "    requests.patch('https://api.clarifai.com/v2/models', json=body)",
    "import requests\nbody = {'inputs': inputs}\nbody['action'] = 'merge'\n"
    "requests.patch('https://api.clarifai.com/v2/inputs', json=body)",
    "from clarifai.rest import ClarifaiApp\n"
    "model = app.models.get('m')\n"
    "model.update(action='overwrite', concept_ids=['a'])",
    GRPC + "def patch(stub, models, action):\n"
    "    return stub.PatchModels(service_pb2.PatchModelsRequest(models=models, action=action))\n"
    "patch(stub, models, 'overwrite')",
    GRPC + "def patch(stub, inputs, action):\n"
    "    return stub.PatchInputs(service_pb2.PatchInputsRequest(inputs=inputs, action=action))\n"
    "patch(stub, inputs, 'merge')",
    GRPC + "ACTION = 'overwrite'\nservice_pb2.PatchModelsRequest(models=models, action=ACTION)",
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_overwrite_on_inputs(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_merge_and_other_overwrites_alone(source):
    assert not flags(source, CODE)
