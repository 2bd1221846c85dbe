"""CL018: train an embedding-classifier version now that `closed_environment` is gone
(`train_info.params.enrich_dataset`, whose default no longer fails without negatives)."""

from __future__ import annotations

from dataclasses import dataclass, field

from clarifai_grpc.grpc.api import resources_pb2

from cookbook.exercise import Attempt, Exercise, Expectation
from recipes import delete_all_inputs
from recipes.connect import Session

from ..scaffolding.cl017 import CONCEPTS, add_labelled_images, delete_models, versions
from ..scaffolding.cl018 import new_model
from .cl017 import VERSION_TRAINED_AND_RETURNED

MODEL_ID = "cl018-yours"
BASE_MODEL = "face-identification-embedding"  # no pre-stored negatives, in the emulator (inferred)


@dataclass
class Fixture:
    """The model to train (made, no version), its concepts and base model, and its versions
    as they were the moment the answer returned."""

    model_id: str
    concepts: list[str]
    base_model: str
    returned_versions: list[resources_pb2.ModelVersion] = field(default_factory=list)


def prepare(session: Session) -> Fixture:
    """A new model `MODEL_ID` without a version; the four labelled images, and nothing else."""
    delete_models(session, [MODEL_ID])
    delete_all_inputs(session)
    add_labelled_images(session, "cl018-yours")
    return Fixture(new_model(session, MODEL_ID), list(CONCEPTS), BASE_MODEL)


def run(answer, session: Session, fixture: Fixture):
    """Call the answer, then note the model's versions before anything else moves the clock."""
    result = answer(session, fixture.model_id, list(fixture.concepts), fixture.base_model)
    fixture.returned_versions = versions(session, fixture.model_id)
    return result


def _version_made(attempt: Attempt) -> str:
    found = attempt.fixture.returned_versions
    if not found:
        return f"model {attempt.fixture.model_id!r} has no version"
    base = found[0].input_info.base_embed_model.id
    if base != attempt.fixture.base_model:
        return f"its version's base model is {base or 'the default'!r}, not {attempt.fixture.base_model!r}"
    return ""


def _enriched(attempt: Attempt) -> str:
    params = attempt.fixture.returned_versions[0].train_info.params
    enrich = params["enrich_dataset"] if "enrich_dataset" in params.fields else "Automatic"
    if enrich == "Automatic":
        return ""
    return f"enrich_dataset is {enrich!r}: Clarifai's negatives would not be used even where there are some"


EXERCISE = Exercise(
    change="CL018",
    prepare=prepare,
    run=run,
    expectations=(
        Expectation(
            "a version on the base model is made",
            _version_made,
            "closed_environment is refused now: drop it from output_config, and keep the base model in "
            "input_info.base_embed_model.",
        ),
        Expectation(
            "it uses Clarifai's negatives where there are some",
            _enriched,
            'put {"enrich_dataset": "Automatic"} (the default) in the version\'s train_info.params.',
        ),
        *VERSION_TRAINED_AND_RETURNED,
    ),
)
