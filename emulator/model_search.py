"""Finding models by id pattern and model type (PostModelsSearches, as today).

`model_query.name` is a pattern (`gen*` matches `general-image-recognition`; Clarifai's docs
show the wildcard) matched against the model id, which names a model since CL014;
`model_query.model_type_id` keeps models of that type. The app's own models come first,
then clarifai/main's public ones (provenance: model-search).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable

from clarifai_grpc.grpc.api import resources_pb2

from .call import Call
from .models import render_model
from .store import StoredModel

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
    public = call.store.public_app()
    if public is not None and public is not call.app:
        models += list(public.models.values())
    return models


def matching(
    call: Call, models: Iterable[StoredModel], name_test: NameTest, type_ids: Iterable[str] = ()
) -> list[resources_pb2.Model]:
    """The models passing `name_test` and, if any are given, of one of `type_ids`, each as
    the search answers it: with its newest version."""
    wanted = set(type_ids)
    found = []
    for stored in models:
        model = render_model(call, stored)
        if name_test(model) and (not wanted or model.model_type_id in wanted):
            found.append(model)
    return found
