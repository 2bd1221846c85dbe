"""Image-level annotations: ListAnnotations and PostAnnotations.

The emulator keeps one input-level annotation per input: the concepts the input was added,
patched or annotated with (`data.concepts`), under an id derived from the input id, the same
one PostAnnotationsSearches shows (provenance: annotations). Regions, masks and other
annotation data are not emulated: they are refused naming the field.
"""

from __future__ import annotations

import hashlib

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from .. import concepts
from ..call import Call
from ..inputs import existing
from ..paging import page
from ..statuses import ApiError, status
from ..store import App, StoredInput
from . import handles


def annotation_id(input_id: str) -> str:
    """The id of an input's own annotation (as `handlers.searches` shows it)."""
    return hashlib.sha256(f"input|{input_id}".encode()).hexdigest()[:32]


def render(app: App, stored: StoredInput) -> resources_pb2.Annotation:
    """The input-level annotation of an input: its concepts."""
    item = stored.input
    annotation = resources_pb2.Annotation(
        id=annotation_id(item.id),
        input_id=item.id,
        user_id=app.user_id,
        input_level=True,
        status=status("ANNOTATION_SUCCESS"),
        created_at=item.created_at,
        modified_at=item.modified_at,
    )
    annotation.data.concepts.extend(item.data.concepts)
    return annotation


@handles("ListAnnotations")
def list_annotations(call: Call) -> Message:
    """The app's annotations (inputs labelled with concepts), newest input first, optionally
    only some annotation ids or input ids."""
    request = call.request
    ids, input_ids = set(request.ids), set(request.input_ids)
    found = []
    for stored in call.app.inputs.all(call.now):
        if not stored.input.data.concepts or (input_ids and stored.input.id not in input_ids):
            continue
        if ids and annotation_id(stored.input.id) not in ids:
            continue
        found.append(stored)
    return call.ok(annotations=[render(call.app, stored) for stored in page(call, found)])


def _check(given: resources_pb2.Annotation, index: int) -> None:
    """Only image-level concepts can be annotated; 24155 naming anything else."""
    for field, _ in given.ListFields():
        if field.name not in ("id", "input_id", "data", "input_level", "user_id"):
            raise ApiError(
                "ANNOTATION_INVALID_ARGUMENT", "annotation-unsupported", field=f"[{index}].{field.name}"
            )
    for field, _ in given.data.ListFields():
        if field.name != "concepts":
            raise ApiError(
                "ANNOTATION_INVALID_ARGUMENT", "annotation-unsupported", field=f"[{index}].data.{field.name}"
            )
    if not given.data.concepts:
        raise ApiError("ANNOTATION_INVALID_ARGUMENT", "annotation-no-concepts", index=index)
    if any(not concept.id for concept in given.data.concepts):
        raise ApiError("ANNOTATION_INVALID_ARGUMENT", "annotation-concept-id", index=index)


@handles("PostAnnotations")
def post_annotations(call: Call) -> Message:
    """Label inputs with concepts: each annotation's concepts join (or update, by id) the
    input's own annotation. Every input must exist, or nothing changes."""
    given = list(call.request.annotations)
    if not given:
        raise ApiError("CONN_INVALID_REQUEST", "no-annotations")
    for index, annotation in enumerate(given):
        _check(annotation, index)
    targets = [existing(call, annotation.input_id) for annotation in given]
    for stored, annotation in zip(targets, given, strict=True):
        labels = {concept.id: concept for concept in stored.input.data.concepts}
        for concept in annotation.data.concepts:
            if concept.id in labels:
                labels[concept.id].CopyFrom(concept)
            else:
                stored.input.data.concepts.append(concept)
        concepts.register(call.app, stored.input.data.concepts, call.timestamp())
        stored.input.modified_at.CopyFrom(call.timestamp())
    return call.ok(annotations=[render(call.app, stored) for stored in targets])
