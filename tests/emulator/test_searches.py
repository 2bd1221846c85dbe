"""Searches today: PostInputsSearches, PostAnnotationsSearches and the deprecated PostSearches."""

from pathlib import Path

import pytest
import requests
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
    text = resources_pb2.Data(text=resources_pb2.Text(raw="a dog"))
    query = resources_pb2.Query(filters=[resources_pb2.Filter(input=resources_pb2.Input(data=text))])
    status = inputs_search(stub, pat, filled, query).status
    assert (status.code, status.description) == (11102, "Invalid request")
    assert "searches[0].query.filters[0].input.data.text" in status.details
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


def geo_input(input_id, longitude, latitude):
    point = resources_pb2.GeoPoint(longitude=longitude, latitude=latitude)
    item = resources_pb2.Input(id=input_id, data=photo("rocket").data)
    item.data.ClearField("concepts")
    item.data.geo.geo_point.CopyFrom(point)
    return item


@pytest.fixture
def placed(stub, pat, app_id):
    """Inputs at Kazan-ish (44, 55), Moscow-ish (37.6, 55.75) and Quito-ish (-78.5, -0.2), downloaded."""
    inputs = [geo_input("near", 44, 55), geo_input("moscow", 37.6, 55.75), geo_input("quito", -78.5, -0.2)]
    inputs[0].data.concepts.add(id="cat", value=1)
    stub.PostInputs(service_pb2.PostInputsRequest(user_app_id=app_id, inputs=inputs), metadata=pat)
    for _ in range(2):
        stub.ListInputs(service_pb2.ListInputsRequest(user_app_id=app_id), metadata=pat)
    return app_id


def geo_filter(geo, part="annotation"):
    holder = resources_pb2.Annotation if part == "annotation" else resources_pb2.Input
    return resources_pb2.Filter(**{part: holder(data=resources_pb2.Data(geo=geo))})


def within(value, unit, longitude=43, latitude=56):
    return resources_pb2.Geo(
        geo_point=resources_pb2.GeoPoint(longitude=longitude, latitude=latitude),
        geo_limit=resources_pb2.GeoLimit(value=value, type=unit),
    )


def box(*corners):
    return resources_pb2.Geo(
        geo_box=[
            resources_pb2.GeoBoxedPoint(geo_point=resources_pb2.GeoPoint(longitude=x, latitude=y))
            for x, y in corners
        ]
    )


def test_geo_point_and_limit_keeps_inputs_within_the_radius_in_each_unit(stub, pat, placed):
    # (43, 56) is about 130 km from "near" and about 340 km from "moscow"
    for value, unit in (
        (200, "withinKilometers"),
        (124, "withinMiles"),
        (1.8, "withinDegrees"),
        (0.0314, "withinRadians"),
    ):
        found = ids(
            inputs_search(stub, pat, placed, resources_pb2.Query(filters=[geo_filter(within(value, unit))]))
        )
        assert found == ["near"], unit
    wide = resources_pb2.Query(filters=[geo_filter(within(1000, "withinKilometers"), part="input")])
    assert ids(inputs_search(stub, pat, placed, wide)) == ["moscow", "near"]


def test_geo_box_keeps_inputs_inside_it_whatever_the_corner_order(stub, pat, placed):
    for corners in (((43, 54), (45, 56)), ((45, 56), (43, 54))):
        query = resources_pb2.Query(filters=[geo_filter(box(*corners))])
        assert ids(inputs_search(stub, pat, placed, query)) == ["near"]
    world = resources_pb2.Query(filters=[geo_filter(box((-180, -90), (180, 90)))])
    assert sorted(ids(inputs_search(stub, pat, placed, world))) == ["moscow", "near", "quito"]


