"""The search postings (`emulator.search_index`) only narrow: across random writes (inputs
added, patched and deleted, annotations added and patched, time passing), every query finds
through them exactly the hits, order and scores that a scan of every input finds; and the
searches the API answers are those of the scan. After a restart on a state file too."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator

import pytest
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2, status_pb2
from google.protobuf import struct_pb2
from google.protobuf.message import Message

from emulator import Emulator, search, search_index
from emulator.handlers.searches import app_index
from emulator.store import App

CONCEPTS = ("c0", "c1", "c2", "c3")
IDS = tuple(f"in-{n}" for n in range(16))
DOG = "ai_8S2Vq3cR"  # a concept of the general model, to rank by
Query = tuple[list[resources_pb2.Filter], list[resources_pb2.Rank]]


class FullScan(search.Lookup):
    """A lookup that never narrows: the search reads every input."""

    def filter_ids(self, item: resources_pb2.Filter) -> None:
        return None


def _struct(values: dict) -> struct_pb2.Struct:
    made = struct_pb2.Struct()
    made.update(values)
    return made


def _concepts(rng: random.Random, least: int = 0) -> list[resources_pb2.Concept]:
    chosen = rng.sample(CONCEPTS, rng.randint(least, 2))
    return [resources_pb2.Concept(id=c, value=rng.choice((0.0, 1.0))) for c in chosen]


def _metadata(rng: random.Random) -> struct_pb2.Struct:
    values: dict = {}
    if rng.random() < 0.6:
        values["k"] = rng.choice((1, 1.0, True, "1", "a", None))
    if rng.random() < 0.4:
        values["n"] = {"m": rng.choice(("x", "y")), "o": rng.choice((1, 2))}
    if rng.random() < 0.3:
        values["l"] = rng.sample(["x", "y", 1], rng.randint(0, 2))
    return _struct(values)


def _data(rng: random.Random) -> resources_pb2.Data:
    data = resources_pb2.Data(concepts=_concepts(rng))
    if rng.random() < 0.8:
        data.metadata.CopyFrom(_metadata(rng))
    return data


def _region(rng: random.Random) -> resources_pb2.Region:
    box = resources_pb2.BoundingBox(top_row=0.1, left_col=0.1, bottom_row=0.6, right_col=0.6)
    return resources_pb2.Region(
        region_info=resources_pb2.RegionInfo(bounding_box=box),
        data=resources_pb2.Data(concepts=_concepts(rng, least=1)),
    )


class Writer:
    """Random writes to the seeded app through the API, as a user makes them."""

    def __init__(self, emu: Emulator, rng: random.Random) -> None:
        self.emu, self.rng = emu, rng
        account = emu.account
        self.ids = resources_pb2.UserAppIDSet(user_id=account.user_id, app_id=account.app_id)
        self.metadata = {"authorization": f"Key {account.pat}"}

    @property
    def app(self) -> App:
        return self.emu.store.app(self.ids.user_id, self.ids.app_id)

    def call(self, rpc: str, request: Message) -> Message:
        request.user_app_id.CopyFrom(self.ids)
        return self.emu.api.call(rpc, request, self.metadata)

    def existing(self) -> list[str]:
        """The app's input ids, read by a request (a read between requests could finish
        deletes that the state file's replay would not)."""
        listed = self.call("ListInputs", service_pb2.ListInputsRequest(per_page=1000))
        return [item.id for item in listed.inputs]

    def write(self) -> None:
        """One random write (or a request that only lets time pass)."""
        kind = self.rng.choice(("post", "post", "patch", "delete", "annotate", "regions", "relabel", "wait"))
        ids, rng = self.existing(), self.rng
        if kind == "post" or not ids:
            self._post()
            return
        target = ids[rng.randrange(len(ids))]
        if kind == "wait":
            self.call("GetInputCount", service_pb2.GetInputCountRequest())
        elif kind == "patch":
            item = resources_pb2.Input(id=target, data=_data(rng))
            action = rng.choice(("merge", "remove", "overwrite"))
            self.call("PatchInputs", service_pb2.PatchInputsRequest(inputs=[item], action=action))
        elif kind == "delete":
            self.call("DeleteInputs", service_pb2.DeleteInputsRequest(ids=[target]))
        elif kind in ("annotate", "regions"):
            data = resources_pb2.Data(concepts=_concepts(rng, least=1))
            if kind == "regions":
                data = resources_pb2.Data(regions=[_region(rng) for _ in range(rng.randint(1, 2))])
            annotation = resources_pb2.Annotation(input_id=target, data=data)
            self.call("PostAnnotations", service_pb2.PostAnnotationsRequest(annotations=[annotation]))
        else:
            data = resources_pb2.Data(concepts=_concepts(rng, least=1))
            annotation = resources_pb2.Annotation(input_id=target, data=data)
            action = rng.choice(("merge", "remove", "overwrite"))
            request = service_pb2.PatchAnnotationsRequest(annotations=[annotation], action=action)
            self.call("PatchAnnotations", request)

    def _post(self) -> None:
        free = [i for i in IDS if not self.app.inputs.has(i, self.emu.api.clock.now)]
        inputs = []
        for input_id in self.rng.sample(free, min(len(free), self.rng.randint(1, 3))):
            url = f"https://samples.clarifai.com/cookbook/index/{self.rng.randint(0, 5)}.jpg"
            if self.rng.random() < 0.15:
                url = "https://example.com/missing.jpg"  # never fetched: the input fails
            data = _data(self.rng)
            data.image.CopyFrom(resources_pb2.Image(url=url, allow_duplicate_url=True))
            inputs.append(resources_pb2.Input(id=input_id, data=data))
        if inputs:
            self.call("PostInputs", service_pb2.PostInputsRequest(inputs=inputs))


