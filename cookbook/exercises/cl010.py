"""CL010: describe the faces of an image with the Demographics workflow, now that the
demographics model is retired (three outputs, joined per face on the region id)."""

from __future__ import annotations

from typing import Any

from clarifai_grpc.grpc.api import service_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2

from cookbook.exercise import Attempt, Exercise, Expectation
from recipes.connect import Session
from recipes.faces import CLARIFAI_MAIN, predict_demographics

DEMOGRAPHICS_MODEL_ID = "c0c0ac362b03416da06ab3fa36fb58e3"
IMAGE_URL = "https://samples.clarifai.com/face-det.jpg"


def expected_lines(session: Session) -> list[str]:
    """'age 30-39, masculine, indian' for each face: the workflow's best concept of each of its
    three models, joined here by `recipes.faces`."""
    return [
        f"age {face['age']}, {face['gender']}, {face['multicultural']}"
        for face in predict_demographics(session, IMAGE_URL)
    ]


def _run(answer, session: Session, fixture: dict[str, Any]) -> Any:
    """What the answer returned, or the exception it raised (judged by the expectations)."""
    try:
        return answer(session, fixture["image_url"])
    except Exception as error:  # the attendee's code
        return error


def _model_status(session: Session) -> str:
    """What GetModel says of the retired model on the session's day: 'CONN_DOES_NOT_EXIST (11101)'."""
    request = service_pb2.GetModelRequest(user_app_id=CLARIFAI_MAIN, model_id=DEMOGRAPHICS_MODEL_ID)
    status = session.stub.GetModel(request, metadata=session.metadata).status
    return f"{status_code_pb2.StatusCode.Name(status.code)} ({status.code})"


def _one_line_per_face(attempt: Attempt) -> str:
    expected = attempt.fixture["expected"]
    got = attempt.result
    if isinstance(got, Exception):
        model = attempt.fixture["model_status"]
        return f"it raised {type(got).__name__}: {got}; the demographics model answers {model} that day"
    if isinstance(got, list) and len(got) == len(expected):
        return ""
    return f"it returned {got!r}, not one line per face ({len(expected)})"


def _the_workflows_concepts(attempt: Attempt) -> str:
    wrong = [
        (g, e) for g, e in zip(sorted(attempt.result), attempt.fixture["expected"], strict=True) if g != e
    ]
    if not wrong:
        return ""
    return f"it said {wrong[0][0]!r} where the workflow says {wrong[0][1]!r}"


def _prepare(session: Session) -> dict[str, Any]:
    return {
        "image_url": IMAGE_URL,
        "expected": sorted(expected_lines(session)),
        "model_status": _model_status(session),
    }


EXERCISE = Exercise(
    change="CL010",
    prepare=_prepare,
    run=_run,
    expectations=(
        Expectation(
            "it returns one line per face",
            _one_line_per_face,
            "the demographics model is gone: send the image to the workflow Demographics of "
            "clarifai/main (PostWorkflowResults) and read results[0].outputs, one output per model.",
        ),
        Expectation(
            "each face has the workflow's best age range, gender and group",
            _the_workflows_concepts,
            "the three outputs hold the same regions: join them on region.id and take, in each, "
            "the concept of the highest value.",
        ),
    ),
)
