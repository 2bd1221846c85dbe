"""CL019: clarifai/main models and workflows need a PAT and user_app_id clarifai/main."""

import pytest

from tests.lint.helpers import flags

CODE = "CL019"
GRPC = "from clarifai_grpc.grpc.api import resources_pb2, service_pb2\n"
MAIN = "user_app_id=resources_pb2.UserAppIDSet(user_id='clarifai', app_id='main')"


def curl(method: str, path: str, body: str) -> str:
    """A script holding a curl command to the API in a string (its JSON body between single quotes)."""
    return f'CMD = """curl -X {method} https://api.clarifai.com/v2{path} -d \'{body}\'"""'


FLAGGED = [
    GRPC + "service_pb2.PostModelOutputsRequest(model_id='general-image-recognition', inputs=inputs)",
    GRPC + "MODEL = 'aaa03c23b3724a16a56b629203edc62c'\nservice_pb2.PostModelOutputsRequest(model_id=MODEL)",
    GRPC + "service_pb2.PostWorkflowResultsRequest(workflow_id='Demographics', inputs=inputs)",
    GRPC + "service_pb2.PostModelOutputsRequest(user_app_id=resources_pb2.UserAppIDSet(user_id='me', "
    "app_id='mine'), model_id='face-detection')",
    GRPC + "service_pb2.GetModelRequest(model_id='general-image-recognition')",
    '# clarifai\nrequests.post("https://api.clarifai.com/v2/models/general-image-recognition/outputs")',
    '# clarifai\nM = "food-item-recognition"\nurl = f"https://api.clarifai.com/v2/models/{M}/outputs"',
    '# clarifai\nu = "https://api.clarifai.com/v2/users/me/apps/mine/workflows/Demographics/results"',
    "from clarifai.rest import ClarifaiApp\napp = ClarifaiApp(api_key=K)\napp.public_models.general_model",
    "from clarifai.rest import ClarifaiApp\napp = ClarifaiApp()\napp.models.get('general-v1.3')",
    GRPC + "def predict(stub, inputs):\n"
    "    model = 'general-image-recognition'\n"
    "    return stub.PostModelOutputs(service_pb2.PostModelOutputsRequest(model_id=model, inputs=inputs))",
    GRPC + "def predict(stub, model_id):\n"
    "    return stub.PostModelOutputs(service_pb2.PostModelOutputsRequest(model_id=model_id))\n"
    "predict(stub, 'general-image-recognition')",
    "import requests\nBASE = 'https://api.clarifai.com/v2'\nMODEL = 'general-image-recognition'\n"
    "requests.post(f'{BASE}/models/{MODEL}/outputs', json=b)",
]
NOT_FLAGGED = [
    GRPC + f"service_pb2.PostModelOutputsRequest({MAIN}, model_id='general-image-recognition')",
    GRPC + f"service_pb2.PostWorkflowResultsRequest({MAIN}, workflow_id='Demographics')",
    GRPC + "service_pb2.PostModelOutputsRequest(user_app_id=app, model_id='general-image-recognition')",
    GRPC + "service_pb2.PostModelOutputsRequest(model_id='my-classifier', inputs=inputs)",
    GRPC + "service_pb2.PostModelOutputsRequest(model_id=model_id, inputs=inputs)",
    '# clarifai\nrequests.post("https://api.clarifai.com/v2/users/clarifai/apps/main/models/'
    'general-image-recognition/outputs")',
    '# clarifai\nurl = f"{BASE}/v2/users/{USER}/apps/{APP}/models/general-image-recognition/outputs"',
    '# clarifai\nrequests.post("https://api.clarifai.com/v2/models/my-model/outputs")',
    "from clarifai.rest import ClarifaiApp\n"
    "app = ClarifaiApp(api_key=K)\n"
    "app.models.get('my-pets').predict_by_url(u)",
    "from clarifai.client.model import Model\n"
    "Model(url='https://clarifai.com/clarifai/main/models/general-image-recognition')",
    GRPC + "def predict(stub, inputs):\n"
    "    model = 'my-own-model'\n"
    "    return stub.PostModelOutputs(service_pb2.PostModelOutputsRequest(model_id=model, inputs=inputs))",
    GRPC + "def predict(stub, model_id, owner):\n"
    "    request = service_pb2.PostModelOutputsRequest(user_app_id=owner, model_id=model_id)\n"
    "    return stub.PostModelOutputs(request)\n"
    "predict(stub, 'general-image-recognition', CLARIFAI_MAIN)",
    GRPC + "def show(name):\n    print(name)\nshow('general-image-recognition')",
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_public_resources_without_clarifai_main(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_pat_calls_and_own_models_alone(source):
    assert not flags(source, CODE)
