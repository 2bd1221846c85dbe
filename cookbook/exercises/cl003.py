"""CL003: delete an input now that deletes are asynchronous (wait until it is gone)."""

from __future__ import annotations

from collections.abc import Callable

from cookbook.exercise import Attempt, Exercise, Expectation
from cookbook.scaffolding.cl002 import get_input_status, short
from recipes.connect import Session

from .common import fresh_images, still_there

POLLS = 5  # a delete sent is done within a few requests on the emulator's clock


def _run(answer: Callable, session: Session, ids: list[str]) -> dict[str, object]:
    """Call the answer, then GetInput at once, the way the code after it would rely on it."""
    returned = answer(session, ids[0])
    return {"returned": returned, "right_after": short(get_input_status(session, ids[0]))}


def _deleted(attempt: Attempt) -> str:
    for _ in range(POLLS):
        if not still_there(attempt.session, attempt.fixture):
            return ""
    return f"{attempt.fixture[0]} is still in the app {POLLS} requests later: no delete was done"


def _gone_on_return(attempt: Attempt) -> str:
    seen = attempt.result["right_after"]
    if seen.startswith("CONN_DOES_NOT_EXIST"):
        return ""
    return f"right after it returned, GetInput still answered {seen}: the delete had not finished"


EXERCISE = Exercise(
    change="CL003",
    prepare=lambda session: fresh_images(session, "cl003-ex", 1),
    run=_run,
    expectations=(
        Expectation(
            "the input is deleted",
            _deleted,
            "send DELETE /inputs/{id} (or DeleteInputs with the id) and check the call's status.",
        ),
        Expectation(
            "when it returns, GetInput already answers 11101 (not found)",
            _gone_on_return,
            "the delete only starts: poll GET /inputs/{id} (or GetInput) until it answers 11101, "
            "or use recipes.delete_and_wait.",
        ),
    ),
)
