"""Searches today: PostInputsSearches, PostAnnotationsSearches and the deprecated PostSearches."""

from pathlib import Path

import pytest
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from clarifai_grpc.grpc.api.status import status_pb2
from google.protobuf.struct_pb2 import Struct

IMAGES = Path(__file__).parents[2] / "data" / "images"
RAILWAY = "ai_fvlBqXZR"
NAMES = ("astronaut", "camera", "chelsea", "coffee", "rocket")
METADATA = {
    "astronaut": {"kind": "space", "tags": ["nasa", "portrait"], "place": {"planet": "earth"}},
    "camera": {"kind": "people"},
    "chelsea": {"kind": "animal", "tags": ["cat"]},
    "coffee": {"kind": "food"},
    "rocket": {"kind": "space", "tags": ["spacex", "launch"]},
}


def struct(values):
    made = Struct()
    made.update(values)
    return made


def concept(concept_id, value=1.0, name=""):
    return resources_pb2.Concept(id=concept_id, name=name, value=value)


def photo(name):
    concepts = [concept("cat", 1.0 if name == "chelsea" else 0.0)] if name != "coffee" else []
    data = resources_pb2.Data(
        image=resources_pb2.Image(base64=(IMAGES / f"{name}.jpg").read_bytes()),
        concepts=concepts,
        metadata=struct(METADATA[name]),
    )
    return resources_pb2.Input(id=name, data=data)


@pytest.fixture
def filled(stub, pat, app_id):
    """The five sample photos, annotated (cat: chelsea yes, coffee unannotated, others no), downloaded."""
    stub.PostInputs(
        service_pb2.PostInputsRequest(user_app_id=app_id, inputs=[photo(n) for n in NAMES]), metadata=pat
    )
    for _ in range(2):
        stub.ListInputs(service_pb2.ListInputsRequest(user_app_id=app_id), metadata=pat)
    return app_id


def inputs_search(stub, pat, app_id, query, **fields):
    request = service_pb2.PostInputsSearchesRequest(
        user_app_id=app_id, searches=[resources_pb2.Search(query=query)], **fields
    )
    return stub.PostInputsSearches(request, metadata=pat)


def rank(*concepts, negate=False):
    data = resources_pb2.Data(concepts=concepts)
    return resources_pb2.Rank(negate=negate, annotation=resources_pb2.Annotation(data=data))


def annotated(*concepts, negate=False):
    data = resources_pb2.Data(concepts=concepts)
    return resources_pb2.Filter(negate=negate, annotation=resources_pb2.Annotation(data=data))


def ids(response):
    assert response.status.code == 10000, response.status
    return [hit.input.id for hit in response.hits]


def predicted(stub, pat, name, concept_id):
    """The general model's value for `concept_id` on a photo, from PostModelOutputs."""
    config = resources_pb2.OutputConfig(max_concepts=100)
    request = service_pb2.PostModelOutputsRequest(
        user_app_id=resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main"),
        model_id="general-image-recognition",
        inputs=[resources_pb2.Input(data=photo(name).data)],
        model=resources_pb2.Model(output_info=resources_pb2.OutputInfo(output_config=config)),
    )
    concepts = stub.PostModelOutputs(request, metadata=pat).outputs[0].data.concepts
    return next(c.value for c in concepts if c.id == concept_id)


def test_ranks_by_predicted_concept_score_the_general_models_value(stub, pat, filled):
    response = inputs_search(stub, pat, filled, resources_pb2.Query(ranks=[rank(concept(RAILWAY))]))
    scores = [hit.score for hit in response.hits]
    assert sorted(ids(response)) == sorted(NAMES)
    assert scores == sorted(scores, reverse=True)
    for hit in response.hits:
        assert hit.score == pytest.approx(predicted(stub, pat, hit.input.id, RAILWAY), abs=1e-6)


def test_a_concept_name_ranks_like_its_id_and_value_0_reverses_the_order(stub, pat, filled):
    by_id = ids(inputs_search(stub, pat, filled, resources_pb2.Query(ranks=[rank(concept(RAILWAY))])))
    by_name = ids(
        inputs_search(stub, pat, filled, resources_pb2.Query(ranks=[rank(concept("", name="railway"))]))
    )
    absent = ids(inputs_search(stub, pat, filled, resources_pb2.Query(ranks=[rank(concept(RAILWAY, 0.0))])))
    assert by_name == by_id
    assert absent == list(reversed(by_id))


