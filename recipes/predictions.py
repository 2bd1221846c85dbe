"""Model details after prediction responses were trimmed (CL016): ask GetModel.

Since 2023-01-04 each `outputs[].model` of PostModelOutputs and PostWorkflowResults keeps
only the model's ids, name, type, visibility and its version's id and status. Description,
notes, `output_info` (output config, concepts) and the version's details come from GetModel,
once per model, not once per output.
"""

from __future__ import annotations

from typing import Any

from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2
from google.protobuf import json_format

from .connect import Session
from .errors import check


def _output_info(model: resources_pb2.Model) -> resources_pb2.OutputInfo:
    """The version's output_info (since CL017, 2023-01-20), else the model's deprecated one."""
    if model.model_version.HasField("output_info"):
        return model.model_version.output_info
    return model.output_info


def model_info(
    session: Session,
    model_id: str,
    *,
    version_id: str = "",
    user_app_id: resources_pb2.UserAppIDSet | None = None,
) -> dict[str, Any]:
    """What a prediction no longer says about a model, from GetModel (CL016).

    `user_app_id` names the app that owns the model (default: the session's app); for
    Clarifai's public models give `UserAppIDSet(user_id="clarifai", app_id="main")` with a PAT
    (CL019). Returns plain values: `id`, `name`, `model_type_id`, `description`, `notes`,
    `version_id`, `version_status` (a status code name), `output_config` (its JSON form,
    `{}` when the API sends none) and `concepts` (a list of `{"id", "name"}`, empty when the
    API does not list them). Raises ClarifaiStatusError when GetModel fails.
    """
    request = service_pb2.GetModelRequest(
        user_app_id=user_app_id or session.user_app_id, model_id=model_id, version_id=version_id
    )
    model = check("GetModel", session.stub.GetModel(request, metadata=session.metadata)).model
    output_info = _output_info(model)
    version = model.model_version
    return {
        "id": model.id,
        "name": model.name,
        "model_type_id": model.model_type_id,
        "description": model.description,
        "notes": model.notes,
        "version_id": version.id,
        "version_status": status_code_pb2.StatusCode.Name(version.status.code) if version.status.code else "",
        "output_config": json_format.MessageToDict(
            output_info.output_config, preserving_proto_field_name=True
        ),
        "concepts": [{"id": concept.id, "name": concept.name} for concept in output_info.data.concepts],
    }
