"""CL007: find the face model by its type now that `facedetect` is called `detect`."""

from __future__ import annotations

import requests

from cookbook.exercise import Attempt, Exercise, Expectation
from recipes.connect import Session
from recipes.faces import CLARIFAI_MAIN

from ..text import plural

FACE_MODEL_ID = "a403429f2ddf4b49b307e318f00e528b"  # the public face model of the time
OK = 10000


def face_model(session: Session) -> tuple[str, str]:
    """The public face model's (name, output_info.type) on the session's day, from GET on the
    model (over REST: today's protos no longer have `output_info.type`)."""
    main = f"{session.rest_base}/v2/users/{CLARIFAI_MAIN.user_id}/apps/{CLARIFAI_MAIN.app_id}"
    answer = requests.get(f"{main}/models/{FACE_MODEL_ID}", headers=session.rest_headers, timeout=30).json()
    if answer["status"]["code"] != OK:
        raise RuntimeError(f"GET the face model {FACE_MODEL_ID}: {answer['status']}")
    return (answer["model"]["name"], answer["model"]["output_info"]["type"])


def _finds_the_face_model(attempt: Attempt) -> str:
    name, kind = attempt.fixture
    if not isinstance(attempt.result, list):
        return f"it returned {attempt.result!r}, not a list of (name, type) pairs"
    if (name, kind) in attempt.result:
        return ""
    if not attempt.result:
        return f"it found no model; the face model, {name}, is of type {kind} that day"
    return f"it found {attempt.result!r}, not ({name!r}, {kind!r})"


def _only_face_models(attempt: Attempt) -> str:
    _, kind = attempt.fixture
    others = [found for found in attempt.result if found[1] != kind]
    if not others:
        return ""
    return f"it also found {plural(len(others), 'model')} of other types, such as {others[0]!r}"


EXERCISE = Exercise(
    change="CL007",
    prepare=face_model,
    run=lambda answer, session, fixture: answer(session),
    expectations=(
        Expectation(
            "it finds the face model",
            _finds_the_face_model,
            'search with the new type name: "facedetect" is "detect" since 2020-02-12 '
            '(facedetect-identity and facedetect-demographics are "detect-concept").',
        ),
        Expectation(
            "it finds face models only",
            _only_face_models,
            "keep the name and the type in the model query: the search should find face models only.",
        ),
    ),
)
