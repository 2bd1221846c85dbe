"""CL014: find a model by the label old code kept (an old id, a display name) now that the id
names the model and searches by name no longer find it."""

from __future__ import annotations

from dataclasses import dataclass

from cookbook.exercise import Attempt, Exercise, Expectation
from recipes.connect import Session

from ..scaffolding.cl014 import delete_model, model_made_before

OLD_ID = "cl014-birds"
DISPLAY_NAME = "Garden Birds"


@dataclass(frozen=True)
class Fixture:
    today: str  # the id the API answers for the model now


def _prepare(session: Session) -> Fixture:
    delete_model(session, OLD_ID)  # whatever an earlier check left
    return Fixture(model_made_before(session, OLD_ID, DISPLAY_NAME))


def _run(answer, session: Session, fixture: Fixture) -> dict[str, object]:
    return {label: answer(session, label) for label in (OLD_ID, DISPLAY_NAME)}


def _resolves(label: str):
    def missing(attempt: Attempt) -> str:
        got, today = attempt.result[label], attempt.fixture.today
        if got == today:
            return ""
        return f"for {label!r} it returned {got!r}, not the model's id today ({today!r})"

    return missing


EXERCISE = Exercise(
    change="CL014",
    prepare=_prepare,
    run=_run,
    expectations=(
        Expectation(
            "an old id gives today's id",
            _resolves(OLD_ID),
            "old ids still work in GetModel, which answers the model under today's id: return its id.",
        ),
        Expectation(
            "a display name gives today's id",
            _resolves(DISPLAY_NAME),
            "a search by name no longer finds the model: list the app's models (ListModels) and pick "
            "the one whose display_name is the label (or use recipes.models.find_model).",
        ),
    ),
)
