"""Inputs: add, read, list, patch, count and delete, all asynchronous as today (`emulator.inputs`)."""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2
from google.protobuf.message import Message

from .. import concepts
from ..call import Call
from ..inputs import duplicate_url, existing, new_input, patch_input, render, renderer, resolve_id
from ..paging import page
from ..patching import check_action
from ..statuses import ApiError, status
from ..store import StoredInput
from . import handles

MAX_BATCH = 128  # inputs per PostInputs and ids per DeleteInputs


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
        resolved = resolve_id(call, item, taken)
        if resolved is None:
            continue
        refused = duplicate_url(call, resolved, urls)
        answers.append(refused or new_input(call, resolved, taken))
        if refused is None and resolved.data.image.url:
            urls.add(resolved.data.image.url)
    kept = [answer for answer in answers if isinstance(answer, StoredInput)]
    for stored in kept:
        call.app.inputs.add(stored)
        concepts.register(call.app, stored.input.data.concepts, stored.input.created_at)
    if len(kept) == len(answers):
        response = call.ok()
    else:
        response = call.rpc.response_class(status=status("MIXED_STATUS" if kept else "FAILURE"))
    for answer in answers:  # made in the response's own field
        if isinstance(answer, StoredInput):
            render(call, answer, into=response.inputs.add(), keep=False)
        else:
            response.inputs.add().CopyFrom(answer)
    return response


@handles("GetInput")
def get_input(call: Call) -> Message:
    """One input with its current status."""
    stored = existing(call, call.request.input_id)
    response = call.ok()
    render(call, stored, into=response.input)
    return response


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
    response = call.ok()
    add, render_into = response.inputs.add, renderer(call)
    for stored in page(call, items):  # render one page only, into the response
        render_into(stored, add())
    return response


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


@handles("PatchInputs")
def patch_inputs(call: Call) -> Message:
    """Change inputs' data: `merge` adds and updates, `remove` deletes, `overwrite` replaces."""
    action = check_action(call.request.action, default="")  # no default action for inputs
    targets = [existing(call, item.id) for item in call.request.inputs]  # all exist, or none change
    shown = []
    for stored, item in zip(targets, call.request.inputs, strict=True):
        patch_input(call, stored, item.data, action)
        patched = render(call, stored)
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
