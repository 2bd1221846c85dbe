"""CL012: empty an app now that `delete_all` is gone (delete by ids, at most 128 per call)."""

from __future__ import annotations

from cookbook.exercise import Attempt, Exercise, Expectation

from ..text import plural
from .common import fresh_images, still_there

INPUTS = 200  # two batches of at most 128 ids


def _gone(attempt: Attempt) -> str:
    left = still_there(attempt.session, attempt.fixture)
    if not left:
        return ""
    if len(left) == INPUTS:
        return f"all {INPUTS} inputs are still in the app"
    return f"{plural(len(left), 'input')} of {INPUTS} are still listed: the deletes had not finished"


def _counted(attempt: Attempt) -> str:
    if attempt.result == INPUTS:
        return ""
    return f"it returned {attempt.result!r}, not the number of inputs deleted ({INPUTS})"


EXERCISE = Exercise(
    change="CL012",
    prepare=lambda session: fresh_images(session, "cl012", INPUTS),
    run=lambda answer, session, ids: answer(session),
    expectations=(
        Expectation(
            "every input is gone",
            _gone,
            "list the ids (ListInputs, page by page), send DeleteInputs with at most 128 ids per call, "
            "then wait until ListInputs no longer shows them (recipes.wait_for_deleted).",
        ),
        Expectation(
            f"it returns how many it deleted ({INPUTS})",
            _counted,
            "return the number of ids you deleted.",
        ),
    ),
)
