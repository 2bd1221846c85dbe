"""CL018: closed_environment became train_info.params.enrich_dataset."""

import pytest

from tests.lint.helpers import flags

CODE = "CL018"
GRPC = "from clarifai_grpc.grpc.api import resources_pb2\n"


def curl(method: str, path: str, body: str) -> str:
    """A script holding a curl command to the API in a string (its JSON body between single quotes)."""
    return f'CMD = """curl -X {method} https://api.clarifai.com/v2{path} -d \'{body}\'"""'


FLAGGED = [
    GRPC + "resources_pb2.OutputConfig(closed_environment=True)",
    GRPC + "version.output_info.output_config.closed_environment = False",
    '# clarifai\nbody = {"output_config": {"closed_environment": True}}',
    '# clarifai\nconfig["closed_environment"] = True',
    "from clarifai.rest import ClarifaiApp\napp.models.create('pets', closed_environment=True)",
    GRPC + 'params.update({"closed_environment": True})',
    curl(
        "POST",
        "/models",
        '{"model": {"id": "m", "output_info": {"output_config": {"closed_environment": true}}}}',
    ),
    "import requests\n"
    "requests.post('https://api.clarifai.com/v2/models', data='{\"closed_environment\": true}')",
]
NOT_FLAGGED = [
    GRPC + 'params.update({"enrich_dataset": "Disabled"})',
    GRPC + "resources_pb2.OutputConfig(concepts_mutually_exclusive=True)",
    "class ClosedEnv:\n    closed_environment = True",  # no Clarifai
    curl("POST", "/models", '{"model": {"id": "m", "model_type_id": "embedding-classifier"}}'),
    'import requests\nCMD = "curl -X POST https://example.com/env -d \'{\\"closed_environment\\": true}\'"',
    "import requests\nrequests.post('https://api.clarifai.com/v2/models', data='{\"enrich_dataset\": 1}')",
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_closed_environment(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_enrich_dataset_alone(source):
    assert not flags(source, CODE)
