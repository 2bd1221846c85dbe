"""PostModelsSearches: models by id pattern and model type (`emulator.model_search`)."""

from __future__ import annotations

from google.protobuf.message import Message

from ..call import Call
from ..model_search import by_id, matching, searchable
from ..paging import paged
from . import handles


@handles("PostModelsSearches")
def post_models_searches(call: Call) -> Message:
    """Models whose id matches `model_query.name`, of type `model_query.model_type_id` if given."""
    query = call.request.model_query
    types = [query.model_type_id] if query.model_type_id else []
    return call.ok(models=paged(call, matching(call, searchable(call), by_id(query.name), types)))
