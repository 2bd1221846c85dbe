"""CL005: the Focus model and data.focus are gone."""

import pytest

from tests.lint.helpers import flags

CODE = "CL005"
GRPC = "from clarifai_grpc.grpc.api import resources_pb2\n"


def curl(method: str, path: str, body: str) -> str:
    """A script holding a curl command to the API in a string (its JSON body between single quotes)."""
    return f'CMD = """curl -X {method} https://api.clarifai.com/v2{path} -d \'{body}\'"""'


FLAGGED = [
    GRPC + "print(response.outputs[0].data.focus.value)",
    GRPC + "density = region.data.focus.density",
    GRPC + "output.data.HasField('focus')",
    '# clarifai\nscore = result["outputs"][0]["data"]["focus"]["value"]',
    '# clarifai\nfocus = output["data"].get("focus")',
    'MODEL = "c2cf7cecd8a6427da375b9f35fcd2381"',
    GRPC + 'req = PostModelOutputsRequest(model_id="focus", inputs=inputs)',
    "from clarifai.rest import ClarifaiApp\napp.public_models.focus_model.predict_by_url(u)",
    "from clarifai.rest import ClarifaiApp\napp.models.get('focus')",
    "from clarifai_grpc.grpc.api import service_pb2\n"
    + 'MODEL = "focus"\nservice_pb2.PostModelOutputsRequest(model_id=MODEL)',
    "from clarifai_grpc.grpc.api import service_pb2\n" + "def predict(model_id, url):\n"
    "    return service_pb2.PostModelOutputsRequest(model_id=model_id)\n"
    "predict('focus', URL)",
    "from clarifai_grpc.grpc.api import service_pb2\n"
    + "def predict(name):\n    body = {'model': {'id': name}}\n    return body\n"
    "NAME = 'focus'\npredict(NAME)",
    "from clarifai.rest import ClarifaiApp\nNAME = 'focus'\napp.models.get(NAME)",
    "import requests\nrequests.post('https://api.clarifai.com/v2/models/focus/outputs', json=body)",
    "import requests\n"
    "BASE = 'https://api.clarifai.com/v2'\n"
    "MODEL = 'focus'\n"
    "requests.post(f'{BASE}/models/{MODEL}/outputs', json=body)",
    "import requests\n"
    "BASE = 'https://api.clarifai.com/v2'\n"
    "requests.post(BASE + '/models/' + 'focus' + '/outputs', json=body)",
    curl("POST", "/models/focus/outputs", '{"inputs": [{"data": {"image": {"url": "u"}}}]}'),
    "from clarifai_grpc.grpc.api import service_pb2\n"
    "def predict(stub, url):\n"
    "    model = 'focus'\n"
    "    return stub.PostModelOutputs(service_pb2.PostModelOutputsRequest(model_id=model))",
]
NOT_FLAGGED = [
    GRPC + "camera.data.focus()",
    GRPC + "self.focus_model = load_model('focus.h5')",
    GRPC + 'settings = {"focus": 0.5}',
    "entry.focus()\nwidget.data.focus",  # no Clarifai in the file
    GRPC + "concepts = response.outputs[0].data.concepts",
    '"""The Focus model c2cf7cecd8a6427da375b9f35fcd2381 is gone."""',
    "from clarifai_grpc.grpc.api import service_pb2\n"
    + 'MODEL = "focus"\nservice_pb2.PostModelOutputsRequest(user_app_id=MODEL)',
    "from clarifai_grpc.grpc.api import service_pb2\n"
    + "def show(title):\n    print(title=title)\nshow('focus')",
    "from clarifai_grpc.grpc.api import service_pb2\n" + "def predict(model_id):\n"
    "    return service_pb2.PostModelOutputsRequest(model_id=model_id)\n"
    "predict('general-image-recognition')",
    "def predict(model_id):\n    return run(model_id=model_id)\npredict('focus')",
    "import requests\nrequests.post('https://api.clarifai.com/v2/models/focus-stacker/outputs', json=body)",
    "import requests\n"
    "BASE = 'https://api.clarifai.com/v2'\n"
    "requests.get(BASE + '/models/' + 'general-image-recognition')",
    "from clarifai_grpc.grpc.api import service_pb2\n"
    "def predict(stub):\n"
    "    mode = 'focus'\n"
    "    return stub.PostModelOutputs(service_pb2.PostModelOutputsRequest(model_id=MODEL_ID, mode=mode))",
    "import requests\nrequests.post('https://example.com/v2/models/focus/outputs', json=b)",  # not Clarifai,
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_focus(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_other_focus_alone(source):
    assert not flags(source, CODE)
