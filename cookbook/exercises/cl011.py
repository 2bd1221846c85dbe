"""CL011: retrain a model after a late batch, now that training no longer waits for inputs
to be processed (wait on GetInputCount, then create the version, then wait for training)."""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2

from cookbook.exercise import Attempt, Exercise, Expectation
from recipes.connect import Session
from recipes.errors import code_name, describe
from recipes.models import IN_TRAINING

from ..scaffolding.cl011 import (
    add_labelled,
    create_model_request,
    delete_model,
    empty_the_app,
    sent,
)

MODEL_ID = "cl011-pets"
CONCEPTS = ("cat", "dog")
CATS = [f"https://samples.clarifai.com/cookbook/cat/{n}.jpg" for n in range(3)]  # processed first
DOGS = [f"https://samples.clarifai.com/cookbook/dog/{n}.jpg" for n in range(2)]  # the late batch
LABELLED = len(CATS) + len(DOGS)


def prepare(session: Session) -> str:
    """A model made the 2020 way, the cats processed, the dogs added a moment ago; its id."""
    delete_model(session, MODEL_ID, missing_ok=True)
    empty_the_app(session)
    sent(session, create_model_request(MODEL_ID, CONCEPTS))
    add_labelled(session, CATS, "cat")
    add_labelled(session, DOGS, "dog", wait=False)
    return MODEL_ID


def _version(attempt: Attempt) -> resources_pb2.ModelVersion | None:
    """The version the answer returned the id of, as GetModelVersion answers it now."""
    if not isinstance(attempt.result, str) or not attempt.result:
        return None
    request = service_pb2.GetModelVersionRequest(
        user_app_id=attempt.session.user_app_id, model_id=MODEL_ID, version_id=attempt.result
    )
    response = attempt.session.stub.GetModelVersion(request, metadata=attempt.session.metadata)
    return response.model_version if response.status.code == status_code_pb2.SUCCESS else None


def _trained(attempt: Attempt) -> str:
    version = _version(attempt)
    if version is None:
        return f"it returned {attempt.result!r}, not the id of a version of {MODEL_ID}"
    if version.status.code in IN_TRAINING:
        return f"the version is still {code_name(version.status.code)} when your function returns"
    if version.status.code != status_code_pb2.MODEL_TRAINED:
        return f"the version's training ended in {code_name(version.status.code)}"
    return ""


def _predicts(attempt: Attempt) -> str:
    image = resources_pb2.Image(url=DOGS[0])
    request = service_pb2.PostModelOutputsRequest(
        user_app_id=attempt.session.user_app_id,
        model_id=MODEL_ID,
        version_id=attempt.result,
        inputs=[resources_pb2.Input(data=resources_pb2.Data(image=image))],
    )
    response = attempt.session.stub.PostModelOutputs(request, metadata=attempt.session.metadata)
    if response.status.code != status_code_pb2.SUCCESS:
        return f"PostModelOutputs on the version answered {describe(response.status)}"
    return ""


def _learnt_everything(attempt: Attempt) -> str:
    version = _version(attempt)
    if version.total_input_count == LABELLED:
        return ""
    return (
        f"the version learnt from {version.total_input_count} of {LABELLED} labelled inputs: it was created"
        " while the late batch was still being processed"
    )


EXERCISE = Exercise(
    change="CL011",
    prepare=prepare,
    run=lambda answer, session, model_id: answer(session, model_id),
    expectations=(
        Expectation(
            "the version it returns is trained",
            _trained,
            "poll the version (GetModelVersion) until it is no longer MODEL_QUEUED_FOR_TRAINING or "
            "MODEL_TRAINING, and return its id (recipes.models.wait_for_training).",
        ),
        Expectation(
            "it predicts",
            _predicts,
            "return the id of the version you trained: PostModelOutputs is sent with it.",
        ),
        Expectation(
            f"it learnt from all {LABELLED} labelled inputs",
            _learnt_everything,
            "before creating the version, poll the input counts (GetInputCount, or GET inputs/status) "
            "until to_process and processing are both 0 (recipes.models.wait_until_inputs_processed).",
        ),
    ),
)
