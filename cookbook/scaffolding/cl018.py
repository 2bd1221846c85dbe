"""CL018's setup, not the lesson: the labelled images to train on (CL017's four), an
embedding-classifier model without a version, the old request sent on a new model, a version
waited for, and the clean-up."""

from __future__ import annotations

import time

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from recipes.connect import Session
from recipes.errors import check
from recipes.inputs import delete_inputs, wait_for_deleted
from recipes.models import IN_TRAINING

from ..then import OldAnswer, OldRequest, send
from .cl017 import CONCEPTS, add_labelled_images, delete_models

__all__ = ["CONCEPTS", "add_labelled_images", "clean_up", "new_model", "settle", "train_the_old_way"]
MODEL_TYPE = "embedding-classifier"  # the only type that takes enrich_dataset


def new_model(session: Session, model_id: str) -> str:
    """Make an embedding-classifier model with no version (PostModels, as since CL017)."""
    model = resources_pb2.Model(id=model_id, model_type_id=MODEL_TYPE)
    request = service_pb2.PostModelsRequest(user_app_id=session.user_app_id, models=[model])
    return check("PostModels", session.stub.PostModels(request, metadata=session.metadata)).model.id


def settle(session: Session, model_id: str, version_id: str, polls: int = 20) -> resources_pb2.ModelVersion:
    """The version once it is no longer queued or training (or after `polls` polls)."""
    request = service_pb2.GetModelVersionRequest(
        user_app_id=session.user_app_id, model_id=model_id, version_id=version_id
    )
    for _ in range(polls):
        version = session.stub.GetModelVersion(request, metadata=session.metadata).model_version
        if version.status.code not in IN_TRAINING:
            return version
        time.sleep(session.poll_interval)
    return version


def train_the_old_way(
    day: Session, model_id: str, old_request: OldRequest
) -> tuple[OldAnswer, resources_pb2.ModelVersion | None]:
    """A new model, then the old PostModelVersions request on it as of `day`; the answer and
    the version once settled (None when no version was made)."""
    new_model(day, model_id)
    answer = send(day, old_request)
    version_id = answer.body.get("model", {}).get("model_version", {}).get("id", "")
    return answer, settle(day, model_id, version_id) if version_id else None


def clean_up(session: Session, model_ids: list[str], input_ids: list[str]) -> str:
    """Delete the notebook's models and inputs, wait until the inputs are gone; say what went."""
    delete_models(session, model_ids)
    delete_inputs(session, input_ids)
    wait_for_deleted(session, input_ids)
    return f"Deleted {len(model_ids)} models and {len(input_ids)} inputs."
