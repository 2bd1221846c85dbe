"""CL014's helpers: read the model of a REST answer; a model of the app made before the change."""

from __future__ import annotations

import datetime as dt

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from recipes.connect import Session
from recipes.errors import ClarifaiStatusError, check

from ..then import OldAnswer

DAY_BEFORE = dt.date(2022, 1, 19)


def shown(answer: OldAnswer) -> tuple[str, str, str]:
    """(id, name, display_name) of the model a REST answer carries."""
    model = answer.body.get("model", {})
    return model.get("id", ""), model.get("name", ""), model.get("display_name", "")


def delete_model(session: Session, model_id: str) -> None:
    """Delete the app's model `model_id` (either of its ids, for a model made before the
    change) if there is one."""
    request = service_pb2.DeleteModelRequest(user_app_id=session.user_app_id, model_id=model_id)
    status = session.stub.DeleteModel(request, metadata=session.metadata).status
    if status.code not in (10000, 11101):  # SUCCESS, CONN_DOES_NOT_EXIST: none to delete
        raise ClarifaiStatusError("DeleteModel", status)


def model_made_before(session: Session, model_id: str, display_name: str) -> str:
    """Create the model `model_id` with `display_name` as of the day before the change (its id
    is renamed from its display name after it); return the id the API answers for it now."""
    model = resources_pb2.Model(id=model_id, display_name=display_name, model_type_id="embedding-classifier")
    before = session.as_of(DAY_BEFORE)
    request = service_pb2.PostModelsRequest(user_app_id=before.user_app_id, models=[model])
    check("PostModels", before.stub.PostModels(request, metadata=before.metadata))
    request = service_pb2.GetModelRequest(user_app_id=session.user_app_id, model_id=model_id)
    return check("GetModel", session.stub.GetModel(request, metadata=session.metadata)).model.id
