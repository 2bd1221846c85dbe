"""CL014 2022-01-20: model `name` and `display_name` deprecated; the model id names the model.

Clarifai gave its public models readable ids (`v2_user_unique_id`): the general model,
`aaa03c23b3724a16a56b629203edc62c` until then, became `general-image-recognition`. The old id
"will still be usable in all queries, but the responses will be filled with the new" one.
Before the date, model responses showed the old ids with their `name` and `display_name`,
and ListModels and PostModelsSearches matched a model's name and display name; from the date
searches match ids only and ListModels ignores `name`. Old ids work on every date: that is
today's behaviour, so it lives in the store (`App.aliases`, filled from `public.OLD_IDS`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from ..call import Call
from ..model_search import matching, pattern_matches, searchable
from ..paging import paged
from ..public import OLD_IDS
from . import Change

change = Change(
    __name__,
    code="CL014",
    date=dt.date(2022, 1, 20),
    rpcs={"GetModel", "ListModels", "PostModelsSearches", "PostModelOutputs"},
)
PUBLIC = ("clarifai", "main")


@dataclass(frozen=True)
class OldName:
    """How a public model was named before the date."""

    id: str
    name: str
    display_name: str


OLD_ID = {today: old for old, today in OLD_IDS.items()}
# Today's id -> how the model was shown before the date (provenance: cl014-legacy-ids).
OLD_NAMES = {
    "general-image-recognition": OldName(OLD_ID["general-image-recognition"], "general", "General"),
    "face-detection": OldName(OLD_ID["face-detection"], "face", "Face Detection"),
}


def old_view(model: resources_pb2.Model) -> resources_pb2.Model:
    """`model` as it was shown before the date: public models under their old id and names."""
    old = OLD_NAMES.get(model.id)
    if old is not None and (model.user_id, model.app_id) == PUBLIC:
        model.id, model.name, model.display_name = old.id, old.name, old.display_name
    return model


def _copy(model: resources_pb2.Model) -> resources_pb2.Model:
    copy = resources_pb2.Model()
    copy.CopyFrom(model)
    return copy


def _named(pattern: str, model: resources_pb2.Model) -> bool:
    return not pattern or pattern_matches(pattern, model.id, model.name, model.display_name)


def _search(call: Call) -> Message:
    """The search as it was: the pattern matched ids, names and display names."""
    query = call.request.model_query
    types = [query.model_type_id] if query.model_type_id else []
    models = [old_view(model) for model in matching(searchable(call), lambda _: True, types)]
    return call.ok(models=paged(call, [model for model in models if _named(query.name, model)]))


@change.after
def after(call: Call, response: Message) -> Message:
    """Before the date: old ids and names in model responses, name matching in lists."""
    if response.status.code != 10000:
        return response
    if call.rpc.name == "GetModel":
        old_view(response.model)
    elif call.rpc.name == "PostModelsSearches":
        return _search(call)
    elif call.rpc.name == "ListModels":
        shown = [old_view(_copy(model)) for model in response.models]
        del response.models[:]
        response.models.extend(model for model in shown if _named(call.request.name, model))
    return response
