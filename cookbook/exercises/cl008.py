"""CL008: wait for a video by status name, now that videos answer the INPUT_* codes (30000
when downloaded), not the INPUT_VIDEO_* ones (31000)."""

from __future__ import annotations

from recipes import delete_all_inputs
from recipes.connect import Session

from ..exercise import Attempt, Exercise, Expectation
from ..scaffolding.cl008 import add, input_status, names

VIDEO = "cl008-video"  # downloads
BROKEN = "cl008-video-missing"  # its URL answers nothing: the download fails
MEDIA = {
    VIDEO: ("video", "https://samples.clarifai.com/beer.mp4"),
    BROKEN: ("video", "https://example.com/cookbook/missing.mp4"),
}


def prepare(session: Session) -> tuple[str, str]:
    """An app holding two videos just added: one downloads, one cannot."""
    delete_all_inputs(session)
    add(session, MEDIA)
    return VIDEO, BROKEN


def _said(attempt: Attempt, input_id: str, what: str) -> str:
    """What the answer returned for `input_id`, and what GetInput answers for it now."""
    result = attempt.result[list(MEDIA).index(input_id)]
    now = names([input_status(attempt.session, input_id).code])
    return f"it returned {result!r} for {what} (GetInput now answers {now})"


def _ready(attempt: Attempt) -> str:
    return "" if attempt.result[0] is True else _said(attempt, VIDEO, "the video that downloads")


def _failed(attempt: Attempt) -> str:
    return "" if attempt.result[1] is False else _said(attempt, BROKEN, "the video whose URL answers nothing")


EXERCISE = Exercise(
    change="CL008",
    prepare=prepare,
    run=lambda answer, session, ids: tuple(answer(session, input_id) for input_id in ids),
    expectations=(
        Expectation(
            "a video that downloads is ready",
            _ready,
            "a finished video now answers 30000 (INPUT_SUCCESS), as images do: poll while the code is "
            "30001 or 30003 (INPUT_PENDING, INPUT_IN_PROGRESS), then compare with INPUT_SUCCESS "
            "(recipes.statuses.status_name compares names across the date).",
        ),
        Expectation(
            "a video whose download fails is not ready",
            _failed,
            "return True only for INPUT_SUCCESS: a failed download ends as INPUT_FAILED (30002).",
        ),
    ),
)
