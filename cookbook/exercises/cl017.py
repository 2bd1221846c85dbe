"""CL017: create a classifier now that PostModels makes no version (the concepts go in the
version's `output_info`, and PostModelVersions, with them, trains it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from clarifai_grpc.grpc.api import resources_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2

from cookbook.exercise import Attempt, Exercise, Expectation
from recipes import delete_all_inputs
from recipes.connect import Session
from recipes.errors import code_name
from recipes.models import IN_TRAINING

from ..scaffolding.cl017 import CONCEPTS, add_labelled_images, delete_models, get_model, versions

MODEL_ID = "cl017-yours"


@dataclass
class Fixture:
    """The app's labelled images, the model to make, and its versions as they were the moment
    the answer returned (taken at once: a version still training then was not waited for)."""

    model_id: str
    concepts: list[str]
    input_ids: list[str]
    returned_versions: list[resources_pb2.ModelVersion] = field(default_factory=list)


def prepare(session: Session) -> Fixture:
    """No model `MODEL_ID`; the four labelled images, and nothing else, in the app."""
    delete_models(session, [MODEL_ID])
    delete_all_inputs(session)
    return Fixture(MODEL_ID, list(CONCEPTS), add_labelled_images(session, "cl017-yours"))


def run(answer, session: Session, fixture: Fixture):
    """Call the answer, then note the model's versions before anything else moves the clock."""
    result = answer(session, fixture.model_id, list(fixture.concepts))
    fixture.returned_versions = versions(session, fixture.model_id)
    return result


def _model_made(attempt: Attempt) -> str:
    reply = get_model(attempt.session, attempt.fixture.model_id)
    if reply.status.code == status_code_pb2.SUCCESS:
        return ""
    return f"there is no model {attempt.fixture.model_id!r} ({code_name(reply.status.code)})"


def _version_with_concepts(attempt: Attempt) -> str:
    found = attempt.fixture.returned_versions
    if not found:
        return f"model {attempt.fixture.model_id!r} has no version"
    concepts = sorted(concept.id for concept in found[0].output_info.data.concepts)
    if concepts != attempt.fixture.concepts:
        return f"its version's output_info has the concepts {concepts}, not {attempt.fixture.concepts}"
    return ""


def version_trained(attempt: Attempt) -> str:
    """Whether the version the answer made was trained when it returned (CL018's too)."""
    status = attempt.fixture.returned_versions[0].status.code
    if status == status_code_pb2.MODEL_TRAINED:
        return ""
    if status in IN_TRAINING:
        return f"the version was still {code_name(status)} when the function returned: the wait is not done"
    return f"the version is {code_name(status)}, not MODEL_TRAINED"


def returns_version_id(attempt: Attempt) -> str:
    """Whether the answer returned the id of the version it made (CL018's too)."""
    made = attempt.fixture.returned_versions[0].id
    if attempt.result == made:
        return ""
    return f"it returned {attempt.result!r}, not the id of the version it made ({made!r})"


# Its last two expectations, which CL018's exercise (a version trained its new way) shares.
VERSION_TRAINED_AND_RETURNED = (
    Expectation(
        "the version is trained when the function returns",
        version_trained,
        "poll GetModelVersion until the version is no longer queued or training (recipes.wait_for_training).",
    ),
    Expectation(
        "it returns the version's id",
        returns_version_id,
        "PostModelVersions answers the new version in model.model_version: return its id.",
    ),
)

EXERCISE = Exercise(
    change="CL017",
    prepare=prepare,
    run=run,
    expectations=(
        Expectation(
            "the model is made",
            _model_made,
            "PostModels with the model's own fields: id and model_type_id.",
        ),
        Expectation(
            "its version holds the concepts",
            _version_with_concepts,
            "PostModels makes no version now: send PostModelVersions with the concepts in "
            "model_versions[0].output_info.data.concepts.",
        ),
        *VERSION_TRAINED_AND_RETURNED,
    ),
)
