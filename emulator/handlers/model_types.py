"""Model types: ListModelTypes and GetModelType, with today's type ids (`emulator.model_types`)."""

from __future__ import annotations

from google.protobuf.message import Message

from ..call import Call
from ..model_types import find_type, today_types
from ..paging import page
from . import handles


@handles("ListModelTypes")
def list_model_types(call: Call) -> Message:
    """Every model type, by id, one page at a time."""
    return call.ok(model_types=page(call, today_types()))


@handles("GetModelType")
def get_model_type(call: Call) -> Message:
    """One model type by id."""
    return call.ok(model_type=find_type(today_types(), call.request.model_type_id))
