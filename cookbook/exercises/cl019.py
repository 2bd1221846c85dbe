"""CL019: predict with Clarifai's general model now that an app API key no longer reaches
clarifai/main (a PAT, and `user_app_id` clarifai/main)."""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from cookbook.exercise import Attempt, Exercise, Expectation
from recipes.auth import CLARIFAI_MAIN
from recipes.connect import Session
from recipes.errors import check

MODEL_ID = "general-image-recognition"
IMAGE_URL = "https://samples.clarifai.com/metro-north.jpg"


def predicted(session: Session, image_url: str) -> list[str]:
    """The concept ids clarifai/main's general model answers for the image, best first,
    asked with the session's PAT: what a migrated answer must return."""
    request = service_pb2.PostModelOutputsRequest(
        user_app_id=CLARIFAI_MAIN,
        model_id=MODEL_ID,
        inputs=[resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(url=image_url)))],
    )
    response = check("PostModelOutputs", session.stub.PostModelOutputs(request, metadata=session.metadata))
    return [concept.id for concept in response.outputs[0].data.concepts]


def _concept_ids(attempt: Attempt) -> str:
    result = attempt.result
    if isinstance(result, list) and result and all(isinstance(item, str) for item in result):
        return ""
    return f"it returned {result!r:.60}, not a list of concept ids"


def _the_models_concepts(attempt: Attempt) -> str:
    expected = predicted(attempt.session, attempt.fixture)
    if attempt.result == expected:
        return ""
    if set(attempt.result) == set(expected):
        return "the concepts are the model's, but not in its order (best first)"
    return f"the concepts are not those of clarifai/main's {MODEL_ID} for the image"


EXERCISE = Exercise(
    change="CL019",
    prepare=lambda session: IMAGE_URL,
    run=lambda answer, session, image_url: answer(session, image_url),
    expectations=(
        Expectation(
            "it returns concept ids",
            _concept_ids,
            "an app API key no longer reaches clarifai/main: send PostModelOutputs with the session's PAT "
            "(session.metadata) and user_app_id clarifai/main (recipes.auth.main_app_session).",
        ),
        Expectation(
            "they are clarifai/main's general model's, best first",
            _the_models_concepts,
            f"predict with clarifai/main's {MODEL_ID}, and keep the order of outputs[0].data.concepts.",
        ),
    ),
)
