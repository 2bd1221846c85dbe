"""CL010: the demographics model was retired for the Demographics workflow."""

import pytest

from tests.lint.helpers import flags

CODE = "CL010"
GRPC = "from clarifai_grpc.grpc.api import service_pb2\n"


def curl(method: str, path: str, body: str) -> str:
    """A script holding a curl command to the API in a string (its JSON body between single quotes)."""
    return f'CMD = """curl -X {method} https://api.clarifai.com/v2{path} -d \'{body}\'"""'


FLAGGED = [
    'MODEL_ID = "c0c0ac362b03416da06ab3fa36fb58e3"',  # the id alone is enough
    GRPC + 'service_pb2.PostModelOutputsRequest(model_id="demographics", inputs=inputs)',
    '# clarifai\nURL = "https://api.clarifai.com/v2/models/demographics/outputs"',
    '# clarifai\nurl = f"{BASE}/v2/models/demographics/outputs"',
    '# clarifai\nbody = {"model": {"id": "demographics"}}',
    "from clarifai.rest import ClarifaiApp\napp.models.get('demographics')",
    "from clarifai.rest import ClarifaiApp\napp.public_models.demographics_model.predict_by_url(u)",
    "from clarifai_grpc.grpc.api import service_pb2\n"
    + 'MODEL = "demographics"\nservice_pb2.PostModelOutputsRequest(model_id=MODEL)',
    "from clarifai_grpc.grpc.api import service_pb2\n" + "def predict(model_id, url):\n"
    "    return service_pb2.PostModelOutputsRequest(model_id=model_id)\n"
    "predict('demographics', URL)",
    "from clarifai_grpc.grpc.api import service_pb2\n"
    + "def predict(name):\n    body = {'model': {'id': name}}\n    return body\n"
    "NAME = 'demographics'\npredict(NAME)",
    "from clarifai.rest import ClarifaiApp\nNAME = 'demographics'\napp.models.get(NAME)",
    "import requests\n"
    "BASE = 'https://api.clarifai.com/v2'\n"
    "requests.post(BASE + '/models/' + 'demographics' + '/outputs', json=b)",
    "import requests\n"
    "MODEL = 'demographics'\n"
    "requests.post(f'https://api.clarifai.com/v2/models/{MODEL}/outputs', json=b)",
    curl("POST", "/models/demographics/outputs", '{"inputs": []}'),
    "from clarifai_grpc.grpc.api import service_pb2\n"
    "def predict(stub):\n"
    "    model = 'demographics'\n"
    "    return stub.PostModelOutputs(service_pb2.PostModelOutputsRequest(model_id=model))",
]
NOT_FLAGGED = [
    GRPC + 'service_pb2.PostWorkflowResultsRequest(workflow_id="Demographics", inputs=inputs)',
    GRPC + 'service_pb2.PostModelOutputsRequest(model_id="age-demographics-recognition", inputs=inputs)',
    GRPC + 'demographics = pd.read_csv("demographics.csv")\nmodel_name = "demographics"',
    GRPC + "self.demographics_model = DemographicsPredictor()",
    'model_id = "demographics"',  # no Clarifai in the file
    '"""The demographics model c0c0ac362b03416da06ab3fa36fb58e3 was retired."""',
    "from clarifai_grpc.grpc.api import service_pb2\n"
    + 'MODEL = "demographics"\nservice_pb2.PostModelOutputsRequest(user_app_id=MODEL)',
    "from clarifai_grpc.grpc.api import service_pb2\n"
    + "def show(title):\n    print(title=title)\nshow('demographics')",
    "from clarifai_grpc.grpc.api import service_pb2\n" + "def predict(model_id):\n"
    "    return service_pb2.PostModelOutputsRequest(model_id=model_id)\n"
    "predict('general-image-recognition')",
    "def predict(model_id):\n    return run(model_id=model_id)\npredict('demographics')",
    "import requests\n"
    "WORKFLOW = 'Demographics'\n"
    "requests.post(f'https://api.clarifai.com/v2/workflows/{WORKFLOW}/results', json=b)",
    "import requests\n"
    "BASE = 'https://api.clarifai.com/v2'\n"
    "requests.post(BASE + '/models/' + 'demographics-v2' + '/outputs', json=b)",
    "from clarifai_grpc.grpc.api import service_pb2\n"
    "def report(stub):\n"
    "    section = 'demographics'\n"
    "    return render(title=section)",
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_the_retired_model(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_the_workflow_and_other_demographics_alone(source):
    assert not flags(source, CODE)
