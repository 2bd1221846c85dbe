"""Search over an app's inputs: today's `filters` and `ranks`, and the old `ands` (CL015).

Pure functions: the handlers of `handlers/searches.py` hand over the app's inputs and a way to
get each input's predicted concepts. Predicted concepts are what the app's base workflow
indexed: here the synthetic predictions of clarifai/main's general model
(`emulator.predict`), computed once per input content (provenance: search-index).

- a **filter** keeps or drops an input: annotated concepts (the concepts the input was added
  or patched with, and those of its region annotations; `Index.annotated` matches each
  annotation on its own concepts), metadata (a nested subset match, as Clarifai's docs
  describe it), geo (a point and radius, or a box: `emulator.geo`), input id, input status;
- a **rank** scores it: predicted concepts (the value, or one minus it when the query asks
  for value 0), or visual similarity to an image or another input (cosine of the predicted
  concept values). An input's score is the mean over every ranked concept and image
  (provenance: search-score).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf import json_format
from google.protobuf.message import Message

from . import geo
from .annotations import Annotations
from .predict import predict
from .search_index import Postings, label_key, metadata_key
from .statuses import ApiError
from .store import StoredInput, StoredModel, content_digest

Vector = dict[str, float]  # concept id -> predicted value
ConceptRank = tuple[str, bool, bool]  # a ranked concept's id, whether present (value > 0), negated
Tree = dict[str, "Tree | None"]  # the fields a query part may set; None: anything below

_CONCEPT_DATA: Tree = {"concepts": None, "metadata": None, "geo": None}
_IMAGE: Tree = {"url": None, "base64": None}
FILTER_FIELDS: Tree = {
    "negate": None,
    "annotation": {"data": _CONCEPT_DATA},
    "input": {"id": None, "status": None, "data": _CONCEPT_DATA},
}
RANK_FIELDS: Tree = {
    "negate": None,
    "annotation": {"input_id": None, "data": {"concepts": None, "image": _IMAGE}},
}
AND_FIELDS: Tree = {
    "negate": None,
    "input": {"id": None, "data": _CONCEPT_DATA},
    "output": {"data": {"concepts": None}, "input": {"data": {"image": _IMAGE}}},
    "annotation": {"data": _CONCEPT_DATA},
}
QUERY_FIELDS: Tree = {"ands": None, "filters": None, "ranks": None}
# `algorithm`, `metric` and `as_of` tune how the real index ranks and which state it reads;
# the emulator's one exact index answers the same for any value (provenance: search-tuning).
SEARCH_FIELDS: Tree = {
    "query": None,
    "min_value": None,
    "id": None,
    "save": None,
    "name": None,
    "algorithm": None,
    "metric": None,
    "as_of": None,
}
CACHE_SIZE = 10_000
KEPT_SEARCHES = 64  # concept-only searches whose scores are kept (each up to CACHE_SIZE)
CHECKED_BYTES = 4096  # searches up to this size are remembered once found searchable


def refuse_unsupported(message: Message, allowed: Tree, path: str) -> None:
    """11102 naming the first field of `message` that the emulator cannot search by."""
    for field, value in message.ListFields():
        where = f"{path}.{field.name}" if path else field.name
        if field.name not in allowed:
            raise ApiError("CONN_INVALID_REQUEST", "search-unsupported", field=where)
        below = allowed[field.name]
        if below is not None and field.message_type is not None and not field.is_repeated:
            refuse_unsupported(value, below, where)


def check_query(query: resources_pb2.Query, path: str = "query") -> None:
    """Refuse, naming the field, any part of `query` the emulator does not implement."""
    refuse_unsupported(query, QUERY_FIELDS, path)
    for index, item in enumerate(query.ands):
        refuse_unsupported(item, AND_FIELDS, f"{path}.ands[{index}]")
        _check_geo(item, f"{path}.ands[{index}]")
    for index, item in enumerate(query.filters):
        refuse_unsupported(item, FILTER_FIELDS, f"{path}.filters[{index}]")
        _check_geo(item, f"{path}.filters[{index}]")
    for index, item in enumerate(query.ranks):
        refuse_unsupported(item, RANK_FIELDS, f"{path}.ranks[{index}]")


_CHECKED: set[bytes] = set()  # searches (serialized) already found searchable


def check_search(wanted: resources_pb2.Search, path: str) -> None:
    """Refuse, naming the field, any part of the search `wanted` (at `path`) that the emulator
    does not implement. The check is a pure function of the message, so a small search that
    passed is remembered by its bytes and not walked again."""
    raw = wanted.SerializeToString()
    if raw in _CHECKED:
        return
    refuse_unsupported(wanted, SEARCH_FIELDS, path)
    check_query(wanted.query, f"{path}.query")
    if len(raw) <= CHECKED_BYTES:
        if len(_CHECKED) >= CACHE_SIZE:
            _CHECKED.clear()
        _CHECKED.add(raw)


def _check_geo(item: resources_pb2.And | resources_pb2.Filter, path: str) -> None:
    """11102 naming a `data.geo` of a filter or and that is neither point + limit nor box."""
    for part in ("input", "annotation"):
        data = getattr(item, part).data
        if data.HasField("geo"):
            geo.check(data.geo, f"{path}.{part}.data.geo")


def from_ands(
    ands: Iterable[resources_pb2.And],
) -> tuple[list[resources_pb2.Filter], list[resources_pb2.Rank]]:
    """The filters and ranks an old `ands` query means.

    `output` (predicted concepts, or an image to look like) ranks; `input` (annotated
    concepts, metadata, id) and `annotation` filter; `negate` carries over.
    """
    filters, ranks = [], []
    for item in ands:
        output = item.output
        if output.data.concepts:
            data = resources_pb2.Data(concepts=output.data.concepts)
            ranks.append(
                resources_pb2.Rank(negate=item.negate, annotation=resources_pb2.Annotation(data=data))
            )
        if output.input.data.HasField("image"):
            data = resources_pb2.Data(image=output.input.data.image)
            ranks.append(
                resources_pb2.Rank(negate=item.negate, annotation=resources_pb2.Annotation(data=data))
            )
        if item.HasField("input"):
            filters.append(resources_pb2.Filter(negate=item.negate, input=item.input))
        if item.HasField("annotation"):
            filters.append(resources_pb2.Filter(negate=item.negate, annotation=item.annotation))
    return filters, ranks


def metadata_contains(have: object, want: object) -> bool:
    """Whether metadata `have` contains `want`: keys at any depth, list items as a subset."""
    if isinstance(want, dict):
        return isinstance(have, dict) and all(
            k in have and metadata_contains(have[k], v) for k, v in want.items()
        )
    if isinstance(want, list):
        return isinstance(have, list) and all(any(metadata_contains(h, w) for h in have) for w in want)
    return have == want


def annotation_concepts(annotation: resources_pb2.Annotation) -> list[resources_pb2.Concept]:
    """The concepts an annotation labels with: its own and its regions'."""
    return [*annotation.data.concepts, *(c for r in annotation.data.regions for c in r.data.concepts)]


