"""Searches: PostInputsSearches and PostAnnotationsSearches, and the deprecated PostSearches.

Today's API serves all three. PostSearches (`query.ands`) was deprecated on 2022-11-22 but is
still supported: it answers the same hits, with a notice in `status.details`
(provenance: post-searches-deprecated). The search itself is `emulator.search`.

A search with `save: true` is kept under its id instead of run (provenance: saved-searches);
PostSearchesByID runs it again with the request's own pagination, and ListSearches,
GetSearch and DeleteSearch read and forget saved searches.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection

from clarifai_grpc.grpc.api import resources_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2
from google.protobuf.message import Message

from .. import annotations, search, search_index
from ..call import Call
from ..inputs import renderer
from ..paging import page, paged
from ..statuses import ApiError, status
from ..store import App, SavedSearch, Store, StoredInput
from . import handles

GENERAL_MODEL = "general-image-recognition"  # the base workflow's model that indexes inputs
DEFAULT_PER_PAGE = 20
INPUT_STATUSES = {
    status_code_pb2.StatusCode.Value(name): name
    for name in ("INPUT_PENDING", "INPUT_IN_PROGRESS", "INPUT_SUCCESS", "INPUT_FAILED")
}  # StoredInput.status_name's statuses by code
INPUT_CODES = {name: code for code, name in INPUT_STATUSES.items()}


def _public_app(store: Store) -> App:
    """clarifai/main, which holds the general model searches rank with; 11101 without it."""
    app = store.public_app()
    if app is None or GENERAL_MODEL not in app.models:
        raise ApiError("CONN_DOES_NOT_EXIST", "model-not-found", model_id=GENERAL_MODEL)
    return app


def _lookup(app: App, now: int, labels: annotations.Annotations) -> search.Lookup:
    """The app's inputs by what searches filter on, refiled as far as writes changed them."""
    store = app.inputs

    def with_status(code: int) -> Collection[str] | None:
        name = INPUT_STATUSES.get(code)  # an input has no other status: nothing passes
        return () if name is None else store.with_status(name, now)

    def keys_of(stored: StoredInput) -> frozenset[search_index.Key]:
        return search_index.input_keys(stored.input, labels.regions(stored))

    return search.Lookup(
        postings=store.postings(now, keys_of),
        with_status=with_status,
        newest_first=lambda ids: store.newest_first(ids, now),
    )


def app_index(store: Store, app: App, now: int) -> search.Index:
    """The app as search sees it at tick `now`: its inputs and their predicted concepts."""
    model = _public_app(store).models[GENERAL_MODEL]
    labels = annotations.Annotations(app)
    return search.Index(
        every_input=lambda: app.inputs.all(now),
        status_code=lambda stored: INPUT_CODES[stored.status_name(now)],
        predicted=search.Predictions(model),
        concept_ids=search.concept_ids(model),
        ready_code=status_code_pb2.INPUT_SUCCESS,
        annotations=labels,
        lookup=_lookup(app, now, labels),
    )


def _the_search(searches) -> resources_pb2.Search:
    """The one search a request carries; 11102 otherwise."""
    if len(searches) != 1:
        raise ApiError("CONN_INVALID_REQUEST", "one-search", count=len(searches))
    search.check_search(searches[0], "searches[0]")
    return searches[0]


def _run(call: Call, query: resources_pb2.Query, min_value: float = 0.0) -> list[tuple[float, StoredInput]]:
    filters, ranks = search.from_ands(query.ands)
    index = app_index(call.store, call.app, call.now)
    return index.run([*filters, *query.filters], [*ranks, *query.ranks], min_value)


Found = list[tuple[float, StoredInput, resources_pb2.Annotation | None]]  # one page of hits


def _with_hits(call: Call, response: Message, found: Found) -> Message:
    """`response` with a hit for each of `found`, built in place (no copies per hit)."""
    add, user_id, app_id, render_into = response.hits.add, call.app.user_id, call.app.id, renderer(call)
    for score, stored, annotation in found:
        hit = add()
        hit.score, hit.user_id, hit.app_id = score, user_id, app_id
        render_into(stored, hit.input)
        if annotation is not None:
            hit.annotation.CopyFrom(annotation)
    return response


def _saved(call: Call, wanted: resources_pb2.Search, kind: str) -> resources_pb2.Search:
    """Keep `wanted` under its id (a new one when it has none) as the app's saved search."""
    kept = resources_pb2.Search()
    kept.CopyFrom(wanted)
    kept.id = wanted.id or call.ids.hex32("search")
    kept.application_id = call.app.id
    kept.created_at.CopyFrom(call.timestamp())
    kept.modified_at.CopyFrom(kept.created_at)
    call.app.searches[kept.id] = SavedSearch(kept, kind)
    return _copy(kept)


def _copy(saved: resources_pb2.Search) -> resources_pb2.Search:
    shown = resources_pb2.Search()
    shown.CopyFrom(saved)
    return shown


def _input_hits(call: Call, wanted: resources_pb2.Search) -> Found:
    found = _run(call, wanted.query, wanted.min_value)
    return [(score, stored, None) for score, stored in paged(call, found, DEFAULT_PER_PAGE)]


