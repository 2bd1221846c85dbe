"""What several exercises prepare or look at."""

from __future__ import annotations

from recipes import delete_all_inputs
from recipes.connect import Session
from recipes.inputs import list_input_ids

from ..scaffolding import add_sample_images


def fresh_images(session: Session, prefix: str, count: int) -> list[str]:
    """Empty the app, then add `count` sample images: each check starts from the same app,
    whatever an earlier one left."""
    delete_all_inputs(session)
    return add_sample_images(session, prefix, count)


def still_there(session: Session, ids: list[str]) -> list[str]:
    """Which of `ids` the app still lists."""
    wanted = set(ids)
    return [found for found in list_input_ids(session) if found in wanted]
