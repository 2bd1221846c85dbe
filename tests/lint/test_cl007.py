"""CL007: facedetect* model types renamed detect*, and fixed in place."""

import pytest

from tests.lint.helpers import fixed, flags

CODE = "CL007"
GRPC = "from clarifai_grpc.grpc.api import resources_pb2\n"

FLAGGED = [
    GRPC + 'resources_pb2.Model(id="faces", model_type_id="facedetect-identity")',
    GRPC + 'ok = model.model_type_id == "facedetect"',
    GRPC + 'resources_pb2.ModelQuery(model_type_id="facedetect-embed")',
    '# clarifai\nbody = {"model": {"output_info": {"type": "facedetect-demographics"}}}',
    'TYPES = ("facedetect-identity", "facedetect-embed")',  # unambiguous even without Clarifai
    "from clarifai.rest import ClarifaiApp\napp.models.search('face', model_type='facedetect')",
]
NOT_FLAGGED = [
    GRPC + 'resources_pb2.Model(id="faces", model_type_id="detect-concept")',
    GRPC + 'req = PostModelOutputsRequest(model_id="facedetect", inputs=inputs)',  # a model named so
    GRPC + 'body = {"id": "facedetect"}',
    'MODE = "facedetect"',  # no Clarifai in the file
    GRPC + 'route = "/facedetect"\nname = "facedetect-v2"',
    GRPC + 'f"facedetect{suffix}"',
    '"""facedetect-identity is now detect-concept."""',
]
FIXES = [
    (
        GRPC + 'm = resources_pb2.Model(id="faces", model_type_id="facedetect-identity")\n',
        GRPC + 'm = resources_pb2.Model(id="faces", model_type_id="detect-concept")\n',
    ),
    (
        GRPC + "kinds = {'facedetect', 'facedetect-embed', u'facedetect-demographics'}\n",
        GRPC + "kinds = {'detect', 'detect-embed', u'detect-concept'}\n",
    ),
    (
        GRPC + 'if t in (\n    "facedetect",  # faces\n    "color",\n):\n    pass\n',
        GRPC + 'if t in (\n    "detect",  # faces\n    "color",\n):\n    pass\n',
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
