"""CL001: upload through the maintenance window: every image in, once, under its own id.

CL001 is not a change of the API but a day of it: the database upgrade of 2019-09-11, during
which input calls failed (the emulator plays it on that day, `emulator.changes.cl001_*`). The
day after, nothing is down, so the check runs the answer as of the maintenance day itself,
and counts what it left in the app through the session it is given (the API up again).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from cookbook.catalog import load, select
from cookbook.exercise import Attempt, Exercise, Expectation
from cookbook.scaffolding.cl001 import PREFIX, Tally
from recipes import delete_all_inputs
from recipes.connect import Session

from ..text import plural

IMAGES = 10  # more single calls than the API is ever up in a row that day (8), as the 2.x snippet
RUN = "exercise"


def _prepare(session: Session) -> dict[str, str]:
    """An empty app; the images to upload, by the id each should get."""
    delete_all_inputs(session)
    return {f"cl001-ex-{n:02d}": f"{PREFIX}/{RUN}/{n}.jpg" for n in range(IMAGES)}


def _run(answer: Callable, session: Session, images: dict[str, str]) -> object:
    (change,) = select(load(), ["CL001"])
    return answer(session.as_of(change.date), dict(images))


def _listed(attempt: Attempt) -> list[tuple[str, str]]:
    return Tally(attempt.session).inputs()


def _all_in(attempt: Attempt) -> str:
    urls = {url for _, url in _listed(attempt)}
    missing = [url for url in attempt.fixture.values() if url not in urls]
    if not missing:
        return ""
    return f"{plural(len(missing), 'image')} of {IMAGES} not in the app: the upload gave up at the outage"


def _once(attempt: Attempt) -> str:
    counts = Counter(url for _, url in _listed(attempt))
    twice = sum(1 for url in attempt.fixture.values() if counts[url] > 1)
    if not twice:
        return ""
    return f"{plural(twice, 'image')} in the app twice: a retry added again an image whose answer was lost"


def _own_ids(attempt: Attempt) -> str:
    wanted = {url: input_id for input_id, url in attempt.fixture.items()}
    wrong = sorted(input_id for input_id, url in _listed(attempt) if wanted.get(url) != input_id)
    if not wrong:
        return ""
    return f"{plural(len(wrong), 'input')} not under the id given ({wrong[0]}, ...)"


EXERCISE = Exercise(
    change="CL001",
    prepare=_prepare,
    run=_run,
    expectations=(
        Expectation(
            "every image is in the app",
            _all_in,
            "retry a call that met the outage (HTTP 503 / gRPC UNAVAILABLE, or the status 39997, 39998, "
            "40031) after a wait that grows each time, many times, instead of giving up.",
        ),
        Expectation(
            "each image is in once",
            _once,
            "send each image under its id: a repeat is then refused with 40010 DATABASE_DUPLICATE_KEY "
            "instead of adding it twice.",
        ),
        Expectation(
            "each under the id it was given",
            _own_ids,
            "set each input's id to its key in `images`.",
        ),
    ),
)
