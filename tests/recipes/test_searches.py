"""search_inputs and translate_ands (CL015): the old `ands` as filters and ranks."""

import pytest
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from google.protobuf import json_format

from recipes import ClarifaiStatusError, add_inputs, wait_for_inputs
from recipes.searches import count_inputs, search_inputs, translate_ands
from tests.emulator.test_searches import NAMES, RAILWAY, photo

PREDICTED = {"output": {"data": {"concepts": [{"id": RAILWAY, "value": 1}]}}}
NOT_A_CAT = {"input": {"data": {"concepts": [{"id": "cat", "value": 0}]}}}
SPACE = {"input": {"data": {"metadata": {"kind": "space"}}}}


@pytest.fixture
def photos(session):
    wait_for_inputs(session, add_inputs(session, [photo(name) for name in NAMES]))
    return session


def as_json(messages):
    return [json_format.MessageToDict(m, preserving_proto_field_name=True) for m in messages]


def test_output_concepts_become_a_rank_and_input_concepts_an_annotation_filter():
    filters, ranks = translate_ands([PREDICTED, NOT_A_CAT])
    assert as_json(ranks) == [{"annotation": {"data": {"concepts": [{"id": RAILWAY, "value": 1.0}]}}}]
    assert as_json(filters) == [{"annotation": {"data": {"concepts": [{"id": "cat"}]}}}]


def test_metadata_and_ids_become_input_filters_and_negate_carries_over():
    filters, ranks = translate_ands([SPACE, {"input": {"id": "rocket"}, "negate": True}])
    assert ranks == []
    assert as_json(filters) == [
        {"input": {"data": {"metadata": {"kind": "space"}}}},
        {"input": {"id": "rocket"}, "negate": True},
    ]


def test_an_image_to_look_like_becomes_an_image_rank():
    old = resources_pb2.And(
        output=resources_pb2.Output(
            input=resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(url="u")))
        )
    )
    _, ranks = translate_ands([old])
    assert as_json(ranks) == [{"annotation": {"data": {"image": {"url": "u"}}}}]


def test_protos_and_json_dicts_translate_alike():
    proto = json_format.ParseDict(PREDICTED, resources_pb2.And())
    assert translate_ands([proto]) == translate_ands([PREDICTED])


def test_a_negated_clause_with_two_parts_cannot_be_split():
    both = {
        "input": {"data": {"concepts": [{"id": "cat", "value": 1}], "metadata": {"kind": "animal"}}},
        "negate": True,
    }
    with pytest.raises(ValueError, match="split it"):
        translate_ands([both])


def test_an_untranslatable_output_part_is_named():
    with pytest.raises(ValueError, match="regions"):
        translate_ands([{"output": {"data": {"regions": [{"id": "r"}]}}}])


def test_search_inputs_finds_what_post_searches_found(photos):
    request = service_pb2.PostSearchesRequest(
        user_app_id=photos.user_app_id,
        query=resources_pb2.Query(
            ands=[json_format.ParseDict(a, resources_pb2.And()) for a in (PREDICTED, NOT_A_CAT)]
        ),
    )
    old = photos.stub.PostSearches(request, metadata=photos.metadata)
    new = search_inputs(photos, [PREDICTED, NOT_A_CAT])
    assert [(h.input_id, h.score) for h in new] == [(h.input.id, round(h.score, 6)) for h in old.hits]
    assert [h.input_id for h in new] and {h.input_id for h in new} == {"astronaut", "camera", "rocket"}
    assert photos.calls["PostInputsSearches"] == 1


def test_search_inputs_pages_until_a_short_page_and_stops_at_max_hits(photos):
    everything = search_inputs(photos, [PREDICTED], per_page=2)
    assert [h.input_id for h in everything] == [h.input_id for h in search_inputs(photos, [PREDICTED])]
    assert len(everything) == 5
    assert photos.calls["PostInputsSearches"] == 3 + 1
    assert [h.input_id for h in search_inputs(photos, [PREDICTED], per_page=2, max_hits=3)] == [
        h.input_id for h in everything[:3]
    ]


def test_old_ands_combine_with_new_filters(photos):
    space = resources_pb2.Filter(
        input=resources_pb2.Input(
            data=json_format.ParseDict({"metadata": {"kind": "space"}}, resources_pb2.Data())
        )
    )
    found = search_inputs(photos, [PREDICTED], filters=[space])
    assert sorted(h.input_id for h in found) == ["astronaut", "rocket"]
    assert count_inputs(photos, [PREDICTED], filters=[space]) == 2


def test_bad_per_page_is_refused_before_any_call(photos):
    with pytest.raises(ValueError, match="per_page"):
        search_inputs(photos, per_page=0)
    assert photos.calls["PostInputsSearches"] == 0


def test_api_failures_raise_with_the_status_name(photos):
    geo = resources_pb2.Filter(
        input=resources_pb2.Input(
            data=json_format.ParseDict({"geo": {"geo_point": {"longitude": 1}}}, resources_pb2.Data())
        )
    )
    with pytest.raises(ClarifaiStatusError) as raised:
        search_inputs(photos, filters=[geo])
    assert raised.value.name == "CONN_INVALID_REQUEST" and "geo" in raised.value.details
