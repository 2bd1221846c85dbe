"""CL002: add images now that PostInputs is asynchronous (wait for the downloads, then read them)."""

from __future__ import annotations

from cookbook.exercise import Attempt, Exercise, Expectation
from recipes import delete_all_inputs, wait_for_inputs
from recipes.connect import Session
from recipes.inputs import list_input_ids
from recipes.statuses import status_name

from ..text import plural

IMAGES = {
    "cl002-metro-north": "https://samples.clarifai.com/metro-north.jpg",
    "cl002-dog": "https://samples.clarifai.com/dog2.jpeg",
    "cl002-missing": "https://images.example.com/no-such-image.jpg",  # does not download
}


def _prepare(session: Session) -> dict[str, str]:
    """An empty app (whatever an earlier check added); the images to add, by id."""
    delete_all_inputs(session)
    return dict(IMAGES)


def _added(attempt: Attempt) -> str:
    listed = set(list_input_ids(attempt.session))
    absent = [input_id for input_id in attempt.fixture if input_id not in listed]
    if not absent:
        return ""
    return f"{plural(len(absent), 'image')} of {len(attempt.fixture)} not in the app ({', '.join(absent)})"


def _named(value: object) -> str:
    try:
        return status_name(value)  # a code (30000), a name, or a Status
    except (TypeError, ValueError, AttributeError):
        return repr(value)


def _final(attempt: Attempt) -> str:
    if not isinstance(attempt.result, dict):
        return f"it returned {type(attempt.result).__name__}, not a dict of statuses by input id"
    final = wait_for_inputs(attempt.session, list(attempt.fixture))
    returned = {input_id: _named(attempt.result.get(input_id)) for input_id in attempt.fixture}
    busy = sorted(
        input_id for input_id, name in returned.items() if name in ("INPUT_PENDING", "INPUT_IN_PROGRESS")
    )
    if busy:
        return f"it returned {returned[busy[0]]} for {', '.join(busy)}: the downloads had not finished"
    wrong = sorted(input_id for input_id in final if returned[input_id] != final[input_id])
    if wrong:
        first = wrong[0]
        return f"for {first} it returned {returned[first]}, the API says {final[first]}"
    return ""


EXERCISE = Exercise(
    change="CL002",
    prepare=_prepare,
    run=lambda answer, session, images: answer(session, images),
    expectations=(
        Expectation(
            "every image is in the app",
            _added,
            "send each image with POST /inputs (or PostInputs) under its own id; check the call's status.",
        ),
        Expectation(
            "it returns each input's final status (30000, or 30002 for the URL that does not download)",
            _final,
            "the answer of POST /inputs is only 30001 (pending): poll GET /inputs/{id} (or ListInputs "
            "with the ids) until the status is neither 30001 nor 30003, and return that.",
        ),
    ),
)
