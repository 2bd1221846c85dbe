"""Inputs: add, read, list, patch, count and delete, all asynchronous as today."""

from __future__ import annotations

import functools

from clarifai_grpc.grpc.api import resources_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2
from google.protobuf.message import Message

from .. import downloads, images
from ..call import Call
from ..statuses import ApiError, status
from ..store import DOWNLOAD_TICKS, StoredInput
from . import concepts, handles

MAX_BATCH = 128  # inputs per PostInputs and ids per DeleteInputs
DEFAULT_PER_PAGE = 128
MAX_PER_PAGE = 1000
PATCH_ACTIONS = ("merge", "remove", "overwrite")


def render(stored: StoredInput, now: int) -> resources_pb2.Input:
    """The input as a response shows it at tick `now`: a copy with its current status."""
    shown = resources_pb2.Input()
    shown.CopyFrom(stored.input)
    name = stored.status_name(now)
    shown.status.CopyFrom(status(name))
    if name == "INPUT_FAILED":
        shown.status.details = stored.failure
    return shown


def existing(call: Call, input_id: str) -> StoredInput:
    """The stored input `input_id` of the call's app; 11101 when there is none."""
    stored = call.app.inputs.get(input_id, call.now)
    if stored is None:
        raise ApiError("CONN_DOES_NOT_EXIST", "input-not-found", input_id=input_id)
    return stored


def page(call: Call, items: list) -> list:
    """The page of `items` that the request's `page` and `per_page` ask for."""
    number = call.request.page or 1
    size = call.request.per_page or DEFAULT_PER_PAGE
    if number < 1 or size < 1 or size > MAX_PER_PAGE:
        raise ApiError("CONN_INVALID_REQUEST", "bad-page", limit=MAX_PER_PAGE)
    return items[(number - 1) * size : number * size]


def _image_info(image_bytes: bytes, input_id: str) -> resources_pb2.ImageInfo:
    """Size, format and color mode of base64 image bytes; 30104 naming the input if undecodable."""
    try:
        return images.image_info(image_bytes)
    except images.ImageTooLarge as error:  # over the documented limits (tests/reliability/test_limits.py)
        raise ApiError("INPUT_INVALID_ARGUMENT", error.key, input_id=input_id, **error.values) from None
    except images.ImageError:
        raise ApiError("INPUT_INVALID_ARGUMENT", "bad-image", input_id=input_id) from None


def _new_input(call: Call, given: resources_pb2.Input, taken: set[str]) -> StoredInput:
    input_id = given.id or call.ids.hex32("input")
    if input_id in taken or input_id in call.app.inputs:
        raise ApiError("INPUT_INVALID_ARGUMENT", "duplicate-id", input_id=input_id)
    if given.data.ByteSize() == 0:
        raise ApiError("INPUT_INVALID_ARGUMENT", "no-data", input_id=input_id)
    taken.add(input_id)
    stored = resources_pb2.Input()
    stored.CopyFrom(given)
    stored.id = input_id
    failure = ""
    if given.data.image.base64:
        stored.data.image.image_info.CopyFrom(_image_info(given.data.image.base64, input_id))
    elif given.data.image.url:
        failure = _download_image(stored.data.image, local=call.store.local_urls)
    stored.ClearField("status")
    stored.created_at.CopyFrom(call.timestamp())
    stored.modified_at.CopyFrom(call.timestamp())
    return StoredInput(stored, created_tick=call.now, ready_tick=call.now + DOWNLOAD_TICKS, failure=failure)


@functools.lru_cache(maxsize=4096)
def _sample_info(url: str) -> resources_pb2.ImageInfo:
    """Size and format of a sample host's synthetic image: a pure function of the URL, so kept."""
    return images.image_info(downloads.fetch(url).content)


def _download_image(image: resources_pb2.Image, local: bool = True) -> str:
    """Fetch a URL image and record its size; return the failure's details, or "".

    `local` False (a shared emulator) refuses files and URLs of this machine or its network.
    """
    if downloads.is_sample(image.url):
        image.image_info.CopyFrom(_sample_info(image.url))
        return ""
    if not local and downloads.is_local(image.url):
        return f"Failed to download {image.url}: this emulator does not fetch local URLs"
    fetched = downloads.fetch(image.url)
    if fetched.failure:
        return fetched.failure
    try:
        image.image_info.CopyFrom(images.image_info(fetched.content))
    except images.ImageError:
        return f"{image.url} is not an image that can be decoded"
    return ""


def _resolve_id(call: Call, given: resources_pb2.Input, taken: set[str]) -> resources_pb2.Input | None:
    """The input under the id it will get: a taken id is skipped (None) or suffixed when the
    request asks for it (`input_id_conflict_resolution`, provenance: input-id-conflicts)."""
    resolution = call.request.input_id_conflict_resolution
    if not given.id or (given.id not in taken and given.id not in call.app.inputs) or not resolution:
        return given
    if resolution == resources_pb2.SKIP:
        return None
    n = 1
    while f"{given.id}-{n}" in taken or f"{given.id}-{n}" in call.app.inputs:
        n += 1
    renamed = resources_pb2.Input()
    renamed.CopyFrom(given)
    renamed.id = f"{given.id}-{n}"
    return renamed


def _duplicate_url(call: Call, given: resources_pb2.Input, urls: set[str]) -> resources_pb2.Input | None:
    """The input refused with 30100 when its image URL is already in the app (or earlier in the
    request) and it does not allow duplicates; else None (provenance: duplicate-urls)."""
    image = given.data.image
    if not image.url or image.allow_duplicate_url:
        return None
    if image.url not in urls and not call.app.inputs.has_url(image.url, call.now):
        return None
    refused = resources_pb2.Input(id=given.id or call.ids.hex32("input"), data=given.data)
    refused.status.CopyFrom(status("INPUT_DUPLICATE", "duplicate-url", url=image.url[:200]))
    return refused


