"""CL013: create and find a model by `model_type_id` now that the `type` option is gone."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from cookbook.exercise import Attempt, Exercise, Expectation
from recipes.connect import Session

from ..scaffolding.cl013 import delete_model
from .served import served_during

MODEL_ID = "cl013-pets"
CONCEPTS = ["cat", "dog"]
TYPE_ID = "embedding-classifier"  # what a created `concept` model is today


@dataclass(frozen=True)
class Made:
    found: object  # what the answer returned
    served: Counter  # the RPCs served while it ran, REST or gRPC


def _prepare(session: Session) -> str:
    delete_model(session, MODEL_ID)  # NOT_FOUND when an earlier check left none: fine
    return MODEL_ID


def _run(answer, session: Session, model_id: str) -> Made:
    return Made(*served_during(session, lambda: answer(session, model_id)))


def _stored(attempt: Attempt) -> resources_pb2.Model | None:
    request = service_pb2.GetModelRequest(user_app_id=attempt.session.user_app_id, model_id=attempt.fixture)
    reply = attempt.session.stub.GetModel(request, metadata=attempt.session.metadata)
    return reply.model if reply.status.code == 10000 else None


def _created(attempt: Attempt) -> str:
    if _stored(attempt) is None:
        return f"there is no model {attempt.fixture} in the app: the create was refused"
    return ""


def _typed(attempt: Attempt) -> str:
    type_id = _stored(attempt).model_type_id
    return "" if type_id == TYPE_ID else f"{attempt.fixture} is a {type_id!r} model, not an {TYPE_ID!r}"


def _concepts(attempt: Attempt) -> str:
    kept = sorted(concept.id for concept in _stored(attempt).output_info.data.concepts)
    return "" if kept == CONCEPTS else f"the model's concepts are {kept}, not {CONCEPTS}"


def _found(attempt: Attempt) -> str:
    found, served = attempt.result.found, attempt.result.served
    if found != [attempt.fixture]:
        return f"it returned {found!r}, not [{attempt.fixture!r}] (what the search by type finds)"
    if not served["PostModelsSearches"]:
        return "it returned the id without searching (no PostModelsSearches call)"
    return ""


EXERCISE = Exercise(
    change="CL013",
    prepare=_prepare,
    run=_run,
    expectations=(
        Expectation(
            "the model is created",
            _created,
            "POST /models takes the type as `model.model_type_id`, not `output_info.type`/`type_ext`.",
        ),
        Expectation(
            f"it is an {TYPE_ID}",
            _typed,
            f"a `concept` model you create is an {TYPE_ID!r} today (recipes.model_type_id_for('concept')).",
        ),
        Expectation(
            "it keeps its concepts",
            _concepts,
            "keep the concepts in `output_info.data.concepts`: only the type moved.",
        ),
        Expectation(
            "a search by model_type_id finds it",
            _found,
            "search with `model_query: {name: ..., model_type_id: ...}`; return the ids of the models found.",
        ),
    ),
)