def test_filters_by_annotated_concepts_present_or_absent(stub, pat, filled):
    yes = inputs_search(stub, pat, filled, resources_pb2.Query(filters=[annotated(concept("cat"))]))
    no = inputs_search(stub, pat, filled, resources_pb2.Query(filters=[annotated(concept("cat", 0.0))]))
    assert ids(yes) == ["chelsea"]
    assert sorted(ids(no)) == ["astronaut", "camera", "rocket"]  # coffee is not annotated at all
    assert {hit.score for hit in no.hits} == {1.0}


def test_filters_by_metadata_match_nested_keys_and_list_subsets(stub, pat, filled):
    def by_metadata(values):
        data = resources_pb2.Data(metadata=struct(values))
        query = resources_pb2.Query(filters=[resources_pb2.Filter(input=resources_pb2.Input(data=data))])
        return sorted(ids(inputs_search(stub, pat, filled, query)))

    assert by_metadata({"kind": "space"}) == ["astronaut", "rocket"]
    assert by_metadata({"tags": ["launch"]}) == ["rocket"]
    assert by_metadata({"place": {"planet": "earth"}}) == ["astronaut"]
    assert by_metadata({"kind": "space", "tags": ["cat"]}) == []


def test_filters_by_input_id_and_status_and_negate(stub, pat, filled):
    by_id = resources_pb2.Filter(input=resources_pb2.Input(id="coffee"))
    assert ids(inputs_search(stub, pat, filled, resources_pb2.Query(filters=[by_id]))) == ["coffee"]
    by_id.negate = True
    assert "coffee" not in ids(inputs_search(stub, pat, filled, resources_pb2.Query(filters=[by_id])))
    stub.PostInputs(
        service_pb2.PostInputsRequest(
            user_app_id=filled, inputs=[resources_pb2.Input(id="new", data=photo("rocket").data)]
        ),
        metadata=pat,
    )
    busy = resources_pb2.Filter(input=resources_pb2.Input(status=status_pb2.Status(code=30003)))
    assert ids(inputs_search(stub, pat, filled, resources_pb2.Query(filters=[busy]))) == [
        "new"
    ]  # downloading


def test_ranks_combine_with_filters_and_skip_inputs_not_downloaded(stub, pat, filled):
    stub.PostInputs(
        service_pb2.PostInputsRequest(
            user_app_id=filled, inputs=[resources_pb2.Input(id="new", data=photo("rocket").data)]
        ),
        metadata=pat,
    )
    query = resources_pb2.Query(ranks=[rank(concept(RAILWAY))], filters=[annotated(concept("cat", 0.0))])
    found = ids(inputs_search(stub, pat, filled, query))
    assert sorted(found) == ["astronaut", "camera", "rocket"]  # "new" is still pending


def test_an_image_ranks_itself_first_with_score_1(stub, pat, filled):
    image = resources_pb2.Image(base64=(IMAGES / "coffee.jpg").read_bytes())
    by_image = resources_pb2.Rank(annotation=resources_pb2.Annotation(data=resources_pb2.Data(image=image)))
    response = inputs_search(stub, pat, filled, resources_pb2.Query(ranks=[by_image]))
    assert ids(response)[0] == "coffee" and response.hits[0].score == pytest.approx(1.0)
    by_input = resources_pb2.Rank(annotation=resources_pb2.Annotation(input_id="coffee"))
    assert ids(inputs_search(stub, pat, filled, resources_pb2.Query(ranks=[by_input]))) == ids(response)


def test_ranking_by_a_missing_input_is_not_found(stub, pat, filled):
    by_input = resources_pb2.Rank(annotation=resources_pb2.Annotation(input_id="ghost"))
    status = inputs_search(stub, pat, filled, resources_pb2.Query(ranks=[by_input])).status
    assert status.code == 11101 and "ghost" in status.details


def test_pages_and_default_page_size(stub, pat, filled):
    query = resources_pb2.Query(ranks=[rank(concept(RAILWAY))])
    everything = ids(inputs_search(stub, pat, filled, query))
    pages = [
        ids(inputs_search(stub, pat, filled, query, pagination=service_pb2.Pagination(page=n, per_page=2)))
        for n in (1, 2, 3, 4)
    ]
    assert pages[0] + pages[1] + pages[2] == everything and pages[3] == []
    many = [
        resources_pb2.Input(id=f"n{n:02d}", data=resources_pb2.Data(text=resources_pb2.Text(raw=str(n))))
        for n in range(25)
    ]
    stub.PostInputs(service_pb2.PostInputsRequest(user_app_id=filled, inputs=many), metadata=pat)
    assert len(inputs_search(stub, pat, filled, resources_pb2.Query()).hits) == 20


