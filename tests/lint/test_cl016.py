"""CL016: prediction responses no longer carry the model's description, notes and output_info."""

import pytest

from tests.lint.helpers import flags

CODE = "CL016"
GRPC = "from clarifai_grpc.grpc.api import service_pb2\n"

FLAGGED = [
    GRPC + "cfg = response.outputs[0].model.output_info.output_config",
    GRPC + "for output in response.results[0].outputs:\n    print(output.model.description)",
    GRPC + "notes = {o.model.id: o.model.notes for o in outputs}",
    GRPC + "for o in resp.outputs:\n    print(o.model.output_info.message)",
    '# clarifai\ncfg = response["outputs"][0]["model"]["output_info"]',
    '# clarifai\ndescriptions = [output["model"]["description"] for output in outputs]',
]
NOT_FLAGGED = [
    GRPC + "model = stub.GetModel(r, metadata=md).model\nprint(model.notes, model.description)",
    GRPC + "print(response.outputs[0].model.id, response.outputs[0].model.model_version.id)",
    GRPC + "request.model.output_info.output_config.max_concepts = 3",  # a request: CL017's business
    GRPC + "for o in models:\n    print(o.model.description)",
    'report = {"model": {"description": "baseline"}}\nprint(outputs[0]["model"]["notes"])',  # no Clarifai
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_trimmed_fields(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_get_model_and_kept_fields_alone(source):
    assert not flags(source, CODE)
