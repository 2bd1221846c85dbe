"""Annotations: ListAnnotations, PostAnnotations and PatchAnnotations.

What an input's annotations are lives in `emulator.annotations`: its own input-level
annotation (its concepts) and the region annotations PostAnnotations added. Masks, polygons
and other annotation data are not emulated: they are refused naming the field.
"""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from .. import concepts, patching
from ..annotations import Annotations, annotation_id, own
from ..call import Call
from ..inputs import existing
from ..paging import page
from ..statuses import ApiError, status
from ..store import StoredInput
from . import handles


@handles("ListAnnotations")
def list_annotations(call: Call) -> Message:
    """The app's annotations (inputs labelled with concepts, and region annotations), newest
    input first, optionally only some annotation ids or input ids."""
    request = call.request
    ids, input_ids = set(request.ids), set(request.input_ids)
    found, of_input = [], Annotations(call.app).of_input
    for stored in call.app.inputs.all(call.now):
        if input_ids and stored.input.id not in input_ids:
            continue
        found.extend(a for a in of_input(stored) if not ids or a.id in ids)
    return call.ok(annotations=page(call, found))


_ANNOTATION_FIELDS = ("id", "input_id", "data", "input_level", "user_id")


def _refuse(field: str) -> ApiError:
    return ApiError("ANNOTATION_INVALID_ARGUMENT", "annotation-unsupported", field=field)


def _check_concepts(data: resources_pb2.Data, index: int) -> None:
    if not data.concepts:
        raise ApiError("ANNOTATION_INVALID_ARGUMENT", "annotation-no-concepts", index=index)
    if any(not concept.id for concept in data.concepts):
        raise ApiError("ANNOTATION_INVALID_ARGUMENT", "annotation-concept-id", index=index)


def _check_region(region: resources_pb2.Region, where: str, index: int) -> None:
    """A region is a bounding box labelled with concepts; 24155 naming anything else."""
    for field, _ in region.ListFields():
        if field.name not in ("id", "region_info", "data"):
            raise _refuse(f"{where}.{field.name}")
    for field, _ in region.region_info.ListFields():
        if field.name != "bounding_box":
            raise _refuse(f"{where}.region_info.{field.name}")
    for field, _ in region.data.ListFields():
        if field.name != "concepts":
            raise _refuse(f"{where}.data.{field.name}")
    _check_concepts(region.data, index)


def _check(given: resources_pb2.Annotation, index: int, regions: bool = False) -> None:
    """Image-level concepts (and, when `regions`, bounding-box regions of concepts) can be
    annotated; 24155 naming anything else."""
    for field, _ in given.ListFields():
        if field.name not in _ANNOTATION_FIELDS:
            raise _refuse(f"[{index}].{field.name}")
    allowed = ("concepts", "regions") if regions else ("concepts",)
    for field, _ in given.data.ListFields():
        if field.name not in allowed:
            raise _refuse(f"[{index}].data.{field.name}")
    if given.data.regions and given.data.concepts:
        raise _refuse(f"[{index}].data.concepts")  # one annotation: the input's own, or regions
    for number, region in enumerate(given.data.regions):
        _check_region(region, f"[{index}].data.regions[{number}]", index)
    if not given.data.regions:
        _check_concepts(given.data, index)


def _add_regions(
    call: Call, stored: StoredInput, given: resources_pb2.Annotation
) -> resources_pb2.Annotation:
    """A new region annotation of the input, with generated ids."""
    made = resources_pb2.Annotation(
        id=call.ids.hex32("annotation"),
        input_id=stored.input.id,
        user_id=call.app.user_id,
        status=status("ANNOTATION_SUCCESS"),
        created_at=call.timestamp(),
        modified_at=call.timestamp(),
    )
    for region in given.data.regions:
        kept = made.data.regions.add()
        kept.CopyFrom(region)
        kept.id = region.id or call.ids.hex32("region")
        concepts.register(call.app, kept.data.concepts, call.timestamp())
    call.app.add_region_annotation(made)
    shown = resources_pb2.Annotation()
    shown.CopyFrom(made)
    return shown


def _label(call: Call, stored: StoredInput, given: resources_pb2.Annotation) -> resources_pb2.Annotation:
    """The input's own annotation after `given`'s concepts join it (or update it, by id)."""
    labels = {concept.id: concept for concept in stored.input.data.concepts}
    for concept in given.data.concepts:
        if concept.id in labels:
            labels[concept.id].CopyFrom(concept)
        else:
            stored.input.data.concepts.append(concept)
    concepts.register(call.app, stored.input.data.concepts, call.timestamp())
    call.app.inputs.changed(stored.input.id)
    stored.input.modified_at.CopyFrom(call.timestamp())
    return own(call.app, stored)


@handles("PostAnnotations")
def post_annotations(call: Call) -> Message:
    """Label inputs: an annotation's concepts join (or update, by id) the input's own
    annotation; an annotation of regions is a new annotation. Every input must exist, or
    nothing changes."""
    given = list(call.request.annotations)
    if not given:
        raise ApiError("CONN_INVALID_REQUEST", "no-annotations")
    for index, annotation in enumerate(given):
        _check(annotation, index, regions=True)
    targets = [existing(call, annotation.input_id) for annotation in given]
    made = [
        (_add_regions if annotation.data.regions else _label)(call, stored, annotation)
        for stored, annotation in zip(targets, given, strict=True)
    ]
    return call.ok(annotations=made)


def _patch_target(call: Call, given: resources_pb2.Annotation) -> StoredInput:
    """The input whose own annotation `given` names (by id, and by input id when given)."""
    if given.input_id:
        stored = existing(call, given.input_id)
        if not given.id or given.id == annotation_id(given.input_id):
            return stored
    else:
        found = (s for s in call.app.inputs.all(call.now) if annotation_id(s.input.id) == given.id)
        stored = next(found, None)
        if stored is not None:
            return stored
    raise ApiError("CONN_DOES_NOT_EXIST", "annotation-not-found", annotation_id=given.id)


@handles("PatchAnnotations")
def patch_annotations(call: Call) -> Message:
    """Change annotations by id with `emulator.patching`'s actions on their concepts: `merge`
    adds or updates concepts by id, `remove` drops them, `overwrite` replaces them. Every
    annotation must exist, or nothing changes."""
    action = patching.check_action(call.request.action)
    given = list(call.request.annotations)
    if not given:
        raise ApiError("CONN_INVALID_REQUEST", "no-annotations")
    for index, annotation in enumerate(given):
        _check(annotation, index)
    targets = [_patch_target(call, annotation) for annotation in given]
    for stored, annotation in zip(targets, given, strict=True):
        data = resources_pb2.Data(concepts=stored.input.data.concepts)
        patching.apply(action, data, annotation.data, keyed=("concepts",))
        del stored.input.data.concepts[:]
        stored.input.data.concepts.extend(data.concepts)
        concepts.register(call.app, stored.input.data.concepts, call.timestamp())
        stored.input.modified_at.CopyFrom(call.timestamp())
        call.app.inputs.changed(stored.input.id)
    return call.ok(annotations=[own(call.app, stored) for stored in targets])