def test_geo_combines_with_concepts_ranks_and_legacy_ands(stub, pat, placed, filled):
    both = resources_pb2.Query(filters=[geo_filter(box((-180, -90), (180, 90))), annotated(concept("cat"))])
    assert ids(inputs_search(stub, pat, placed, both)) == ["near"]
    ranked = resources_pb2.Query(
        ranks=[rank(concept(RAILWAY))], filters=[geo_filter(within(1000, "withinKilometers"))]
    )
    assert sorted(ids(inputs_search(stub, pat, placed, ranked))) == ["moscow", "near"]
    geo_and = resources_pb2.And(
        input=resources_pb2.Input(data=resources_pb2.Data(geo=box((43, 54), (45, 56))))
    )
    request = service_pb2.PostSearchesRequest(user_app_id=placed, query=resources_pb2.Query(ands=[geo_and]))
    assert ids(stub.PostSearches(request, metadata=pat)) == ["near"]


def test_bad_geo_is_refused_naming_the_field(stub, pat, placed):
    cases = (
        (within(10, "withinFurlongs"), "searches[0].query.filters[0].annotation.data.geo.geo_limit.type"),
        (box((1, 1)), "searches[0].query.filters[0].annotation.data.geo.geo_box"),
        (resources_pb2.Geo(geo_limit=resources_pb2.GeoLimit(value=1, type="withinMiles")), "data.geo needs"),
    )
    for geo, named in cases:
        status = inputs_search(stub, pat, placed, resources_pb2.Query(filters=[geo_filter(geo)])).status
        assert status.code == 11102 and named in status.details, status


def test_haversine_distance_of_a_known_pair():
    from emulator.geo import distance_km

    paris, london = (
        resources_pb2.GeoPoint(longitude=2.3522, latitude=48.8566),
        resources_pb2.GeoPoint(longitude=-0.1276, latitude=51.5072),
    )
    assert distance_km(paris, london) == pytest.approx(343.9, abs=1.0)


def test_algorithm_metric_and_as_of_are_accepted_and_change_nothing(stub, pat, filled):
    query = resources_pb2.Query(ranks=[rank(concept(RAILWAY))])
    plain = inputs_search(stub, pat, filled, query)
    tuned = resources_pb2.Search(
        query=query, algorithm="nearest_neighbor", metric=resources_pb2.Search.EUCLIDEAN_DISTANCE
    )
    tuned.as_of.FromSeconds(1)
    request = service_pb2.PostInputsSearchesRequest(user_app_id=filled, searches=[tuned])
    answer = stub.PostInputsSearches(request, metadata=pat)
    assert [(h.input.id, h.score) for h in answer.hits] == [(h.input.id, h.score) for h in plain.hits]


def save(stub, pat, app_id, search_id, query, rpc="PostSearches"):
    search = resources_pb2.Search(id=search_id, save=True, query=query)
    request_class = getattr(service_pb2, f"{rpc}Request")
    return getattr(stub, rpc)(request_class(user_app_id=app_id, searches=[search]), metadata=pat)


def by_id(stub, pat, app_id, search_id, **pagination):
    request = service_pb2.PostSearchesByIDRequest(
        user_app_id=app_id, id=search_id, pagination=service_pb2.Pagination(**pagination)
    )
    return stub.PostSearchesByID(request, metadata=pat)


def test_a_saved_search_is_kept_not_run_and_runs_again_by_id_with_its_own_pages(stub, pat, filled):
    absent = resources_pb2.And(
        input=resources_pb2.Input(data=resources_pb2.Data(concepts=[concept("cat", 0.0)]))
    )
    saved = save(stub, pat, filled, "not-cats", resources_pb2.Query(ands=[absent]))
    assert saved.status.code == 10000 and list(saved.hits) == []
    assert (saved.searches[0].id, saved.searches[0].application_id) == ("not-cats", filled.app_id)
    assert sorted(ids(by_id(stub, pat, filled, "not-cats"))) == ["astronaut", "camera", "rocket"]
    assert len(by_id(stub, pat, filled, "not-cats", page=2, per_page=2).hits) == 1
    stub.PatchInputs(
        service_pb2.PatchInputsRequest(
            user_app_id=filled,
            action="merge",
            inputs=[resources_pb2.Input(id="camera", data=resources_pb2.Data(concepts=[concept("cat")]))],
        ),
        metadata=pat,
    )
    assert sorted(ids(by_id(stub, pat, filled, "not-cats"))) == [
        "astronaut",
        "rocket",
    ]  # runs on today's inputs