def _annotated(labels: Sequence[resources_pb2.Concept], concept: resources_pb2.Concept) -> bool:
    """Whether the labels say what `concept` asks: present (value > 0) or absent."""
    for have in labels:
        if (concept.id and have.id == concept.id) or (not concept.id and have.name == concept.name):
            return (have.value > 0) == (concept.value > 0)
    return False


def _data_matches(
    stored: StoredInput, data: resources_pb2.Data, labels: Sequence[resources_pb2.Concept]
) -> bool:
    if not all(_annotated(labels, concept) for concept in data.concepts):
        return False
    if data.HasField("geo") and not geo.within(stored.input.data, data.geo):
        return False
    if data.HasField("metadata"):
        have = json_format.MessageToDict(stored.input.data.metadata)
        return metadata_contains(have, json_format.MessageToDict(data.metadata))
    return True


def _filter_matches(
    item: resources_pb2.Filter, stored: StoredInput, status_code: int, labels: Sequence[resources_pb2.Concept]
) -> bool:
    """Whether an input, labelled with `labels` (one annotation's concepts, or all the
    input's), passes a filter."""
    wanted = item.input
    matched = (
        (not wanted.id or stored.input.id == wanted.id)
        and (not wanted.status.code or status_code == wanted.status.code)
        and _data_matches(stored, wanted.data, labels)
        and _data_matches(stored, item.annotation.data, labels)
    )
    return matched != item.negate


def cosine(left: Vector, right: Vector) -> float:
    """Cosine similarity of two concept vectors (0 when either is empty)."""
    dot = sum(value * right.get(key, 0.0) for key, value in left.items())
    norm = math.sqrt(sum(v * v for v in left.values())) * math.sqrt(sum(v * v for v in right.values()))
    return dot / norm if norm else 0.0


