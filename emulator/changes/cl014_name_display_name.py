"""CL014 2022-01-20: model `name` and `display_name` deprecated; the model id names the model.

Clarifai gave its public models readable ids (`v2_user_unique_id`): the general model,
`aaa03c23b3724a16a56b629203edc62c` until then, became `general-image-recognition`. The old id
"will still be usable in all queries, but the responses will be filled with the new" one.
Before the date, model responses showed the old ids with their `name` and `display_name`,
and ListModels and PostModelsSearches matched a model's name and display name; from the date
searches match ids only and ListModels ignores `name`. Before 2021-07-27 the public models
had their versioned names (`general-v1.3`, `face-v1.3`: Clarifai's docs print them, and the
2.x client finds the general model by that name); that earlier date is inferred.
A name without wildcards matched names that begin with it (`face` finds `face-v1.3`, as the
2.x client's docs show). Old ids work on every date: that is
today's behaviour, so it lives in the store (`App.aliases`, filled from `public.OLD_IDS`).

Users' models got new ids too. The announcement as first written (Clarifai/old-docs
`product-updates/upcoming-api-changes.md`, commits dcc2c4e and 1392149 of 2021-12-27): "The
new ids will be created based on this logic (except for Clarifai/main models)": the
`display_name` if the model has one, else its `name`, else its `model_type_id`; the
`model_type` added to the end when that is not unique enough, then a random number; at most
48 characters. So a model made before the date is shown from the date under that new id
(`App.new_ids`), and both ids work in GetModel and predictions (`App.aliases`). How a display
name becomes an id (lower case, `-` for other characters) and the number (a counter, not
random) are the emulator's (provenance: cl014-user-ids). This is why the module applies on
every date (`applies`): the new ids show from the date, for models made before it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from ..call import Call
from ..model_search import by_id, matching, pattern_matches, searchable
from ..paging import paged
from ..public import OLD_IDS
from . import Change

change = Change(
    __name__,
    code="CL014",
    date=dt.date(2022, 1, 20),
    rpcs={
        "GetModel",
        "GetModelOutputInfo",
        "ListModels",
        "PostModelsSearches",
        "PostModelOutputs",
        "PostModels",
    },
)
PUBLIC = ("clarifai", "main")
MAX_ID = 48  # "Max 48 characters"


@dataclass(frozen=True)
class OldName:
    """How a public model was named before the date."""

    id: str
    name: str
    display_name: str
    versioned_name: str  # the name before VERSIONED_UNTIL


OLD_ID = {today: old for old, today in OLD_IDS.items()}
# Today's id -> how the model was shown before the date (provenance: cl014-legacy-ids).
OLD_NAMES = {
    "general-image-recognition": OldName(
        OLD_ID["general-image-recognition"], "general", "General", "general-v1.3"
    ),
    "face-detection": OldName(OLD_ID["face-detection"], "face", "Face Detection", "face-v1.3"),
}
VERSIONED_UNTIL = dt.date(2021, 7, 27)  # provenance: cl014-versioned-names


def old_view(model: resources_pb2.Model, as_of: dt.date) -> resources_pb2.Model:
    """`model` as it was shown on `as_of`, before the date: public models under their old id
    and names (the versioned name before VERSIONED_UNTIL)."""
    old = OLD_NAMES.get(model.id)
    if old is not None and (model.user_id, model.app_id) == PUBLIC:
        name = old.versioned_name if as_of < VERSIONED_UNTIL else old.name
        model.id, model.name, model.display_name = old.id, name, old.display_name
    return model


def _copy(model: resources_pb2.Model) -> resources_pb2.Model:
    copy = resources_pb2.Model()
    copy.CopyFrom(model)
    return copy


def _named(pattern: str, model: resources_pb2.Model) -> bool:
    """Whether the id, name or display name matches; a plain name matches as a prefix."""
    pattern = pattern if any(sign in pattern for sign in "*?") else f"{pattern}*"
    return pattern == "*" or pattern_matches(pattern, model.id, model.name, model.display_name)


def _search(call: Call) -> Message:
    """The search as it was: the pattern matched ids, names and display names."""
    query = call.request.model_query
    types = [query.model_type_id] if query.model_type_id else []
    found = matching(call, searchable(call), lambda _: True, types)
    models = [old_view(model, call.as_of) for model in found]
    return call.ok(models=paged(call, [model for model in models if _named(query.name, model)]))


def new_id_for(model: resources_pb2.Model, taken: set[str]) -> str:
    """The id the announced rule gives a user's model, unique among `taken`."""
    label = model.display_name or model.name or model.model_type_id
    base = re.sub(r"[^a-z0-9_-]+", "-", label.lower()).strip("-")[:MAX_ID] or model.model_type_id
    if base not in taken or base == model.id:
        return base
    candidate = f"{base}-{model.model_type_id}"[:MAX_ID]
    number = 1
    while candidate in taken:
        candidate, number = f"{base}-{model.model_type_id}-{number}"[:MAX_ID], number + 1
    return candidate


def _give_new_ids(call: Call, response: Message) -> None:
    """A model made before the date gets the id it will show from the date (user apps only)."""
    app = call.app
    if app.public or (app.user_id, app.id) == PUBLIC:
        return
    for model in [response.model] if response.HasField("model") else []:
        taken = set(app.models) | set(app.new_ids.values()) | set(app.aliases)
        taken.discard(model.id)
        new = new_id_for(model, taken)
        if new != model.id:
            app.new_ids[model.id] = new
            app.aliases[new] = model.id


def _show_new_ids(call: Call, response: Message) -> Message:
    """From the date, a user model made before it answers its new id (the old one still works)."""
    new_ids = call.app.new_ids
    if call.rpc.name == "PostModelsSearches":
        return _search_new_ids(call)
    models = [response.model] if call.rpc.name in ("GetModel", "GetModelOutputInfo", "PostModels") else []
    if call.rpc.name == "ListModels":
        models = list(response.models)
    for model in models:
        if model.app_id == call.app.id and model.id in new_ids:
            model.id = new_ids[model.id]
    return response


def _search_new_ids(call: Call) -> Message:
    """Today's search, the pattern matched against the new ids of the app's older models."""
    query = call.request.model_query
    types = [query.model_type_id] if query.model_type_id else []
    found = matching(call, searchable(call), lambda _: True, types)
    for model in found:
        if model.app_id == call.app.id and model.id in call.app.new_ids:
            model.id = call.app.new_ids[model.id]
    return call.ok(models=paged(call, [model for model in found if by_id(query.name)(model)]))


@change.applies
def applies(call: Call) -> bool:
    """Before the date (old names); from it too, for the new ids of models made before it."""
    app = call.caller.app
    return call.as_of < change.date or bool(app is not None and app.new_ids)


@change.after
def after(call: Call, response: Message) -> Message:
    """Before the date: old ids and names in model responses, name matching in lists; a model
    made then gets its new id. From the date: those models answer their new id."""
    if response.status.code != 10000:
        return response
    if call.as_of >= change.date:
        return _show_new_ids(call, response)
    if call.rpc.name == "PostModels":
        _give_new_ids(call, response)
        return response
    if call.rpc.name in ("GetModel", "GetModelOutputInfo"):
        old_view(response.model, call.as_of)
    elif call.rpc.name == "PostModelsSearches":
        return _search(call)
    elif call.rpc.name == "ListModels":
        shown = [old_view(_copy(model), call.as_of) for model in response.models]
        del response.models[:]
        response.models.extend(model for model in shown if _named(call.request.name, model))
    return response