def test_a_saved_annotations_search_answers_annotations(stub, pat, filled):
    save(
        stub,
        pat,
        filled,
        "cats",
        resources_pb2.Query(filters=[annotated(concept("cat"))]),
        "PostAnnotationsSearches",
    )
    [hit] = by_id(stub, pat, filled, "cats").hits
    assert hit.input.id == "chelsea" and hit.annotation.input_id == "chelsea"
    save(
        stub,
        pat,
        filled,
        "cat-inputs",
        resources_pb2.Query(filters=[annotated(concept("cat"))]),
        "PostInputsSearches",
    )
    [hit] = by_id(stub, pat, filled, "cat-inputs").hits
    assert not hit.HasField("annotation")


def test_saved_searches_are_listed_read_and_deleted(stub, pat, filled):
    for name in ("first", "second"):
        save(stub, pat, filled, name, resources_pb2.Query(filters=[annotated(concept("cat"))]))
    listed = stub.ListSearches(service_pb2.ListSearchesRequest(user_app_id=filled), metadata=pat)
    assert [s.id for s in listed.searches] == ["second", "first"]
    got = stub.GetSearch(service_pb2.GetSearchRequest(user_app_id=filled, id="first"), metadata=pat)
    assert got.search.id == "first" and got.search.query.filters[0].annotation.data.concepts[0].id == "cat"
    deleted = stub.DeleteSearch(service_pb2.DeleteSearchRequest(user_app_id=filled, id="first"), metadata=pat)
    assert deleted.status.code == 10000
    for answer in (
        by_id(stub, pat, filled, "first"),
        stub.GetSearch(service_pb2.GetSearchRequest(user_app_id=filled, id="first"), metadata=pat),
        stub.DeleteSearch(service_pb2.DeleteSearchRequest(user_app_id=filled, id="first"), metadata=pat),
    ):
        assert (answer.status.code, answer.status.details) == (11101, "Search 'first' not found.")


def test_geo_and_saved_searches_over_rest(emulator, placed):
    base = f"{emulator.rest_url}/v2/users/{placed.user_id}/apps/{placed.app_id}"
    auth = {"Authorization": "Key " + emulator.account.pat}
    geo = {
        "geo_point": {"longitude": 43, "latitude": 56},
        "geo_limit": {"type": "withinKilometers", "value": 200},
    }
    body = {
        "searches": [
            {"id": "close", "save": True, "query": {"filters": [{"annotation": {"data": {"geo": geo}}}]}}
        ]
    }
    saved = requests.post(f"{base}/inputs/searches", json=body, headers=auth).json()
    assert saved["status"]["code"] == 10000 and saved["searches"][0]["id"] == "close"
    run = requests.post(f"{base}/searches/close", json={}, headers=auth).json()
    assert [hit["input"]["id"] for hit in run["hits"]] == ["near"]


def test_search_feedback_over_rest_is_not_taken_for_a_saved_search(emulator, filled):
    url = emulator.rest_url + "/v2/searches/feedback"
    auth = {"Authorization": "Key " + emulator.account.api_key}
    body = {"input": {"id": "camera", "feedback_info": {"event_type": "search_click", "search_id": "s1"}}}
    answer = requests.post(url, json=body, headers=auth).json()
    assert answer["status"]["code"] == 10000, answer
    refused = requests.post(url, json={"input": {}}, headers=auth).json()
    assert refused["status"]["code"] == 11102
    saved = requests.post(emulator.rest_url + "/v2/searches/feedbacks", json={}, headers=auth).json()
    assert (saved["status"]["code"], saved["status"]["details"]) == (11101, "Search 'feedbacks' not found.")
