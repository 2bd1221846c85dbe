"""CL017: *_info moved to model versions; prediction requests' output_info is fixed."""

import pytest

from tests.lint.helpers import fixed, flags

CODE = "CL017"
GRPC = "from clarifai_grpc.grpc.api import resources_pb2, service_pb2\n"


def curl(method: str, path: str, body: str) -> str:
    """A script holding a curl command to the API in a string (its JSON body between single quotes)."""
    return f'CMD = """curl -X {method} https://api.clarifai.com/v2{path} -d \'{body}\'"""'


FLAGGED = [
    GRPC + "service_pb2.PostModelOutputsRequest(model_id='m', model=resources_pb2.Model(output_info=info))",
    GRPC + "request.model.output_info.output_config.min_value = 0.9",
    GRPC + "request.model.output_info.output_config.CopyFrom(config)",
    GRPC + "service_pb2.PostModelsRequest(models=[resources_pb2.Model(id='m', output_info=info)])",
    GRPC + "service_pb2.PatchModelsRequest(models=[resources_pb2.Model(id='m', output_info=info)])",
    GRPC + "model = resources_pb2.Model(id='m', train_info=resources_pb2.TrainInfo())",
    '# clarifai\nbody = {"inputs": inputs, "model": {"output_info": {"output_config": {"max_concepts": 3}}}}',
    '# clarifai\nbody = {"model": {"id": "pets", "output_info": {"data": data}}}',
    '# clarifai\nmodel = {"id": "pets", "output_info": {"output_config": cfg}}',
    curl("POST", "/models", '{"model": {"id": "x", "output_info": {"data": {}}}}'),
    curl(
        "POST",
        "/models/x/outputs",
        '{"inputs": [], "model": {"output_info": {"output_config": {"max_concepts": 3}}}}',
    ),
    "from clarifai.rest import ClarifaiApp\n"
    "model = app.models.get('general-v1.3')\n"
    "model.predict_by_url(url, max_concepts=3)",
    "from clarifai.rest import ClarifaiApp\nmodel.predict_by_filename(path, min_value=0.9)",
    "from clarifai.rest import ClarifaiApp\n"
    "model.predict_by_url(url, select_concepts=[Concept(concept_name='cat')])",
    "from clarifai.rest import ClarifaiApp\n"
    "model.predict([image], model_output_info=ModelOutputInfo(output_config=cfg))",
    "from clarifai.rest import ClarifaiApp\napp = ClarifaiApp()\napp.models.create('pets', concepts=['cat'])",
    "from clarifai.rest import ClarifaiApp\napp.api.create_model('pets', 'Pets', ['cat'])",
    # a docs snippet: its imports are on the set-up page, the gRPC module names say it is Clarifai's
    "stub.PostModels(service_pb2.PostModelsRequest(models=[resources_pb2.Model(id='m', output_info=info)]))",
    "from clarifai.rest import ClarifaiApp\nmodel = app.models.get(model_id='pets')\n"
    "model.update(concept_ids=['cat', 'dog'], closed_environment=True)",
]
NOT_FLAGGED = [
    GRPC + "service_pb2.PostModelOutputsRequest(\n"
    "    model=resources_pb2.Model(model_version=resources_pb2.ModelVersion(output_info=info))\n"
    ")",
    GRPC + "request.model.model_version.output_info.output_config.min_value = 0.9",
    GRPC
    + "service_pb2.PostModelVersionsRequest(model_versions=[resources_pb2.ModelVersion(output_info=info)])",
    GRPC + "print(version.output_info.output_config.max_concepts)",
    GRPC + "cfg = response.outputs[0].model.output_info.output_config",  # a response: CL016's business
    'body = {"model": {"output_info": {}}}',  # no Clarifai
    curl("POST", "/models/x/versions", '{"model_versions": [{"output_info": {"data": {}}}]}'),
    curl("POST", "/models/x/outputs", '{"inputs": [], "model": {"model_version": {"output_info": {}}}}'),
    "from clarifai.rest import ClarifaiApp\nmodel.predict_by_url(url)",
    "from clarifai.rest import ClarifaiApp\n"
    "workflow = app.workflows.get('wf')\n"
    "workflow.predict_by_url(url, max_concepts=3)",
    "import sklearn\nclf.predict_by_url(url, max_concepts=3)",
    "from clarifai.rest import ClarifaiApp\n"
    "model = app.models.get(model_id='pets')\n"
    "model.update(action='merge')",
    "from clarifai.rest import ClarifaiApp\napp.inputs.create_image_from_url(url, concepts=['cat'])",
    "import django\nModel.objects.create(name='x')\nmodels.create(concepts=['x'])",  # no 2.x client
    "from clarifai.client.model import Model\nModel(url).predict_by_url(url, 'image')",
]
FIXES = [
    (
        GRPC + "r = service_pb2.PostModelOutputsRequest(\n"
        "    model_id='m',\n"
        "    model=resources_pb2.Model(output_info=resources_pb2.OutputInfo(\n"
        "        output_config=resources_pb2.OutputConfig(max_concepts=3))),\n"
        ")\n",
        GRPC + "r = service_pb2.PostModelOutputsRequest(\n"
        "    model_id='m',\n"
        "    model=resources_pb2.Model(model_version=resources_pb2.ModelVersion("
        "output_info=resources_pb2.OutputInfo(\n"
        "        output_config=resources_pb2.OutputConfig(max_concepts=3)))),\n"
        ")\n",
    ),
    (
        GRPC + "request.model.output_info.output_config.max_concepts = 3  # top 3\n",
        GRPC + "request.model.model_version.output_info.output_config.max_concepts = 3  # top 3\n",
    ),
    (
        "# clarifai\n"
        "body = {'inputs': inputs, 'model': {'output_info': {'output_config': {'max_concepts': 3}}}}\n",
        "# clarifai\nbody = {'inputs': inputs, 'model': {'model_version': {'output_info': {'output_config': "
        "{'max_concepts': 3}}}}}\n",
    ),
    (
        "from clarifai_grpc.grpc.api.resources_pb2 import Model, ModelVersion\n"
        "r = PostWorkflowResultsRequest(model=Model(output_info=info))\n",
        "from clarifai_grpc.grpc.api.resources_pb2 import Model, ModelVersion\n"
        "r = PostWorkflowResultsRequest(model=Model(model_version=ModelVersion(output_info=info)))\n",
    ),
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_info_on_the_model(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_model_versions_alone(source):
    assert not flags(source, CODE)


@pytest.mark.parametrize(("before", "after"), FIXES)
def test_fix_moves_output_info_under_model_version(before, after):
    assert fixed(before, CODE) == after
    assert not flags(after, CODE)


@pytest.mark.parametrize(
    "source",
    [
        GRPC + "r = service_pb2.PostModelsRequest(models=[resources_pb2.Model(id='m', output_info=info)])\n",
        "from clarifai_grpc.grpc.api.resources_pb2 import Model\n"
        "r = PostModelOutputsRequest(model=Model(output_info=i))\n",
    ],
)
def test_no_fix_where_moving_is_not_safe(source):
    assert flags(source, CODE)
    assert fixed(source, CODE) == source
