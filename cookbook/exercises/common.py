"""What several exercises prepare or look at."""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2

from recipes import add_inputs, delete_all_inputs, wait_for_inputs
from recipes.connect import Session
from recipes.inputs import list_input_ids

SAMPLE_URL = "https://samples.clarifai.com/cookbook/exercise-{prefix}-{n}.jpg"


def image_inputs(session: Session, prefix: str, count: int) -> list[str]:
    """Empty the app, add `count` image inputs with ids `<prefix>-NNN` and wait until they
    are downloaded: each check starts from the same app, whatever an earlier one left."""
    delete_all_inputs(session)
    images = [
        resources_pb2.Input(
            id=f"{prefix}-{n:03d}",
            data=resources_pb2.Data(image=resources_pb2.Image(url=SAMPLE_URL.format(prefix=prefix, n=n))),
        )
        for n in range(count)
    ]
    ids = add_inputs(session, images)
    wait_for_inputs(session, ids)
    return ids


def still_there(session: Session, ids: list[str]) -> list[str]:
    """Which of `ids` the app still lists."""
    wanted = set(ids)
    return [found for found in list_input_ids(session) if found in wanted]


def plural(count: int, noun: str) -> str:
    """`1 input`, `2 inputs`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
