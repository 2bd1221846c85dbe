"""CL013's helpers: read a model search's REST answer, list and delete the app's own models."""

from __future__ import annotations

from clarifai_grpc.grpc.api import service_pb2
from clarifai_grpc.grpc.api.status import status_pb2

from recipes.connect import Session

from ..then import OldAnswer


def id_types(answer: OldAnswer) -> list[tuple[str, str]]:
    """(id, output_info.type) of each model a REST search answered, sorted."""
    models = answer.body.get("models", [])
    return sorted((model["id"], model.get("output_info", {}).get("type", "")) for model in models)


def app_model_ids(session: Session) -> list[str]:
    """The ids of the app's own models (not clarifai/main's), sorted."""
    request = service_pb2.ListModelsRequest(user_app_id=session.user_app_id, dont_fetch_from_main=True)
    return sorted(model.id for model in session.stub.ListModels(request, metadata=session.metadata).models)


def delete_model(session: Session, model_id: str) -> status_pb2.Status:
    """Delete one of the app's models; return the status answered."""
    request = service_pb2.DeleteModelRequest(user_app_id=session.user_app_id, model_id=model_id)
    return session.stub.DeleteModel(request, metadata=session.metadata).status
