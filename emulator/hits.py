"""Search hits as responses show them: the app's ids and the input, rendered once per content,
host and status.

Searches answer the same inputs again and again, a page of hits per request. A hit's input is
what `inputs.render` shows: a pure function of the stored input's bytes, the app and host it is
shown from and its status. So the hit (without its score) is kept serialized under those, and
parsed in one step instead of rendered again (hashing the input, copying its hosted copy and
its status). Inputs holding a map (a Struct's fields) are rendered each time, to stay out of
the order a copy lists a map's entries in, and so are large ones (their bytes).
"""

from __future__ import annotations

from collections.abc import Callable

from clarifai_grpc.grpc.api import resources_pb2

from .call import Call
from .inputs import holds_map, render
from .store import StoredInput

MAX_KEPT_BYTES = 4096  # stored inputs larger than this (serialized) are rendered at each hit
KEPT_SIZE = 4096  # hits kept per app and host; forgotten all at once when full
KEPT_APPS = 16  # apps (and hosts) whose hits are kept; forgotten all at once when more
_RENDER_EACH_TIME = b""  # kept for an input holding a map (and taken for a large one): rendered each time
_rendered: dict[tuple[str, str, str], dict[tuple, bytes]] = {}  # hits by (user, app, host), then input


def hit_renderer(call: Call) -> Callable[[resources_pb2.Hit, StoredInput], None]:
    """What fills an empty hit with the call's app and a stored input, shown as `inputs.render`
    shows it in this call (the app, host and tick read once per response); the caller sets the
    score."""
    app, now = call.app, call.now
    where = (app.user_id, app.id, call.store.data_host)
    if where not in _rendered and len(_rendered) >= KEPT_APPS:
        _rendered.clear()
    kept = _rendered.setdefault(where, {})

    def fill(hit: resources_pb2.Hit, stored: StoredInput) -> None:
        raw = stored.input.SerializeToString()
        key = (raw, stored.public_s3, stored.status_name(now), stored.failure)
        shown = kept.get(key) if len(raw) <= MAX_KEPT_BYTES else _RENDER_EACH_TIME
        if shown:
            hit.MergeFromString(shown)
            return
        hit.user_id, hit.app_id = app.user_id, app.id
        render(call, stored, hit.input)
        if shown is None:
            if len(kept) >= KEPT_SIZE:
                kept.clear()
            kept[key] = _RENDER_EACH_TIME if holds_map(hit) else hit.SerializeToString()

    return fill
