"""CL017's setup, not the lesson: labelled images to train on, a model's versions, the old
requests sent in order, and the clean-up."""

from __future__ import annotations

import time
from collections.abc import Callable

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from recipes import add_inputs, wait_for_inputs
from recipes.connect import Session
from recipes.inputs import delete_inputs, wait_for_deleted
from recipes.models import IN_TRAINING

from ..then import OldAnswer, OldRequest, send
from . import IMAGES

LABELS = {"astronaut.jpg": "person", "chelsea.jpg": "cat", "coffee.jpg": "coffee", "rocket.jpg": "rocket"}
CONCEPTS = sorted(set(LABELS.values()))


def labelled_input(prefix: str, file_name: str, concept: str) -> resources_pb2.Input:
    """An image of data/images/ as bytes, labelled with one concept, id `<prefix>-<name>`."""
    image = resources_pb2.Image(base64=(IMAGES / file_name).read_bytes())
    data = resources_pb2.Data(image=image, concepts=[resources_pb2.Concept(id=concept, value=1)])
    return resources_pb2.Input(id=f"{prefix}-{file_name.split('.')[0]}", data=data)


def add_labelled_images(session: Session, prefix: str = "cl017") -> list[str]:
    """Add the four images of `LABELS`, each labelled with its concept, and wait until they
    are downloaded; return their ids."""
    ids = add_inputs(session, [labelled_input(prefix, name, concept) for name, concept in LABELS.items()])
    wait_for_inputs(session, ids)
    return ids


def get_model(session: Session, model_id: str) -> service_pb2.SingleModelResponse:
    """GetModel's answer for `model_id`."""
    request = service_pb2.GetModelRequest(user_app_id=session.user_app_id, model_id=model_id)
    return session.stub.GetModel(request, metadata=session.metadata)


def versions(session: Session, model_id: str) -> list[resources_pb2.ModelVersion]:
    """The model's versions, newest first (ListModelVersions)."""
    request = service_pb2.ListModelVersionsRequest(user_app_id=session.user_app_id, model_id=model_id)
    return list(session.stub.ListModelVersions(request, metadata=session.metadata).model_versions)


def settle(session: Session, model_id: str, polls: int = 20) -> resources_pb2.ModelVersion:
    """The model's newest version once it is no longer queued or training (or after `polls`)."""
    for _ in range(polls):
        version = get_model(session, model_id).model.model_version
        if version.status.code not in IN_TRAINING:
            return version
        time.sleep(session.poll_interval)
    return version


def run_old_code(
    day: Session, old_requests: Callable[[str], dict[str, OldRequest]], model_id: str
) -> tuple[dict[str, OldAnswer], list[resources_pb2.ModelVersion], list[resources_pb2.ModelVersion]]:
    """Send the old code's requests on `model_id` (`old_requests(model_id)`, by step) in order
    as of `day`, waiting for training after PostModelVersions; return the answers by step and
    the model's versions before and after PatchModels."""
    requests = old_requests(model_id)
    answers = {"PostModels": send(day, requests["PostModels"])}
    answers["PostModelVersions"] = send(day, requests["PostModelVersions"])
    settle(day, model_id)
    before_patch = versions(day, model_id)
    answers["PatchModels"] = send(day, requests["PatchModels"])
    after_patch = versions(day, model_id)
    answers["predict"] = send(day, requests["predict"])
    return answers, before_patch, after_patch


def summary(answers: dict[str, OldAnswer], after_patch: list[resources_pb2.ModelVersion]) -> dict:
    """One day's column of the before/after table: each step's status, the versions left."""
    column: dict = {step: answer.describe() for step, answer in answers.items()}
    column["versions after PatchModels"] = len(after_patch)
    return column


def concepts_predicted(answer: OldAnswer) -> int:
    """How many concepts an old REST prediction answered (0 when it failed)."""
    return len(answer.body["outputs"][0]["data"]["concepts"]) if answer.ok else 0


def delete_models(session: Session, model_ids: list[str]) -> None:
    """Delete the models (a model that is not there is no error)."""
    for model_id in model_ids:
        request = service_pb2.DeleteModelRequest(user_app_id=session.user_app_id, model_id=model_id)
        session.stub.DeleteModel(request, metadata=session.metadata)


def clean_up(session: Session, model_ids: list[str], input_ids: list[str]) -> str:
    """Delete the notebook's models and inputs, wait until the inputs are gone; say what went."""
    delete_models(session, model_ids)
    delete_inputs(session, input_ids)
    wait_for_deleted(session, input_ids)
    return f"Deleted the models {', '.join(model_ids)} and {len(input_ids)} inputs."
