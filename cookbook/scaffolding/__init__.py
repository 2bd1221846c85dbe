"""What the notebooks and exercises set up that is not the lesson: an app filled with samples.

A notebook whose setup needs more has a module of its own here, named after its change (`cl004.py`).
"""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2

from recipes import add_inputs, wait_for_inputs
from recipes.connect import Session

from ..catalog import ROOT

IMAGES = ROOT / "data" / "images"  # the photos the project ships (data/README.md says what each shows)
SAMPLE_URL = "https://samples.clarifai.com/cookbook/{prefix}-{n}.jpg"  # the emulator makes up their bytes


def add_sample_images(session: Session, prefix: str, count: int) -> list[str]:
    """Add `count` image inputs with ids `<prefix>-NNNN` (by URL, in batches of 128) and wait
    until they are downloaded; return their ids."""
    images = [
        resources_pb2.Input(
            id=f"{prefix}-{n:04d}",
            data=resources_pb2.Data(image=resources_pb2.Image(url=SAMPLE_URL.format(prefix=prefix, n=n))),
        )
        for n in range(count)
    ]
    ids = add_inputs(session, images)
    wait_for_inputs(session, ids)
    return ids
