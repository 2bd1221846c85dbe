"""CL006: mark a labelled input as reviewed now that `overwrite` replaces the whole data
(patch with `merge`, naming only what changes)."""

from __future__ import annotations

from recipes import delete_all_inputs
from recipes.connect import Session

from ..exercise import Attempt, Exercise, Expectation
from ..scaffolding.cl006 import LABELS, METADATA, add_labelled_photo, read_data

INPUT_ID = "cl006-photo"
IMAGE_URL = "https://samples.clarifai.com/dog2.jpeg"


def prepare(session: Session) -> str:
    """An app holding one photo with two labels, some metadata and a geo point."""
    delete_all_inputs(session)
    return add_labelled_photo(session, INPUT_ID, IMAGE_URL)


def _reviewed(attempt: Attempt) -> str:
    found = dict(read_data(attempt.session, attempt.fixture).metadata)
    return "" if found.get("reviewed") is True else f"its metadata has no reviewed: true ({found or 'none'})"


def _labels_kept(attempt: Attempt) -> str:
    found = sorted(c.id for c in read_data(attempt.session, attempt.fixture).concepts)
    if found == sorted(LABELS):
        return ""
    return (
        f"its concepts are now {', '.join(found) or 'none'}, not {', '.join(LABELS)}: the patch erased labels"
    )


def _rest_kept(attempt: Attempt) -> str:
    data = read_data(attempt.session, attempt.fixture)
    found = dict(data.metadata)
    lost = [f"metadata {key}" for key, value in METADATA.items() if found.get(key) != value]
    if not data.HasField("geo"):
        lost.append("the geo point")
    return "" if not lost else f"it lost {', '.join(lost)}: the patch replaced what it did not name"


EXERCISE = Exercise(
    change="CL006",
    prepare=prepare,
    run=lambda answer, session, input_id: answer(session, input_id),
    expectations=(
        Expectation(
            "the input is marked reviewed",
            _reviewed,
            'send a PATCH /inputs (PatchInputs) whose data carries the metadata {"reviewed": true}.',
        ),
        Expectation(
            f"its labels ({', '.join(LABELS)}) are kept",
            _labels_kept,
            '`overwrite` now replaces the whole data: send "action": "merge" with only what changes '
            "(recipes.patching.patch_inputs_merge).",
        ),
        Expectation(
            "its other metadata and its geo point are kept",
            _rest_kept,
            "with merge, the keys and fields the patch leaves out stay as they were.",
        ),
    ),
)