@dataclass
class Lookup:
    """Where a search finds the few inputs that may pass a filter without reading every input:
    the postings of `emulator.search_index`, the inputs by status, and by id."""

    postings: Postings
    with_status: Callable[[int], Collection[str] | None]  # a superset of the ids; None: most
    newest_first: Callable[[Iterable[str]], list[StoredInput]]  # the inputs of ids, newest first

    def filter_ids(self, item: resources_pb2.Filter) -> Collection[str] | None:
        """A superset of the ids of the inputs passing `item` (its narrowest part), or None
        when it narrows nothing (negated, or only geo, SUCCESS or empty metadata)."""
        if item.negate:
            return None
        found: list[Collection[str]] = []
        if item.input.id:
            found.append((item.input.id,))
        if item.input.status.code:
            found.append(self.with_status(item.input.status.code))
        for data in (item.input.data, item.annotation.data):
            found.extend(self.postings.having(label_key(concept)) for concept in data.concepts)
            if data.HasField("metadata"):
                key = metadata_key(json_format.MessageToDict(data.metadata))
                found.append(None if key is None else self.postings.having(key))
        narrowing = [ids for ids in found if ids is not None]
        return min(narrowing, key=len) if narrowing else None


@dataclass
class Index:
    """An app's inputs as search sees them at one tick, with their predicted concepts."""

    every_input: Callable[[], Sequence[StoredInput]]  # newest first
    status_code: Callable[[StoredInput], int]
    predicted: Predictions  # an input's predicted concepts, given it and its digest (b"": unknown)
    concept_ids: dict[str, str]  # concept name -> id, of the predicting model
    ready_code: int  # the status an input needs to have predictions (INPUT_SUCCESS)
    annotations: Annotations  # the app's annotations: each input's own, and its regions
    lookup: Lookup

    @functools.cached_property
    def inputs(self) -> Sequence[StoredInput]:
        """Every input, newest first: read only when no filter narrows."""
        return self.every_input()

    def candidates(self, filters: Sequence[resources_pb2.Filter]) -> Sequence[StoredInput]:
        """The inputs that may pass every filter, newest first: those of the narrowest filter
        (a superset of the answer: the exact matching decides), else every input."""
        narrowest = None
        for item in filters:
            ids = self.lookup.filter_ids(item)
            if ids is not None and (narrowest is None or len(ids) < len(narrowest)):
                narrowest = ids
        return self.inputs if narrowest is None else self.lookup.newest_first(narrowest)

    def _labels(self, stored: StoredInput) -> list[resources_pb2.Concept]:
        """Every concept any annotation of the input labels it with."""
        regions = self.annotations.regions(stored)
        return [*stored.input.data.concepts, *(c for a in regions for c in annotation_concepts(a))]

    def _passes(self, filters: Sequence[resources_pb2.Filter], stored: StoredInput) -> bool:
        code, labels = self.status_code(stored), self._labels(stored)
        return all(_filter_matches(f, stored, code, labels) for f in filters)

    def annotated(
        self, filters: Sequence[resources_pb2.Filter]
    ) -> list[tuple[StoredInput, resources_pb2.Annotation]]:
        """Annotations passing every filter, each on its own concepts (newest input first):
        two concept filters find only an annotation that has both."""
        found = []
        for stored in self.candidates(filters):
            code = self.status_code(stored)
            for annotation in self.annotations.of_input(stored):
                labels = annotation_concepts(annotation)
                if all(_filter_matches(f, stored, code, labels) for f in filters):
                    found.append((stored, annotation))
        return found

    def _concept_ranks(self, ranks: Sequence[resources_pb2.Rank]) -> tuple[ConceptRank, ...] | None:
        """The concepts `ranks` score by, in order, when they rank by concepts only; else None."""
        found = []
        for rank in ranks:
            annotation = rank.annotation
            if annotation.input_id or annotation.data.HasField("image"):
                return None
            for concept in annotation.data.concepts:
                concept_id = concept.id or self.concept_ids.get(concept.name, "")
                found.append((concept_id, concept.value > 0, rank.negate))
        return tuple(found)

    def _image_vector(self, annotation: resources_pb2.Annotation) -> Vector:
        if annotation.input_id:
            found = next(iter(self.lookup.newest_first((annotation.input_id,))), None)
            if found is None:
                raise ApiError("CONN_DOES_NOT_EXIST", "input-not-found", input_id=annotation.input_id)
            return self.predicted(found.input, found.digest)
        probe = resources_pb2.Input(data=resources_pb2.Data(image=annotation.data.image))
        return self.predicted(probe, b"")

    def _scorers(self, ranks: Sequence[resources_pb2.Rank]) -> list[Callable[[Vector], float]]:
        scorers: list[Callable[[Vector], float]] = []
        for rank in ranks:
            annotation, flip = rank.annotation, rank.negate
            for concept in annotation.data.concepts:
                concept_id = concept.id or self.concept_ids.get(concept.name, "")
                scorers.append(_concept_scorer(concept_id, concept.value > 0, flip))
            if annotation.input_id or annotation.data.HasField("image"):
                target = self._image_vector(annotation)
                scorers.append(lambda v, t=target, f=flip: _flip(cosine(t, v), f))
        return scorers

    def run(
        self,
        filters: Sequence[resources_pb2.Filter],
        ranks: Sequence[resources_pb2.Rank],
        min_value: float = 0.0,
    ) -> list[tuple[float, StoredInput]]:
        """Inputs passing every filter, best score first (ties and unranked: newest first).

        Without ranks every passing input scores 1.0; with ranks only inputs with
        predictions (downloaded) take part, and a score must be above 0 and `min_value`.
        """
        kept = [stored for stored in self.candidates(filters) if not filters or self._passes(filters, stored)]
        concepts = self._concept_ranks(ranks)
        scorers = self._scorers(ranks) if concepts is None else [_concept_scorer(*c) for c in concepts]
        if not scorers:
            return [(1.0, stored) for stored in kept]
        # scores by digest, kept across requests (a concept-only search's scores depend on content alone)
        known = {} if concepts is None else _known_scores((self.predicted.version_id, concepts))
        scored = []
        for stored in kept:
            if self.status_code(stored) != self.ready_code:
                continue
            score = known.get(stored.digest)
            if score is None:
                vector = self.predicted(stored.input, stored.digest)
                score = round(sum([scorer(vector) for scorer in scorers]) / len(scorers), 6)
                if concepts is not None and stored.digest:
                    _remember(known, stored.digest, score)
            if score > 0 and score >= min_value:
                scored.append((score, stored))
        return sorted(scored, key=itemgetter(0), reverse=True)  # stable: newest first among equals


