"""CL013: the type option became model_type_id; ModelQuery(type=) and model_query dicts are fixed
to the model_type_id the old name stands for, and an old name given as a model_type_id too."""

import pytest

from tests.lint.helpers import fixed, flags

CODE = "CL013"
GRPC = "from clarifai_grpc.grpc.api import resources_pb2\n"


def curl(method: str, path: str, body: str) -> str:
    """A script holding a curl command to the API in a string (its JSON body between single quotes)."""
    return f'CMD = """curl -X {method} https://api.clarifai.com/v2{path} -d \'{body}\'"""'


FLAGGED = [
    GRPC + 'resources_pb2.ModelQuery(name="general", type="concept")',
    "from clarifai_grpc.grpc.api.resources_pb2 import ModelQuery\nModelQuery(type='embed')",
    GRPC + 'resources_pb2.OutputInfo(type="concept")',
    '# clarifai\nbody = {"model_query": {"type": "concept"}}',
    '# clarifai\nbody = {"model": {"output_info": {"type": "concept"}}}',
    GRPC + "kinds = [m.output_info.type for m in models]",
    '# clarifai\nkind = model["output_info"]["type"]',
    "from clarifai.rest import ClarifaiApp\napp.models.search('color', model_type='color')",
    GRPC + 'resources_pb2.Model(id="pets", model_type_id="concept")',  # an old name is no type id
    '# clarifai\nbody = {"model": {"id": "faces", "model_type_id": "detect-concept"}}',
    curl("POST", "/models/searches", '{"model_query": {"name": "gen", "type": "concept"}}'),
    curl("POST", "/models", '{"model": {"id": "m", "output_info": {"type": "concept"}}}'),
    "from clarifai.rest import ClarifaiApp\napp = ClarifaiApp()\napp.api.search_models('face', 'concept')",
    "from clarifai.rest import ClarifaiApp\napp.api.search_models('face', model_type='facedetect')",
    GRPC + "def find(stub, kind):\n"
    "    query = resources_pb2.ModelQuery(type=kind)\n"
    "    return stub.PostModelsSearches(service_pb2.PostModelsSearchesRequest(model_query=query))\n"
    "find(stub, 'concept')",
]
NOT_FLAGGED = [
    GRPC + 'resources_pb2.ModelQuery(name="general", model_type_id="visual-classifier")',
    GRPC + 'meta.update({"type": "product"})',
    GRPC + 'schema = {"type": "object"}',
    'schema = {"output_info": {"type": "object"}}',  # no Clarifai
    GRPC + "kind = type(model)",
    "from clarifai.rest import ClarifaiApp\napp.models.search('color')",
    GRPC + 'resources_pb2.Model(id="pets", model_type_id="embedding-classifier")',
    GRPC + 'resources_pb2.Model(id="faces", model_type_id="visual-detector")',
    '# clarifai\nbody = {"model": {"id": "concept", "name": "embed"}}',  # ids and names, not types
    curl(
        "POST", "/models/searches", '{"model_query": {"name": "gen", "model_type_id": "visual-classifier"}}'
    ),
    curl("POST", "/inputs", '{"inputs": [{"data": {"metadata": {"type": "photo"}}}]}'),
    "from clarifai.rest import ClarifaiApp\napp.api.search_models('face')",
    "import pandas as pd\napi.search_models('face', 'concept')",
    GRPC + "def find(stub, kind):\n"
    "    query = resources_pb2.ModelQuery(model_type_id=kind)\n"
    "    return stub.PostModelsSearches(service_pb2.PostModelsSearchesRequest(model_query=query))\n"
    "find(stub, 'visual-classifier')",
    GRPC + "def label(kind):\n    return dict(type=kind)\nlabel('concept')",
]
FIXES = [
    (
        GRPC + 'q = resources_pb2.ModelQuery(name="general", type="concept")\n',
        GRPC + 'q = resources_pb2.ModelQuery(name="general", model_type_id="embedding-classifier")\n',
    ),
    (
        GRPC + "q = resources_pb2.ModelQuery(\n    type = 'embed',  # embeddings\n)\n",
        GRPC + "q = resources_pb2.ModelQuery(\n    model_type_id = 'visual-embedder',  # embeddings\n)\n",
    ),
    (
        "# clarifai\nbody = {'model_query': {'name': 'x', 'type': 'concept'}}\n",
        "# clarifai\nbody = {'model_query': {'name': 'x', 'model_type_id': 'embedding-classifier'}}\n",
    ),
    (  # the face model's old type is a visual-detector, not a "detect-concept" type id
        '# clarifai\nbody = {"model_query": {"name": "face", "type": "detect-concept"}}\n',
        '# clarifai\nbody = {"model_query": {"name": "face", "model_type_id": "visual-detector"}}\n',
    ),
    (  # a facedetect name goes through its detect name (CL007)
        GRPC + 'q = resources_pb2.ModelQuery(type="facedetect")\n',
        GRPC + 'q = resources_pb2.ModelQuery(model_type_id="visual-detector")\n',
    ),
    (  # what the old key-only fix produced
        GRPC + 'm = resources_pb2.Model(id="pets", model_type_id="concept")\n',
        GRPC + 'm = resources_pb2.Model(id="pets", model_type_id="embedding-classifier")\n',
    ),
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_the_type_option(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_model_type_id_and_other_types_alone(source):
    assert not flags(source, CODE)


@pytest.mark.parametrize(("before", "after"), FIXES)
def test_fix_renames_the_key(before, after):
    assert fixed(before, CODE, unsafe=True) == after
    assert fixed(before, CODE) == before  # an unsafe fix: only with --unsafe-fixes
    assert not flags(after, CODE)


def test_no_fix_when_model_type_id_is_already_there():
    source = GRPC + "q = resources_pb2.ModelQuery(type='a', model_type_id='b')\n"
    assert flags(source, CODE)
    assert fixed(source, CODE) == source


def test_no_fix_for_a_value_the_map_does_not_know():
    source = GRPC + "q = resources_pb2.ModelQuery(type='color')\nr = resources_pb2.ModelQuery(type=kind)\n"
    assert flags(source, CODE)
    assert fixed(source, CODE) == source


def test_output_info_type_is_not_fixed():
    source = GRPC + "info = resources_pb2.OutputInfo(type='concept')\n"
    assert fixed(source, CODE) == source
