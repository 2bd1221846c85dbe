"""CL005: tell a sharp photo from a blurred one now that the Focus model is gone (measure on
the client: no model answers `data.focus` any more)."""

from __future__ import annotations

from recipes.connect import Session
from recipes.images import blurred

from ..exercise import Attempt, Exercise, Expectation
from ..scaffolding import IMAGES

IMAGE = IMAGES / "astronaut.jpg"
BLUR_RADIUS = 3.0


def prepare(session: Session) -> tuple[bytes, bytes]:
    """A sharp photo and a blurred copy of it (nothing in the app: the answer judges images)."""
    sharp = IMAGE.read_bytes()
    return sharp, blurred(sharp, BLUR_RADIUS)


def _sharp_kept(attempt: Attempt) -> str:
    said = attempt.result[0]
    return "" if said else f"it returned {said!r} for the sharp photo ({IMAGE.name})"


def _blurred_rejected(attempt: Attempt) -> str:
    said = attempt.result[1]
    if said is not None and not said:
        return ""
    return f"it returned {said!r} for the copy blurred by {BLUR_RADIUS:g} px"


EXERCISE = Exercise(
    change="CL005",
    prepare=prepare,
    run=lambda answer, session, images: tuple(answer(session, image) for image in images),
    expectations=(
        Expectation(
            "the sharp photo is kept",
            _sharp_kept,
            "the Focus model is gone and no model replaces it: measure on your side, e.g. "
            "recipes.images.sharpness(image_bytes) > a threshold chosen on your own images.",
        ),
        Expectation(
            "the blurred copy is rejected",
            _blurred_rejected,
            "pick a threshold between the two scores sharpness() gives them.",
        ),
    ),
)