def _concept_scorer(concept_id: str, present: bool, negate: bool) -> Callable[[Vector], float]:
    """The score of a concept in a vector: its value, or one minus it when the query asks for
    value 0 (not `present`); flipped again when the rank is negated."""

    def score(vector: Vector) -> float:
        value = vector.get(concept_id, 0.0)
        value = value if present else 1.0 - value
        return 1.0 - value if negate else value

    return score


def _remember(cache: dict, key: object, value: object) -> None:
    """Keep `value` under `key` in a cache that is forgotten all at once when full."""
    if len(cache) >= CACHE_SIZE:
        cache.clear()
    cache[key] = value


def _flip(score: float, negate: bool) -> float:
    return 1.0 - score if negate else score


_CACHE: dict[tuple[bytes, str], Vector] = {}
# A search ranking by concepts only scores an input by its content alone: (model version, the
# concepts) -> the input's digest -> its score, kept across requests.
_SCORES: dict[tuple[str, tuple[ConceptRank, ...]], dict[bytes, float]] = {}


def _known_scores(search: tuple[str, tuple[ConceptRank, ...]]) -> dict[bytes, float]:
    """The scores kept for a concept-only search (model version, concepts), by input digest."""
    known = _SCORES.get(search)
    if known is None:
        if len(_SCORES) >= KEPT_SEARCHES:
            _SCORES.clear()
        known = _SCORES[search] = {}
    return known


class Predictions:
    """The predicted concepts of `model`'s newest version (as of when this is made) for any
    input, cached by content across requests."""

    def __init__(self, model: StoredModel) -> None:
        self.model = model
        version = model.version()
        self.version_id = version.version.id if version else ""
        self.count = len(version.version.output_info.data.concepts) if version else 0

    def __call__(self, item: resources_pb2.Input, digest: bytes = b"") -> Vector:
        """Every concept of the model with its synthetic value for `item`, whose
        `content_digest` is `digest` (computed when empty)."""
        key = (digest or content_digest(item), self.version_id)
        found = _CACHE.get(key)
        if found is None:
            if len(_CACHE) >= CACHE_SIZE:
                _CACHE.clear()
            config = resources_pb2.OutputConfig(max_concepts=max(1, self.count))
            found = _CACHE[key] = {c.id: c.value for c in predict(self.model, item, config).concepts}
        return found


_CONCEPT_IDS: dict[tuple[str, str, int], dict[str, str]] = {}


def concept_ids(model: StoredModel) -> dict[str, str]:
    """Concept name -> id for the concepts of `model`'s newest version (kept by version: a
    version's concepts do not change once it is made)."""
    version = model.version()
    if version is None:
        return {}
    concepts = version.version.output_info.data.concepts
    key = (model.model.id, version.version.id, len(concepts))
    if key not in _CONCEPT_IDS:
        if len(_CONCEPT_IDS) >= CACHE_SIZE:
            _CONCEPT_IDS.clear()
        _CONCEPT_IDS[key] = {c.name: c.id for c in concepts}
    return _CONCEPT_IDS[key]