def _concept_filter(
    concept: resources_pb2.Concept, on: str = "annotation", negate: bool = False
) -> resources_pb2.Filter:
    data = resources_pb2.Data(concepts=[concept])
    if on == "input":
        return resources_pb2.Filter(negate=negate, input=resources_pb2.Input(data=data))
    return resources_pb2.Filter(negate=negate, annotation=resources_pb2.Annotation(data=data))


def _metadata_filter(values: dict, on: str = "input") -> resources_pb2.Filter:
    data = resources_pb2.Data(metadata=_struct(values))
    if on == "annotation":
        return resources_pb2.Filter(annotation=resources_pb2.Annotation(data=data))
    return resources_pb2.Filter(input=resources_pb2.Input(data=data))


def _status_filter(name: str) -> resources_pb2.Filter:
    wanted = resources_pb2.Input(status=status_pb2.Status(code=status_code_pb2.StatusCode.Value(name)))
    return resources_pb2.Filter(input=wanted)


def queries() -> Iterator[Query]:
    """Filters of every kind the postings narrow by (and some they do not), alone and together."""
    concept = resources_pb2.Concept
    single = [
        _concept_filter(concept(id="c0", value=1)),
        _concept_filter(concept(id="c1", value=0)),
        _concept_filter(concept(name="c2", value=1)),
        _concept_filter(concept(id="c3", value=1), on="input"),
        _concept_filter(concept(id="c0", value=1), negate=True),
        _concept_filter(concept(id="unknown", value=1)),
        _metadata_filter({"k": 1}),
        _metadata_filter({"k": True}),
        _metadata_filter({"k": "a"}, on="annotation"),
        _metadata_filter({"k": None}),
        _metadata_filter({"n": {"m": "x"}}),
        _metadata_filter({"n": {}}),
        _metadata_filter({"l": ["x"]}),
        _metadata_filter({}),
        *(_status_filter(name) for name in ("INPUT_PENDING", "INPUT_IN_PROGRESS", "INPUT_SUCCESS")),
        _status_filter("INPUT_FAILED"),
        _status_filter("INPUT_DUPLICATE"),
        resources_pb2.Filter(input=resources_pb2.Input(id="in-3")),
    ]
    for item in single:
        yield [item], []
    yield [single[0], single[6]], []
    yield [single[4], single[10]], []
    yield [single[2], single[-2]], []
    rank = resources_pb2.Rank(
        annotation=resources_pb2.Annotation(data=resources_pb2.Data(concepts=[concept(id=DOG, value=1)]))
    )
    yield [], [rank]
    yield [single[1]], [rank]
    yield [single[11]], [rank]


