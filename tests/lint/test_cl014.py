"""CL014: a model's name and display_name are deprecated."""

import pytest

from tests.lint.helpers import flags

CODE = "CL014"
GRPC = "from clarifai_grpc.grpc.api import resources_pb2, service_pb2\n"


def curl(method: str, path: str, body: str) -> str:
    """A script holding a curl command to the API in a string (its JSON body between single quotes)."""
    return f'CMD = """curl -X {method} https://api.clarifai.com/v2{path} -d \'{body}\'"""'


FLAGGED = [
    GRPC + 'resources_pb2.Model(id="m1", name="My pets")',
    "from clarifai_grpc.grpc.api.resources_pb2 import Model\nModel(id='m', display_name='M')",
    GRPC + 'service_pb2.ListModelsRequest(name="pets")',
    GRPC + "print(response.model.name)",
    GRPC + "label = resp.model.display_name",
    '# clarifai\nbody = {"model": {"id": "pets", "name": "Pets"}}',
    '# clarifai\nbody = {"models": [{"id": "pets", "display_name": "Pets"}]}',
    "from clarifai.rest import ClarifaiApp\napp.models.create('pets', model_name='Pets')",
    curl("POST", "/models", '{"model": {"id": "x", "name": "X"}}'),
    curl("PATCH", "/models", '{"models": [{"id": "x", "display_name": "X"}]}'),
    "from clarifai.rest import ClarifaiApp\napp = ClarifaiApp()\napp.models.create('pets', 'Pets')",
    "from clarifai.rest import ClarifaiApp\napp.api.create_model('pets', 'Pets')",
    "from clarifai.rest import ClarifaiApp\napp = ClarifaiApp()\nm = app.models.get('general-v1.3')",
    "from clarifai.rest import ClarifaiApp\nm = app.models.get(model_name='my pets')",
    "from clarifai.rest import ClarifaiApp\nmodel = app.models.get('pets')\nmodel.update(model_name='Pets')",
    "import requests\n"
    "def create(key):\n"
    '    body = {"model": {"id": "pets", "name": "Pets"}}\n'
    '    requests.post("https://api.clarifai.com/v2/models", json=body)',
    "import requests\nbody = {'model': {'id': 'm'}}\nbody['model']['name'] = 'M'\n"
    "requests.post('https://api.clarifai.com/v2/models', json=body)",
    "import requests\nresponse = requests.get('https://api.clarifai.com/v2/models/m').json()\n"
    "print(response['model']['display_name'])",
]
NOT_FLAGGED = [
    GRPC + 'resources_pb2.Model(id="pet-classifier", model_type_id="embedding-classifier")',
    GRPC + 'resources_pb2.Concept(id="cat", name="Cat")',
    GRPC + 'resources_pb2.ModelQuery(name="general")',  # searching by name is still supported
    "import tensorflow as tf\n"
    "from clarifai_grpc.grpc.api import resources_pb2\n"
    "tf.keras.Model(i, o, name='head')",
    "from keras import Model\n"
    "from clarifai_grpc.grpc.api import resources_pb2\n"
    "Model(inputs=x, outputs=y, name='h')",
    GRPC + "logger = logging.getLogger(name='sync')",
    GRPC + "print(photo._meta.model.name, self.model.name)",
    'report = {"model": {"name": "resnet"}}',  # no Clarifai
    GRPC + "print(response.outputs[0].model.id)",
    curl("POST", "/models", '{"model": {"id": "x"}}'),
    curl("POST", "/models/x/outputs", '{"inputs": [{"data": {"concepts": [{"name": "dog"}]}}]}'),
    'def f():\n    """curl -X POST https://api.clarifai.com/v2/models -d \'{"model": {"name": "X"}}\'"""',
    "from clarifai.rest import ClarifaiApp\napp.models.create('pets', concepts=['cat'])",
    "from clarifai.rest import ClarifaiApp\nm = app.models.get(model_id='aaa03c23b3724a16a56b629203edc62c')",
    "from clarifai.rest import ClarifaiApp\nfound = app.models.search('general-v1.3')",
    "from clarifai.rest import ClarifaiApp\nmodel = app.models.get('{model_id}')",  # the docs' placeholder
    "from clarifai.rest import ClarifaiApp\nmodel = app.models.get(MODEL)",
    "import requests\nm = session.models.get('general-v1.3')",  # no 2.x client
    "from clarifai.rest import ClarifaiApp\napp.inputs.update(image, action='merge')",
    "from clarifai.rest import ClarifaiApp\nsettings.update(model_name='x')",  # a dict, not a model
    "import requests\nbody = {'model': {'id': 'm'}}\nprint(body['model']['name'])"  # a read of its own dict,
    "config = {}\nconfig['model']['name'] = 'resnet'",  # no Clarifai,
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_model_names(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_ids_and_other_names_alone(source):
    assert not flags(source, CODE)
