"""Searches: PostInputsSearches and PostAnnotationsSearches, and the deprecated PostSearches.

Today's API serves all three. PostSearches (`query.ands`) was deprecated on 2022-11-22 but is
still supported: it answers the same hits, with a notice in `status.details`
(provenance: post-searches-deprecated). The search itself is `emulator.search`.
"""

from __future__ import annotations

import hashlib

from clarifai_grpc.grpc.api import resources_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2
from google.protobuf.message import Message

from .. import search
from ..call import Call
from ..inputs import render
from ..paging import paged
from ..statuses import ApiError, status
from ..store import App, StoredInput
from . import handles

GENERAL_MODEL = "general-image-recognition"  # the base workflow's model that indexes inputs
DEFAULT_PER_PAGE = 20


def _public_app(call: Call) -> App:
    """clarifai/main, which holds the general model searches rank with; 11101 without it."""
    app = call.store.public_app()
    if app is None or GENERAL_MODEL not in app.models:
        raise ApiError("CONN_DOES_NOT_EXIST", "model-not-found", model_id=GENERAL_MODEL)
    return app


def _index(call: Call) -> search.Index:
    """The call's app as search sees it now: its inputs and their predicted concepts."""
    model = _public_app(call).models[GENERAL_MODEL]
    now = call.now
    return search.Index(
        inputs=call.app.inputs.all(now),
        status_code=lambda stored: status_code_pb2.StatusCode.Value(stored.status_name(now)),
        predicted=lambda item: search.predicted_concepts(model, item),
        concept_ids=search.concept_ids(model),
        ready_code=status_code_pb2.INPUT_SUCCESS,
    )


def _the_search(searches) -> resources_pb2.Search:
    """The one search a request carries; 11102 otherwise."""
    if len(searches) != 1:
        raise ApiError("CONN_INVALID_REQUEST", "one-search", count=len(searches))
    search.refuse_unsupported(searches[0], search.SEARCH_FIELDS, "searches[0]")
    search.check_query(searches[0].query, "searches[0].query")
    return searches[0]


def _run(call: Call, query: resources_pb2.Query, min_value: float = 0.0) -> list[tuple[float, StoredInput]]:
    filters, ranks = search.from_ands(query.ands)
    return _index(call).run([*filters, *query.filters], [*ranks, *query.ranks], min_value)


def _hit(call: Call, score: float, stored: StoredInput, **fields) -> resources_pb2.Hit:
    shown = render(stored, call.now)
    return resources_pb2.Hit(score=score, input=shown, user_id=call.app.user_id, app_id=call.app.id, **fields)


@handles("PostInputsSearches")
def post_inputs_searches(call: Call) -> Message:
    """Inputs matching `searches[0].query` (filters, ranks), one page of hits or only a count."""
    request = call.request
    wanted = _the_search(request.searches)
    found = _run(call, wanted.query, wanted.min_value)
    if request.only_count:
        counts = [resources_pb2.HitCount(estimated_total=len(found))]
        return call.ok(hit_counts=counts, searches=request.searches)
    hits = [_hit(call, score, stored) for score, stored in paged(call, found, DEFAULT_PER_PAGE)]
    return call.ok(id=call.ids.hex32("search"), hits=hits, searches=request.searches)


def _annotation(call: Call, stored: StoredInput, ranked: bool) -> resources_pb2.Annotation | None:
    """The annotation a hit shows: the general model's when ranking, else the input's own."""
    kind = "model" if ranked else "input"
    annotation_id = hashlib.sha256(f"{kind}|{stored.input.id}".encode()).hexdigest()[:32]
    annotation = resources_pb2.Annotation(id=annotation_id, input_id=stored.input.id, input_level=True)
    if ranked:
        model = _public_app(call).models[GENERAL_MODEL]
        annotation.model_version_id = model.version().version.id
        return annotation
    if not stored.input.data.concepts:
        return None  # nothing annotated: no annotation to find
    annotation.user_id = call.app.user_id
    annotation.data.concepts.extend(stored.input.data.concepts)
    annotation.created_at.CopyFrom(stored.input.created_at)
    return annotation


@handles("PostAnnotationsSearches")
def post_annotations_searches(call: Call) -> Message:
    """Annotations matching `searches[0].query`: each hit names the annotation and its input."""
    request = call.request
    wanted = _the_search(request.searches)
    ranked = bool(wanted.query.ranks) or any(item.HasField("output") for item in wanted.query.ands)
    hits = []
    for score, stored in _run(call, wanted.query, wanted.min_value):
        annotation = _annotation(call, stored, ranked)
        if annotation is not None:
            hits.append((score, stored, annotation))
    shown = [_hit(call, s, stored, annotation=a) for s, stored, a in paged(call, hits, DEFAULT_PER_PAGE)]
    return call.ok(id=call.ids.hex32("search"), hits=shown, searches=request.searches)


@handles("PostSearches")
def post_searches(call: Call) -> Message:
    """The deprecated generic search: `query.ands` (or `searches[0].query`), still served."""
    request = call.request
    if request.HasField("query") or not request.searches:
        query = request.query
        search.check_query(query)
    else:
        query = _the_search(request.searches).query
    hits = [_hit(call, score, stored) for score, stored in paged(call, _run(call, query), DEFAULT_PER_PAGE)]
    return call.rpc.response_class(
        status=status("SUCCESS", "post-searches-deprecated"),
        id=call.ids.hex32("search"),
        hits=hits,
        query=query,
    )
