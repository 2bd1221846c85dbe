"""CL015's app: the repository's five photographs, annotated and labelled with a `kind`."""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.struct_pb2 import Struct

from recipes import add_inputs, wait_for_inputs
from recipes.connect import Session

from . import IMAGES

KINDS = {"astronaut": "space", "camera": "people", "chelsea": "animal", "coffee": "food", "rocket": "space"}
CAT = "chelsea"  # the one photo of a cat


def photo_bytes(name: str) -> bytes:
    """The bytes of `data/images/<name>.jpg`."""
    return (IMAGES / f"{name}.jpg").read_bytes()


def photo(prefix: str, name: str, label: str) -> resources_pb2.Input:
    """A photo as an input `<prefix>-<name>`: its bytes, `label` annotated as present on the
    cat and absent on the others, and its `kind` in the metadata."""
    metadata = Struct()
    metadata.update({"kind": KINDS[name]})
    data = resources_pb2.Data(
        image=resources_pb2.Image(base64=photo_bytes(name)),
        concepts=[resources_pb2.Concept(id=label, value=1.0 if name == CAT else 0.0)],
        metadata=metadata,
    )
    return resources_pb2.Input(id=f"{prefix}-{name}", data=data)


def add_photos(session: Session, prefix: str, label: str) -> list[str]:
    """Add the five photos (see `photo`) and wait until they are downloaded; return their ids."""
    ids = add_inputs(session, [photo(prefix, name, label) for name in KINDS])
    wait_for_inputs(session, ids)
    return ids