def _found(index: search.Index, query: Query) -> list[tuple[float, str]]:
    return [(score, stored.input.id) for score, stored in index.run(*query)]


def _annotated(index: search.Index, filters: list[resources_pb2.Filter]) -> list[tuple[str, bytes]]:
    return [(stored.input.id, a.SerializeToString()) for stored, a in index.annotated(filters)]


def check_same_as_scan(writer: Writer) -> int:
    """Every query finds the same through the postings as by a scan; how many hits in all."""
    emu = writer.emu
    now = emu.api.clock.now
    indexed = app_index(emu.store, writer.app, now)
    scan = dataclasses.replace(indexed, lookup=FullScan(**vars(indexed.lookup)))
    hits = 0
    for query in queries():
        expected = _found(scan, query)
        assert _found(indexed, query) == expected, query
        assert _annotated(indexed, query[0]) == _annotated(scan, query[0]), query
        hits += len(expected)
    return hits


@pytest.mark.parametrize("seed", range(4))
def test_indexed_search_finds_what_a_scan_finds_across_writes(seed):
    rng = random.Random(seed)
    with Emulator() as emu:
        writer = Writer(emu, rng)
        hits = 0
        for _ in range(60):
            writer.write()
            hits += check_same_as_scan(writer)
    assert hits > 0  # the queries found something to compare


def test_the_api_answers_the_hits_of_a_scan():
    rng = random.Random(7)
    with Emulator() as emu:
        writer = Writer(emu, rng)
        for _ in range(40):
            writer.write()
        for filters, ranks in queries():
            query = resources_pb2.Query(filters=filters, ranks=ranks)
            request = service_pb2.PostInputsSearchesRequest(
                searches=[resources_pb2.Search(query=query)],
                pagination=service_pb2.Pagination(per_page=1000),
            )
            response = writer.call("PostInputsSearches", request)
            assert response.status.code == status_code_pb2.SUCCESS
            indexed = app_index(emu.store, writer.app, emu.api.clock.now)
            scan = dataclasses.replace(indexed, lookup=FullScan(**vars(indexed.lookup)))
            expected = [(round(s, 6), i) for s, i in _found(scan, (filters, ranks))]
            assert [(round(h.score, 6), h.input.id) for h in response.hits] == expected


def test_postings_are_rebuilt_after_a_restart_on_a_state_file(tmp_path):
    db = tmp_path / "state.db"
    with Emulator(db=db) as first:
        writer = Writer(first, random.Random(3))
        for _ in range(40):
            writer.write()
        before = check_same_as_scan(writer)
    with Emulator(db=db) as again:
        assert again.diverged == 0
        assert check_same_as_scan(Writer(again, random.Random(3))) == before


def test_metadata_keys_compare_as_metadata_matching_does():
    filed = search_index.input_keys(
        resources_pb2.Input(data=resources_pb2.Data(metadata=_struct({"a": {"b": 1}, "l": [1]}))), []
    )
    assert search_index.metadata_key({"a": {"b": 1.0}}) in filed
    assert search_index.metadata_key({"a": {"b": True}}) in filed  # True == 1, as in Python
    assert search_index.metadata_key({"l": [1]}) in filed
    assert search_index.metadata_key({"a": {}}) in filed
    assert search_index.metadata_key({}) is None
    assert search_index.metadata_key({"a": {"b": 2}}) not in filed
