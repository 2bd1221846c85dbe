"""CL007: facedetect* type names renamed detect* where they were used (output_info.type /
type_ext, model searches, comparisons), and fixed in place."""

import pytest

from tests.lint.helpers import fixed, flags

CODE = "CL007"
GRPC = "from clarifai_grpc.grpc.api import resources_pb2\n"
REST = "from clarifai.rest import ClarifaiApp\n"


def curl(method: str, path: str, body: str) -> str:
    """A script holding a curl command to the API in a string (its JSON body between single quotes)."""
    return f'CMD = """curl -X {method} https://api.clarifai.com/v2{path} -d \'{body}\'"""'


FLAGGED = [
    REST + "app.models.search('face', model_type='facedetect')",
    REST + "faces = [m for m in models if m.output_info['type'] == 'facedetect']",
    '# clarifai\nbody = {"output_info": {"type": "facedetect", "type_ext": "facedetect-identity"}}',
    '# clarifai\nbody = {"model_query": {"name": "face", "type": "facedetect"}}',
    GRPC + 'ok = model.output_info.type_ext == "facedetect-demographics"',
    'TYPES = ("facedetect-identity", "facedetect-embed")',  # unambiguous even without Clarifai
    GRPC + 'resources_pb2.Model(id="faces", model_type_id="facedetect-identity")',  # never valid
    curl("POST", "/models/searches", '{"model_query": {"name": "face", "type": "facedetect-identity"}}'),
    curl("POST", "/models", '{"model": {"id": "f", "output_info": {"type": "facedetect"}}}'),
]
NOT_FLAGGED = [
    GRPC + 'resources_pb2.Model(id="faces", model_type_id="visual-detector")',
    REST + "app.models.search('face', model_type='detect-concept')",
    GRPC + 'req = PostModelOutputsRequest(model_id="facedetect", inputs=inputs)',  # a model named so
    GRPC + 'body = {"id": "facedetect"}',
    'MODE = "facedetect"',  # no Clarifai in the file
    GRPC + 'route = "/facedetect"\nname = "facedetect-v2"',
    GRPC + 'f"facedetect{suffix}"',
    '"""facedetect-identity is now detect-concept."""',
    curl("POST", "/models/searches", '{"model_query": {"name": "facedetect"}}'),
    curl("POST", "/models/searches", '{"model_query": {"type": "detect-concept"}}'),
    'CMD = "curl -X POST https://example.com/v1/x -d \'{\\"type\\": \\"facedetect\\"}\'"',
]
FIXES = [
    (
        REST + "found = app.models.search('face', model_type='facedetect')\n",
        REST + "found = app.models.search('face', model_type='detect')\n",
    ),
    (
        '# clarifai\ninfo = {"type": "facedetect", "type_ext": "facedetect-identity"}\n',
        '# clarifai\ninfo = {"type": "detect", "type_ext": "detect-concept"}\n',
    ),
    (
        GRPC + "kinds = {'facedetect', 'facedetect-embed', u'facedetect-demographics'}\n",
        GRPC + "kinds = {'detect', 'detect-embed', u'detect-concept'}\n",
    ),
    (
        GRPC + 'if t in (\n    "facedetect",  # faces\n    "color",\n):\n    pass\n',
        GRPC + 'if t in (\n    "detect",  # faces\n    "color",\n):\n    pass\n',
    ),
    (  # under model_type_id: the model_type_id of the face models, not the detect name
        GRPC + 'm = resources_pb2.Model(id="faces", model_type_id="facedetect-identity")\n',
        GRPC + 'm = resources_pb2.Model(id="faces", model_type_id="visual-detector")\n',
    ),
    (
        '# clarifai\nq = {"model_query": {"model_type_id": "facedetect-embed"}}\n',
        '# clarifai\nq = {"model_query": {"model_type_id": "visual-embedder"}}\n',
    ),
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_old_model_types(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_new_types_and_ids_alone(source):
    assert not flags(source, CODE)


@pytest.mark.parametrize(("before", "after"), FIXES)
def test_fix_renames_the_literal_only(before, after):
    assert fixed(before, CODE) == after
    assert not flags(after, CODE)