@handles("PostInputs")
def post_inputs(call: Call) -> Message:
    """Accept up to 128 inputs; they start pending and download on the virtual clock.

    An image URL already in the app is refused per input with 30100 (unless the image allows
    duplicates); the others are added: top level MIXED_STATUS, or FAILURE when none is."""
    given = call.request.inputs
    if not given:
        raise ApiError("CONN_INVALID_REQUEST", "no-inputs")
    if len(given) > MAX_BATCH:
        raise ApiError("CONN_INVALID_REQUEST", "too-many-inputs", limit=MAX_BATCH, count=len(given))
    taken: set[str] = set()
    urls: set[str] = set()
    answers: list[StoredInput | resources_pb2.Input] = []
    for item in given:  # validate all before keeping any
        resolved = _resolve_id(call, item, taken)
        if resolved is None:
            continue
        refused = _duplicate_url(call, resolved, urls)
        answers.append(refused or _new_input(call, resolved, taken))
        if refused is None and resolved.data.image.url:
            urls.add(resolved.data.image.url)
    kept = [answer for answer in answers if isinstance(answer, StoredInput)]
    for stored in kept:
        call.app.inputs.add(stored)
        concepts.register(call.app, stored.input.data.concepts, stored.input.created_at)
    shown = [render(a, call.now) if isinstance(a, StoredInput) else a for a in answers]
    if len(kept) == len(answers):
        return call.ok(inputs=shown)
    return call.rpc.response_class(status=status("MIXED_STATUS" if kept else "FAILURE"), inputs=shown)


@handles("GetInput")
def get_input(call: Call) -> Message:
    """One input with its current status."""
    return call.ok(input=render(existing(call, call.request.input_id), call.now))


@handles("ListInputs")
def list_inputs(call: Call) -> Message:
    """Inputs newest first, optionally only some ids or one status, one page at a time."""
    items = call.app.inputs.all(call.now)
    wanted = set(call.request.ids)
    if wanted:
        items = [s for s in items if s.input.id in wanted]
    code = call.request.status.code
    if code:
        items = [s for s in items if status_code_pb2.StatusCode.Value(s.status_name(call.now)) == code]
    return call.ok(inputs=[render(s, call.now) for s in page(call, items)])  # render one page only


@handles("DeleteInput")
def delete_input(call: Call) -> Message:
    """Start deleting one input; it stays readable until the delete finishes."""
    existing(call, call.request.input_id)
    call.app.inputs.delete([call.request.input_id], call.now)
    return call.ok()


@handles("DeleteInputs")
def delete_inputs(call: Call) -> Message:
    """Start deleting up to 128 inputs by id."""
    ids = list(call.request.ids)
    if not ids:
        raise ApiError("CONN_INVALID_REQUEST", "no-ids")
    if len(ids) > MAX_BATCH:
        raise ApiError("CONN_INVALID_REQUEST", "too-many-ids", limit=MAX_BATCH, count=len(ids))
    call.app.inputs.delete(ids, call.now)
    return call.ok()


def _merge(data: resources_pb2.Data, patch: resources_pb2.Data) -> None:
    concepts = {c.id: c for c in data.concepts}
    for concept in patch.concepts:
        if concept.id in concepts:
            concepts[concept.id].CopyFrom(concept)
        else:
            data.concepts.append(concept)
    data.metadata.update(patch.metadata)
    rest = resources_pb2.Data()
    rest.CopyFrom(patch)
    rest.ClearField("concepts")
    rest.ClearField("metadata")
    data.MergeFrom(rest)


def _remove(data: resources_pb2.Data, patch: resources_pb2.Data) -> None:
    gone = {c.id for c in patch.concepts}
    kept = [c for c in data.concepts if c.id not in gone]
    del data.concepts[:]
    data.concepts.extend(kept)
    for key in patch.metadata:
        if key in data.metadata:
            del data.metadata[key]


def _overwrite(data: resources_pb2.Data, patch: resources_pb2.Data) -> None:
    data.CopyFrom(patch)


PATCHERS = {"merge": _merge, "remove": _remove, "overwrite": _overwrite}


@handles("PatchInputs")
def patch_inputs(call: Call) -> Message:
    """Change inputs' data: `merge` adds and updates, `remove` deletes, `overwrite` replaces."""
    action = call.request.action
    if action not in PATCH_ACTIONS:
        raise ApiError("CONN_INVALID_REQUEST", "bad-action", action=action)
    targets = [existing(call, item.id) for item in call.request.inputs]  # all exist, or none change
    shown = []
    for stored, item in zip(targets, call.request.inputs, strict=True):
        old_url = stored.input.data.image.url
        PATCHERS[action](stored.input.data, item.data)
        call.app.inputs.url_changed(old_url, stored.input.data.image.url)
        concepts.register(call.app, stored.input.data.concepts, call.timestamp())
        stored.input.modified_at.CopyFrom(call.timestamp())
        patched = render(stored, call.now)
        patched.status.CopyFrom(status("INPUT_MODIFY_SUCCESS"))
        shown.append(patched)
    return call.ok(inputs=shown)


@handles("GetInputCount")
def get_input_count(call: Call) -> Message:
    """How many inputs of the app are processed, to process, processing, or failed."""
    names = [s.status_name(call.now) for s in call.app.inputs.all(call.now)]
    counts = resources_pb2.InputCount(
        processed=names.count("INPUT_SUCCESS"),
        to_process=names.count("INPUT_PENDING"),
        processing=names.count("INPUT_IN_PROGRESS"),
        errors=names.count("INPUT_FAILED"),
    )
    return call.ok(counts=counts)
