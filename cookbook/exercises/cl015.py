"""CL015: search with PostInputsSearches now that POST /searches is deprecated."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from cookbook.exercise import Attempt, Exercise, Expectation
from recipes import delete_all_inputs
from recipes.connect import Session
from recipes.searches import search_inputs

from ..scaffolding.cl015 import CAT, add_photos
from .served import served_during

LABEL = "cat"
NO_PERSON = "ai_786Zr311"  # "no person" in clarifai/main's general model
ANDS = [
    {"output": {"data": {"concepts": [{"id": NO_PERSON, "value": 1}]}}},
    {"input": {"data": {"concepts": [{"id": LABEL, "value": 0}]}}},
]
OLD_RPC = "PostSearches"
NEW_RPCS = ("PostInputsSearches", "PostAnnotationsSearches")


@dataclass(frozen=True)
class Fixture:
    ids: list[str]  # the photos added
    expected: list[str]  # what the search must find, best first


@dataclass(frozen=True)
class Searched:
    ids: object  # what the answer returned
    served: Counter  # the RPCs served while it ran, REST or gRPC


def _prepare(session: Session) -> Fixture:
    delete_all_inputs(session)
    ids = add_photos(session, "cl015-yours", LABEL)
    return Fixture(ids, [hit.input_id for hit in search_inputs(session, ANDS)])


def _run(answer, session: Session, fixture: Fixture) -> Searched:
    return Searched(*served_during(session, lambda: answer(session)))


def _found(attempt: Attempt) -> str:
    got, expected = attempt.result.ids, attempt.fixture.expected
    if not isinstance(got, list) or not all(isinstance(item, str) for item in got):
        return f"it returned {type(got).__name__}, not a list of input ids"
    if got == expected:
        return ""
    if not got:
        return "it returned no ids: look at the status the API answered"
    cat = f"cl015-yours-{CAT}"
    if cat in got:
        return f"{cat}, annotated as a cat, is among the {len(got)} ids it returned"
    if sorted(got) == sorted(expected):
        return "it found the right inputs, but not best first"
    return f"it returned {len(got)} ids ({', '.join(got[:3])}), not the {len(expected)} expected"


def _new_endpoint(attempt: Attempt) -> str:
    served = attempt.result.served
    if served[OLD_RPC]:
        return "it still searches with the deprecated PostSearches (POST /v2/searches)"
    if not any(served[rpc] for rpc in NEW_RPCS):
        return "it made no PostInputsSearches call"
    return ""


EXERCISE = Exercise(
    change="CL015",
    prepare=_prepare,
    run=_run,
    expectations=(
        Expectation(
            "it finds the inputs ranked no person, not annotated as cats, best first",
            _found,
            "the `output` concept becomes a rank on an annotation, the `input` concept (value 0) a filter "
            "on an annotation; return the hits' input ids in the order the API gives them.",
        ),
        Expectation(
            "it uses PostInputsSearches",
            _new_endpoint,
            "POST to session.rest_url('inputs/searches') with {'searches': [{'query': {'ranks': [...], "
            "'filters': [...]}}]} (or the gRPC PostInputsSearches with searches=[Search(query=...)]).",
        ),
    ),
)
