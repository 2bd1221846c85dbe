"""The inputs of search hits as responses show them, rendered once per content, host and status.

Searches answer the same inputs again and again, a page of hits per request. A hit's input is
what `inputs.render` shows: a pure function of the stored input's bytes, the app and host it is
shown from and its status. So the rendered input is kept serialized under those, and a hit
parses it in one step instead of rendering it again (hashing the input, copying its hosted copy
and its status). Inputs holding a map (a Struct's fields) are rendered each time, to stay out of
the order a copy lists a map's entries in, and so are large ones (their bytes).
"""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from .call import Call
from .inputs import render
from .store import StoredInput

MAX_KEPT_BYTES = 4096  # stored inputs larger than this (serialized) are rendered at each hit
KEPT_SIZE = 16_384  # rendered inputs kept; forgotten all at once when full
_RENDER_EACH_TIME = b""  # kept for an input holding a map: no serialized form is kept
_rendered: dict[tuple, bytes] = {}


def render_hit_input(call: Call, stored: StoredInput, into: resources_pb2.Input) -> None:
    """Show the stored input in `into`, an empty hit's input, as `inputs.render` shows it."""
    raw = stored.input.SerializeToString()
    if len(raw) > MAX_KEPT_BYTES:
        render(call, stored, into)
        return
    app = call.app
    status_name = stored.status_name(call.now)
    key = (raw, app.user_id, app.id, call.store.data_host, stored.public_s3, status_name, stored.failure)
    kept = _rendered.get(key)
    if kept:
        into.MergeFromString(kept)
        return
    render(call, stored, into)
    if kept is None:
        if len(_rendered) >= KEPT_SIZE:
            _rendered.clear()
        _rendered[key] = _RENDER_EACH_TIME if holds_map(into) else into.SerializeToString()


def holds_map(message: Message) -> bool:
    """Whether `message` or a message inside it has a map field with entries."""
    for field, value in message.ListFields():
        if field.message_type is None:
            continue
        if field.message_type.GetOptions().map_entry:
            return True
        items = value if field.is_repeated else (value,)
        if any(holds_map(item) for item in items):
            return True
    return False
