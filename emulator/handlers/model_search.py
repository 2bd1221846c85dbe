"""PostModelsSearches: find models by id pattern and model type, as today.

`model_query.name` is a pattern (`gen*` matches `general-image-recognition`; Clarifai's docs
show the wildcard) matched against the model id, which names a model since CL014;
`model_query.model_type_id` keeps models of that type. The app's own models come first,
then clarifai/main's public ones (provenance: model-search).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from ..call import Call
from ..statuses import ApiError
from ..store import StoredModel
from . import handles

DEFAULT_PER_PAGE = 128
MAX_PER_PAGE = 1000
PUBLIC = ("clarifai", "main")

NameTest = Callable[[resources_pb2.Model], bool]


def pattern_matches(pattern: str, *values: str) -> bool:
    """Whether any of `values` matches `pattern` (`*` and `?` wildcards, any case)."""
    lowered = pattern.lower()
    return any(fnmatch.fnmatchcase(value.lower(), lowered) for value in values if value)


def by_id(pattern: str) -> NameTest:
    """Today's name test: an empty pattern matches every model, else the model id must."""
    return lambda model: not pattern or pattern_matches(pattern, model.id)


def searchable(call: Call) -> list[StoredModel]:
    """The models a search looks through: the app's, then clarifai/main's."""
    models = list(call.app.models.values())
    public = call.store.app(*PUBLIC)
    if public is not None and public is not call.app:
        models += list(public.models.values())
    return models


def shown(stored: StoredModel) -> resources_pb2.Model:
    """A found model as the search answers it: the model with its newest version."""
    model = resources_pb2.Model()
    model.CopyFrom(stored.model)
    newest = stored.version()
    if newest is not None:
        model.model_version.CopyFrom(newest.version)
    return model


def matching(
    models: Iterable[StoredModel], name_test: NameTest, type_ids: Iterable[str] = ()
) -> list[resources_pb2.Model]:
    """The models passing `name_test` and, if any are given, of one of `type_ids`."""
    wanted = set(type_ids)
    found = []
    for stored in models:
        model = shown(stored)
        if name_test(model) and (not wanted or model.model_type_id in wanted):
            found.append(model)
    return found


def paged(call: Call, items: list) -> list:
    """The page of `items` that the request's `pagination` asks for."""
    number = call.request.pagination.page or 1
    size = call.request.pagination.per_page or DEFAULT_PER_PAGE
    if number < 1 or size < 1 or size > MAX_PER_PAGE:
        raise ApiError("CONN_INVALID_REQUEST", "bad-page", limit=MAX_PER_PAGE)
    return items[(number - 1) * size : number * size]


@handles("PostModelsSearches")
def post_models_searches(call: Call) -> Message:
    """Models whose id matches `model_query.name`, of type `model_query.model_type_id` if given."""
    query = call.request.model_query
    types = [query.model_type_id] if query.model_type_id else []
    return call.ok(models=paged(call, matching(searchable(call), by_id(query.name), types)))