@handles("PostInputsSearches")
def post_inputs_searches(call: Call) -> Message:
    """Inputs matching `searches[0].query` (filters, ranks), one page of hits or only a count;
    or, with `save`, the search kept under its id."""
    request = call.request
    wanted = _the_search(request.searches)
    if wanted.save:
        return call.ok(searches=[_saved(call, wanted, "inputs")])
    if request.only_count:
        found = _run(call, wanted.query, wanted.min_value)
        counts = [resources_pb2.HitCount(estimated_total=len(found))]
        return call.ok(hit_counts=counts, searches=request.searches)
    search_id = call.ids.hex32("search")
    return _with_hits(call, call.ok(id=search_id, searches=request.searches), _input_hits(call, wanted))


def _model_annotation(call: Call, stored: StoredInput) -> resources_pb2.Annotation:
    """The general model's annotation of an input: what a ranked annotation search finds."""
    annotation_id = hashlib.sha256(f"model|{stored.input.id}".encode()).hexdigest()[:32]
    annotation = resources_pb2.Annotation(id=annotation_id, input_id=stored.input.id, input_level=True)
    model = _public_app(call.store).models[GENERAL_MODEL]
    annotation.model_version_id = model.version().version.id
    return annotation


def _annotation_hits(call: Call, wanted: resources_pb2.Search) -> Found:
    """Ranked: the general model's annotation of each ranked input; else every annotation
    (an input's own, its regions') passing the filters on its own concepts."""
    query = wanted.query
    if query.ranks or any(item.HasField("output") for item in query.ands):
        ranked = _run(call, query, wanted.min_value)
        found = [(score, stored, _model_annotation(call, stored)) for score, stored in ranked]
    else:
        filters, _ = search.from_ands(query.ands)
        index = app_index(call.store, call.app, call.now)
        found = [(1.0, stored, a) for stored, a in index.annotated([*filters, *query.filters])]
    return paged(call, found, DEFAULT_PER_PAGE)


@handles("PostAnnotationsSearches")
def post_annotations_searches(call: Call) -> Message:
    """Annotations matching `searches[0].query`: each hit names the annotation and its input;
    or, with `save`, the search kept under its id."""
    request = call.request
    wanted = _the_search(request.searches)
    if wanted.save:
        return call.ok(searches=[_saved(call, wanted, "annotations")])
    hits = _annotation_hits(call, wanted)
    return _with_hits(call, call.ok(id=call.ids.hex32("search"), searches=request.searches), hits)


def _deprecated(call: Call, **fields) -> Message:
    return call.rpc.response_class(
        status=status("SUCCESS", "post-searches-deprecated"), id=call.ids.hex32("search"), **fields
    )


@handles("PostSearches")
def post_searches(call: Call) -> Message:
    """The deprecated generic search: `query.ands` (or `searches[0].query`), still served;
    `searches[0].save` keeps the search under its id without running it."""
    request = call.request
    if request.HasField("query") or not request.searches:
        search.check_query(request.query)
        wanted = resources_pb2.Search(query=request.query)
    else:
        wanted = _the_search(request.searches)
        if wanted.save:
            return _deprecated(call, searches=[_saved(call, wanted, "inputs")])
    hits = _input_hits(call, wanted)
    return _with_hits(call, _deprecated(call, query=wanted.query), hits)


def _saved_search(call: Call, search_id: str) -> SavedSearch:
    saved = call.app.searches.get(search_id)
    if saved is None:
        raise ApiError("CONN_DOES_NOT_EXIST", "search-not-found", search_id=search_id)
    return saved


@handles("PostSearchesByID")
def post_searches_by_id(call: Call) -> Message:
    """Run a saved search again: its hits (inputs or annotations, as it was saved) now, paged
    by this request's `pagination`."""
    saved = _saved_search(call, call.request.id)
    run = _annotation_hits if saved.kind == "annotations" else _input_hits
    hits = run(call, saved.search)
    return _with_hits(call, call.ok(id=saved.search.id, searches=[_copy(saved.search)]), hits)


@handles("GetSearch")
def get_search(call: Call) -> Message:
    """One saved search of the app."""
    return call.ok(search=_copy(_saved_search(call, call.request.id).search))


@handles("ListSearches")
def list_searches(call: Call) -> Message:
    """The app's saved searches, newest first."""
    saved = [item.search for item in reversed(call.app.searches.values())]
    return call.ok(searches=[_copy(item) for item in page(call, saved)])


@handles("DeleteSearch")
def delete_search(call: Call) -> Message:
    """Forget a saved search; 11101 when the app has none by that id."""
    _saved_search(call, call.request.id)
    del call.app.searches[call.request.id]
    return call.ok()


@handles("PostSearchFeedback")
def post_search_feedback(call: Call) -> Message:
    """Feedback on a search hit (the 2.x client's send_search_feedback, a retired RPC): an
    input with an id must be given; the emulator's ranking learns nothing from it
    (provenance: search-feedback)."""
    if not call.request.input.id:
        raise ApiError("CONN_INVALID_REQUEST", "feedback-without-input")
    return call.ok()
