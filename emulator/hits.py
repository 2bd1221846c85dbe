"""The inputs of search hits as responses show them, rendered once per content, host and status.

Searches answer the same inputs again and again, a page of hits per request. A hit's input is
what `inputs.render` shows: a pure function of the stored input's bytes, the app and host it is
shown from and its status. So the rendered input is kept serialized under those, and a hit
parses it in one step instead of rendering it again (hashing the input, copying its hosted copy
and its status). Inputs holding a map (a Struct's fields) are rendered each time, to stay out of
the order a copy lists a map's entries in, and so are large ones (their bytes).
"""

from __future__ import annotations

from collections.abc import Callable

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from .call import Call
from .inputs import render
from .store import StoredInput

MAX_KEPT_BYTES = 4096  # stored inputs larger than this (serialized) are rendered at each hit
KEPT_SIZE = 4096  # rendered inputs kept per app and host; forgotten all at once when full
KEPT_APPS = 16  # apps (and hosts) whose rendered inputs are kept; forgotten all at once when more
_RENDER_EACH_TIME = b""  # kept for an input holding a map: no serialized form is kept
_rendered: dict[tuple[str, str, str], dict[tuple, bytes]] = {}  # by (user, app, host), then input


def hit_renderer(call: Call) -> Callable[[StoredInput, resources_pb2.Input], None]:
    """What shows a stored input in an empty hit's input (`into`) as `inputs.render` shows it
    in this call (its app, host and tick, read once per response)."""
    app, now = call.app, call.now
    where = (app.user_id, app.id, call.store.data_host)
    if where not in _rendered and len(_rendered) >= KEPT_APPS:
        _rendered.clear()
    kept = _rendered.setdefault(where, {})

    def render_into(stored: StoredInput, into: resources_pb2.Input) -> None:
        raw = stored.input.SerializeToString()
        if len(raw) > MAX_KEPT_BYTES:
            render(call, stored, into)
            return
        key = (raw, stored.public_s3, stored.status_name(now), stored.failure)
        shown = kept.get(key)
        if shown:
            into.MergeFromString(shown)
            return
        render(call, stored, into)
        if shown is None:
            if len(kept) >= KEPT_SIZE:
                kept.clear()
            kept[key] = _RENDER_EACH_TIME if holds_map(into) else into.SerializeToString()

    return render_into


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