def test_only_count_answers_a_count_and_no_hits(stub, pat, filled):
    response = inputs_search(
        stub, pat, filled, resources_pb2.Query(filters=[annotated(concept("cat", 0.0))]), only_count=True
    )
    assert response.status.code == 10000
    assert list(response.hits) == []
    assert [count.estimated_total for count in response.hit_counts] == [3]


def test_unsupported_fields_are_refused_naming_them(stub, pat, filled):
    geo = resources_pb2.Data(geo=resources_pb2.Geo(geo_point=resources_pb2.GeoPoint(longitude=1.0)))
    query = resources_pb2.Query(filters=[resources_pb2.Filter(input=resources_pb2.Input(data=geo))])
    status = inputs_search(stub, pat, filled, query).status
    assert (status.code, status.description) == (11102, "Invalid request")
    assert "searches[0].query.filters[0].input.data.geo" in status.details
    with_dataset = resources_pb2.Filter(input=resources_pb2.Input(dataset_ids=["d"]))
    status = inputs_search(stub, pat, filled, resources_pb2.Query(filters=[with_dataset])).status
    assert status.code == 11102 and "dataset_ids" in status.details


def test_exactly_one_search_is_needed(stub, pat, filled):
    request = service_pb2.PostInputsSearchesRequest(user_app_id=filled)
    status = stub.PostInputsSearches(request, metadata=pat).status
    assert status.code == 11102 and "got 0" in status.details


def test_annotation_search_finds_annotations_and_names_them(stub, pat, filled):
    query = resources_pb2.Query(filters=[annotated(concept("cat", 0.0))])
    request = service_pb2.PostAnnotationsSearchesRequest(
        user_app_id=filled, searches=[resources_pb2.Search(query=query)]
    )
    response = stub.PostAnnotationsSearches(request, metadata=pat)
    assert sorted(ids(response)) == ["astronaut", "camera", "rocket"]
    for hit in response.hits:
        assert hit.annotation.input_id == hit.input.id and len(hit.annotation.id) == 32
        assert [c.id for c in hit.annotation.data.concepts] == ["cat"]
    ranked = resources_pb2.Query(ranks=[rank(concept(RAILWAY))])
    request = service_pb2.PostAnnotationsSearchesRequest(
        user_app_id=filled, searches=[resources_pb2.Search(query=ranked)]
    )
    response = stub.PostAnnotationsSearches(request, metadata=pat)
    assert {hit.annotation.model_version_id for hit in response.hits} == {"aa7f35c01e0642fda5cf400f543e7c40"}


def test_post_searches_with_ands_is_still_served_with_a_deprecation_notice(stub, pat, filled):
    ands = [
        resources_pb2.And(output=resources_pb2.Output(data=resources_pb2.Data(concepts=[concept(RAILWAY)]))),
        resources_pb2.And(input=resources_pb2.Input(data=resources_pb2.Data(concepts=[concept("cat", 0.0)]))),
    ]
    request = service_pb2.PostSearchesRequest(user_app_id=filled, query=resources_pb2.Query(ands=ands))
    old = stub.PostSearches(request, metadata=pat)
    assert (old.status.code, old.status.description) == (10000, "Ok")
    assert "deprecated" in old.status.details and "PostInputsSearches" in old.status.details
    new = inputs_search(
        stub,
        pat,
        filled,
        resources_pb2.Query(ranks=[rank(concept(RAILWAY))], filters=[annotated(concept("cat", 0.0))]),
    )
    assert [(h.input.id, h.score) for h in old.hits] == [(h.input.id, h.score) for h in new.hits]
    assert list(old.query.ands) == ands


def test_an_app_key_searches_its_own_app(stub, emulator, filled):
    key = (("authorization", "Key " + emulator.account.api_key),)
    request = service_pb2.PostInputsSearchesRequest(
        searches=[resources_pb2.Search(query=resources_pb2.Query())]
    )
    assert len(stub.PostInputsSearches(request, metadata=key).hits) == 5
