"""Searching inputs after POST /searches was deprecated (CL015): PostInputsSearches.

The old generic search took `query.ands`: `output` for concepts a model predicted, `input` for
concepts you annotated (and metadata). The new one takes `searches[0].query` with `ranks`
(ordering by predicted concepts or by likeness to an image) and `filters` (keeping inputs
by annotated concepts, metadata, id or status). `translate_ands` maps one onto the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from google.protobuf import json_format
from google.protobuf.message import Message

from .connect import Session
from .errors import check

AndLike = resources_pb2.And | Mapping[str, Any]  # a proto, or its JSON form as old REST bodies had it
MAX_PER_PAGE = 1000


@dataclass(frozen=True)
class SearchHit:
    """One input a search found, with its score (higher is a better match)."""

    input_id: str
    score: float
    input: resources_pb2.Input


def _as_and(item: AndLike) -> resources_pb2.And:
    if isinstance(item, resources_pb2.And):
        return item
    return json_format.ParseDict(dict(item), resources_pb2.And())


def _without(message: Message, *paths: str) -> dict:
    """`message` as JSON with the dotted `paths` removed and nothing empty left behind."""

    def prune(tree: Any) -> Any:
        if isinstance(tree, dict):
            kept = {key: prune(value) for key, value in tree.items()}
            return {key: value for key, value in kept.items() if value not in ({}, [])}
        return tree

    tree = json_format.MessageToDict(message, preserving_proto_field_name=True)
    for path in paths:
        *parents, leaf = path.split(".")
        node = tree
        for name in parents:
            node = node.get(name, {})
        node.pop(leaf, None)
    return prune(tree)


def _ranks_of_output(output: resources_pb2.Output) -> list[resources_pb2.Annotation]:
    """What an `output` clause ranks by: predicted concepts, an image, another input."""
    rest = _without(output, "data.concepts", "input.data.image", "input.id")
    if rest:
        raise ValueError(f"cannot translate this part of an `output` clause: {rest}")
    ranked = []
    if output.data.concepts:
        ranked.append(resources_pb2.Annotation(data=resources_pb2.Data(concepts=output.data.concepts)))
    if output.input.data.HasField("image"):
        ranked.append(resources_pb2.Annotation(data=resources_pb2.Data(image=output.input.data.image)))
    if output.input.id:
        ranked.append(resources_pb2.Annotation(input_id=output.input.id))
    return ranked


def _filters_of_input(given: resources_pb2.Input) -> list[resources_pb2.Filter]:
    """What an `input` clause filters by: annotated concepts, and the input's other fields."""
    filters = []
    if given.data.concepts:
        data = resources_pb2.Data(concepts=given.data.concepts)
        filters.append(resources_pb2.Filter(annotation=resources_pb2.Annotation(data=data)))
    rest = _without(given, "data.concepts")
    if rest:
        filters.append(resources_pb2.Filter(input=json_format.ParseDict(rest, resources_pb2.Input())))
    return filters


def translate_ands(ands: Iterable[AndLike]) -> tuple[list[resources_pb2.Filter], list[resources_pb2.Rank]]:
    """The `filters` and `ranks` of PostInputsSearches that mean the same as an old `ands` (CL015).

    - `output.data.concepts` (predicted concepts) -> a rank by `annotation.data.concepts`;
    - `output.input.data.image` (look like this image) -> a rank by `annotation.data.image`;
    - `input.data.concepts` (annotated concepts) -> a filter by `annotation.data.concepts`;
    - the rest of `input` (metadata, id, geo...) -> a filter by `input`;
    - `annotation` -> a filter by `annotation`; `negate` carries over.

    Raises ValueError for a clause that cannot be translated, e.g. a negated clause that
    would become two filters (not (A and B) is not (not A) and (not B)).
    """
    filters: list[resources_pb2.Filter] = []
    ranks: list[resources_pb2.Rank] = []
    for index, item in enumerate(_as_and(item) for item in ands):
        new_ranks = [resources_pb2.Rank(annotation=a) for a in _ranks_of_output(item.output)]
        new_filters = _filters_of_input(item.input)
        if item.HasField("annotation"):
            new_filters.append(resources_pb2.Filter(annotation=item.annotation))
        if item.negate and len(new_ranks) + len(new_filters) > 1:
            raise ValueError(
                f"ands[{index}] is negated and has several parts: split it into one clause per part"
            )
        for part in (*new_ranks, *new_filters):
            part.negate = item.negate
        ranks.extend(new_ranks)
        filters.extend(new_filters)
    return filters, ranks


def _query(
    ands: Iterable[AndLike] | None,
    filters: Sequence[resources_pb2.Filter] | None,
    ranks: Sequence[resources_pb2.Rank] | None,
) -> resources_pb2.Query:
    old_filters, old_ranks = translate_ands(ands or [])
    return resources_pb2.Query(filters=[*old_filters, *(filters or [])], ranks=[*old_ranks, *(ranks or [])])


def search_inputs(
    session: Session,
    ands: Iterable[AndLike] | None = None,
    *,
    filters: Sequence[resources_pb2.Filter] | None = None,
    ranks: Sequence[resources_pb2.Rank] | None = None,
    per_page: int = 100,
    max_hits: int | None = None,
) -> list[SearchHit]:
    """Search the session's app with PostInputsSearches; return the hits, best first.

    Replaces `PostSearches(query=Query(ands=...))` (CL015): give the old `ands` (protos or
    their JSON dicts) and they are translated with `translate_ands`, or give `filters` and
    `ranks` directly; both together are combined. Pages through the results `per_page` at a
    time until a short page, or until `max_hits` hits.
    """
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ValueError(f"per_page must be from 1 to {MAX_PER_PAGE}, not {per_page}")
    query = _query(ands, filters, ranks)
    hits: list[SearchHit] = []
    page = 1
    while max_hits is None or len(hits) < max_hits:
        request = service_pb2.PostInputsSearchesRequest(
            user_app_id=session.user_app_id,
            searches=[resources_pb2.Search(query=query)],
            pagination=service_pb2.Pagination(page=page, per_page=per_page),
        )
        response = check(
            "PostInputsSearches", session.stub.PostInputsSearches(request, metadata=session.metadata)
        )
        hits.extend(SearchHit(hit.input.id, round(hit.score, 6), hit.input) for hit in response.hits)
        if len(response.hits) < per_page:
            break
        page += 1
    return hits if max_hits is None else hits[:max_hits]


def count_inputs(
    session: Session,
    ands: Iterable[AndLike] | None = None,
    *,
    filters: Sequence[resources_pb2.Filter] | None = None,
    ranks: Sequence[resources_pb2.Rank] | None = None,
) -> int:
    """How many inputs a search finds, without fetching them (`only_count`, PostInputsSearches only)."""
    request = service_pb2.PostInputsSearchesRequest(
        user_app_id=session.user_app_id,
        searches=[resources_pb2.Search(query=_query(ands, filters, ranks))],
        only_count=True,
    )
    response = check(
        "PostInputsSearches", session.stub.PostInputsSearches(request, metadata=session.metadata)
    )
    return sum(count.estimated_total for count in response.hit_counts)
