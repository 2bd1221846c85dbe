"""CL009: read a face's age, gender and group from `data.concepts` by `vocab_id`, now that
`data.face` is going (both forms from 2020-02-27, only the concepts from 2020-04-01)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from cookbook.exercise import Attempt, Exercise, Expectation, day_after
from recipes import check
from recipes.connect import Session
from recipes.faces import CLARIFAI_MAIN

DEMOGRAPHICS_MODEL_ID = "c0c0ac362b03416da06ab3fa36fb58e3"
IMAGE_URL = "https://samples.clarifai.com/face-det.jpg"
OVERLAP_END = dt.date(2020, 4, 1)  # the first day without data.face (old-docs commit dea0134)
VOCABULARIES = ("age_appearance", "gender_appearance", "multicultural_appearance")


def expected_lines(session: Session) -> list[str]:
    """What a migrated answer says once `data.face` is gone: 'age 36, masculine, asian' for each
    face, the best concept of each `vocab_id`, read here over gRPC."""
    day = session.as_of(OVERLAP_END)
    image = resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(url=IMAGE_URL)))
    request = service_pb2.PostModelOutputsRequest(
        user_app_id=CLARIFAI_MAIN, model_id=DEMOGRAPHICS_MODEL_ID, inputs=[image]
    )
    reply = check("PostModelOutputs", day.stub.PostModelOutputs(request, metadata=day.metadata))
    lines = []
    for region in reply.outputs[0].data.regions:
        best = {
            vocab_id: max((c for c in region.data.concepts if c.vocab_id == vocab_id), key=lambda c: c.value)
            for vocab_id in VOCABULARIES
        }
        lines.append("age {}, {}, {}".format(*(best[vocab_id].name for vocab_id in VOCABULARIES)))
    return lines


def _run(answer, session: Session, fixture: dict[str, Any]) -> dict[str, Any]:
    """The answer on the day after the change (both forms) and on the first day without
    `data.face`: what it returned, or the exception it raised, by day."""
    days = {}
    for day in (session.as_of_date, OVERLAP_END):
        try:
            days[day] = answer(session.as_of(day), fixture["image_url"])
        except Exception as error:  # the attendee's code: judged by the expectations
            days[day] = error
    return days


def _reads_faces_on(day_of: Any):
    """A `missing` that judges the answer on one of the two days."""

    def missing(attempt: Attempt) -> str:
        day = day_of(attempt)
        got = attempt.result[day]
        if isinstance(got, Exception):
            return f"on {day} it raised {type(got).__name__}: {got}"
        expected = attempt.fixture["expected"]
        if not isinstance(got, list) or len(got) != len(expected):
            return f"on {day} it returned {got!r}, not one line per face ({len(expected)})"
        wrong = [(g, e) for g, e in zip(got, expected, strict=True) if g != e]
        if wrong:
            return f"on {day} it said {wrong[0][0]!r} where the concepts say {wrong[0][1]!r}"
        return ""

    return missing


EXERCISE = Exercise(
    change="CL009",
    prepare=lambda session: {"image_url": IMAGE_URL, "expected": expected_lines(session)},
    run=_run,
    expectations=(
        Expectation(
            f"it reads every face during the transition ({day_after('CL009')})",
            _reads_faces_on(lambda attempt: attempt.session.as_of_date),
            "return one line per region, in the API's order: 'age A, G, M', the best concept of each of "
            "age_appearance, gender_appearance and multicultural_appearance.",
        ),
        Expectation(
            f"it still reads them once data.face is gone ({OVERLAP_END})",
            _reads_faces_on(lambda attempt: OVERLAP_END),
            'read region["data"]["concepts"]: one list for all three, each concept with a vocab_id '
            "(age_appearance, gender_appearance, multicultural_appearance); take the best of each.",
        ),
    ),
)
