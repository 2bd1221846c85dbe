"""Inputs of an app as today's API keeps them: made pending, downloaded on the virtual clock,
shown with the status they have at a tick, patched by `emulator.patching`."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from clarifai_grpc.grpc.api import resources_pb2
from clarifai_grpc.grpc.api.status import status_pb2
from google.protobuf.descriptor import Descriptor
from google.protobuf.message import Message

from . import concepts, downloads, faults, hosted, images, patching
from .call import Call
from .statuses import ApiError, status
from .store import DOWNLOAD_TICKS, StoredInput


def render(
    call: Call, stored: StoredInput, into: resources_pb2.Input | None = None, *, keep: bool = True
) -> resources_pb2.Input:
    """The input of the call's app as a response shows it now: a copy with its current status,
    its media hosted (`emulator.hosted`: the bytes are never echoed); made in `into` (a
    response's own field, saving a copy) when given. `keep` False: the rendering is not kept
    for later reads (an input just added, which most often is not read again)."""
    return renderer(call, keep=keep)(stored, resources_pb2.Input() if into is None else into)


Renderer = Callable[[StoredInput, resources_pb2.Input], resources_pb2.Input]


def renderer(call: Call, *, keep: bool = True) -> Renderer:
    """What renders stored inputs into a response's fields as `render` does, the call's app,
    host and tick read once (for a page of inputs or hits).

    A rendering is a pure function of the input's bytes, where it is shown from (app, host) and
    its status, so it is kept serialized under those: reads of the same input (a page of search
    hits, again and again) parse it in one step. Inputs holding a map (a Struct's fields) are
    rendered each time, to stay out of the order a copy lists a map's entries in; so are large
    ones (their bytes).
    """
    app, now, host = call.app, call.now, call.store.data_host
    where = (app.user_id, app.id, host)
    if where not in _rendered and len(_rendered) >= KEPT_PLACES:
        _rendered.clear()
    kept = _rendered.setdefault(where, {})

    def render_into(stored: StoredInput, shown: resources_pb2.Input) -> resources_pb2.Input:
        name = stored.status_name(now)
        raw = stored.input.SerializeToString() if keep else b""
        key = None
        if 0 < len(raw) <= MAX_KEPT_BYTES:
            content = raw if len(raw) <= SMALL_BYTES else hashlib.sha256(raw).digest()
            key = (content, stored.public_s3, name, stored.failure)
            found = kept.get(key)
            if found is not None:
                shown.ParseFromString(found)
                return shown
        shown.CopyFrom(stored.input)
        hosted.show_hosted(shown, app.user_id, app.id, host, public_s3=stored.public_s3)
        shown.status.CopyFrom(_input_status(name))
        if name == "INPUT_FAILED":
            shown.status.details = stored.failure
        if key and not holds_map(stored.input):
            if len(kept) >= KEPT_SIZE:
                kept.clear()
            kept[key] = shown.SerializeToString()
        return shown

    return render_into


MAX_KEPT_BYTES = 64 * 1024  # inputs larger than this (image bytes) are rendered anew at each read
SMALL_BYTES = 4096  # inputs up to this size are kept by their bytes, larger ones by a digest of them
KEPT_SIZE = 4096  # renderings kept per app and host; forgotten all at once when full
KEPT_PLACES = 16  # apps (with their hosts) whose renderings are kept; forgotten all at once when more
_rendered: dict[tuple[str, str, str], dict[tuple, bytes]] = {}  # by (user, app, host), then input


def holds_map(message: Message) -> bool:
    """Whether `message` or a message inside it has a map field with entries."""
    for field, value in message.ListFields():
        if field.message_type is None or not _may_hold_map(field.message_type):
            continue
        if field.message_type.GetOptions().map_entry:
            return True
        items = value if field.is_repeated else (value,)
        if any(holds_map(item) for item in items):
            return True
    return False


@functools.cache
def _may_hold_map(descriptor: Descriptor) -> bool:
    """Whether a message of this type is a map entry or can hold a map at some depth."""
    pending, seen = [descriptor], set()
    while pending:
        current = pending.pop()
        if current.GetOptions().map_entry:
            return True
        if current.full_name not in seen:
            seen.add(current.full_name)
            pending += [field.message_type for field in current.fields if field.message_type is not None]
    return False


@functools.cache
def _input_status(name: str) -> status_pb2.Status:
    """The status an input shows in state `name` (copied into each response, never changed)."""
    return status(name)


def existing(call: Call, input_id: str) -> StoredInput:
    """The stored input `input_id` of the call's app; 11101 when there is none."""
    stored = call.app.inputs.get(input_id, call.now)
    if stored is None:
        raise ApiError("CONN_DOES_NOT_EXIST", "input-not-found", input_id=input_id)
    return stored


def _image_info(image_bytes: bytes, input_id: str) -> resources_pb2.ImageInfo:
    """Size, format and color mode of base64 image bytes; 30104 naming the input if undecodable."""
    try:
        return images.image_info(image_bytes)
    except images.ImageTooLarge as error:  # over the documented limits (tests/reliability/test_limits.py)
        raise ApiError("INPUT_INVALID_ARGUMENT", error.key, input_id=input_id, **error.values) from None
    except images.ImageError:
        raise ApiError("INPUT_INVALID_ARGUMENT", "bad-image", input_id=input_id) from None


def new_input(call: Call, given: resources_pb2.Input, taken: set[str]) -> StoredInput:
    """The input PostInputs keeps from `given` (not yet kept): pending, its image checked or its
    download started; 40010 DATABASE_DUPLICATE_KEY for an id in `taken` or in the app (the
    documented code of a duplicate id), 30104 for an input without data."""
    input_id = given.id or call.ids.hex32("input")
    if input_id in taken or call.app.inputs.has(input_id, call.now):
        raise ApiError("DATABASE_DUPLICATE_KEY", "duplicate-id", input_id=input_id)
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
    elif given.data.video.url:
        failure = _download_video(given.data.video.url, local=call.store.local_urls)
    stored.ClearField("status")
    now = call.timestamp()
    stored.created_at.CopyFrom(now)
    stored.modified_at.CopyFrom(now)
    return StoredInput(stored, created_tick=call.now, ready_tick=call.now + DOWNLOAD_TICKS, failure=failure)


@functools.lru_cache(maxsize=4096)
def _sample_info(url: str) -> resources_pb2.ImageInfo:
    """Size and format of a sample host's synthetic image: a pure function of the URL, so kept."""
    return images.image_info(downloads.fetch(url).content)


def _download_video(url: str, local: bool = True) -> str:
    """Fetch a URL video; return the failure's details, or "" (its frames are read when predicted)."""
    if downloads.is_sample(url):
        return ""
    if not local and downloads.is_local(url):
        return f"Failed to download {url}: this emulator does not fetch local URLs"
    return downloads.fetch(url).failure


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


def resolve_id(call: Call, given: resources_pb2.Input, taken: set[str]) -> resources_pb2.Input | None:
    """The input under the id it will get: a taken id is skipped (None) or suffixed when the
    request asks for it (`input_id_conflict_resolution`, provenance: input-id-conflicts)."""
    resolution = call.request.input_id_conflict_resolution
    free = given.id not in taken and not call.app.inputs.has(given.id, call.now)
    if not given.id or free or not resolution:
        return given
    if resolution == resources_pb2.SKIP:
        return None
    n = 1
    while f"{given.id}-{n}" in taken or call.app.inputs.has(f"{given.id}-{n}", call.now):
        n += 1
    renamed = resources_pb2.Input()
    renamed.CopyFrom(given)
    renamed.id = f"{given.id}-{n}"
    return renamed


def duplicate_url(call: Call, given: resources_pb2.Input, urls: set[str]) -> resources_pb2.Input | None:
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


MEDIA_FIELDS = ("image", "video", "audio", "text")  # the asset: no patch ever drops or replaces it


def patch_input(call: Call, stored: StoredInput, data: resources_pb2.Data, action: str) -> None:
    """Apply a PatchInputs `action` with `data` to a stored input (concepts told apart by id);
    `overwrite` replaces the data fields but keeps the input's media (clarifai-facts.md §4: the
    documented example loses `geo`, not the image)."""
    faults.point("patch an input")
    old_url = stored.input.data.image.url
    patching.apply(action, stored.input.data, data, keyed=("concepts",), fixed=MEDIA_FIELDS)
    call.app.inputs.url_changed(old_url, stored.input.data.image.url)
    concepts.register(call.app, stored.input.data.concepts, call.timestamp())
    stored.input.modified_at.CopyFrom(call.timestamp())
    call.app.inputs.changed(stored.input.id)
