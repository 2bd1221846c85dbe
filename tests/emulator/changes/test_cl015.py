"""CL015 2022-11-22: POST /searches deprecated, still served; the new endpoints alike on both sides."""

import pytest
import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from tests.emulator.test_searches import NAMES, RAILWAY, photo

BEFORE, AFTER = "2022-11-21", "2022-11-22"
OLD_BODY = {  # the documented old search body (clarifai-facts §4)
    "query": {"ands": [{"output": {"data": {"concepts": [{"id": RAILWAY, "value": 1.0}]}}}]},
    "pagination": {"per_page": 20, "page": 1},
}
NEW_BODY = {
    "searches": [
        {"query": {"ranks": [{"annotation": {"data": {"concepts": [{"id": RAILWAY, "value": 1}]}}}]}}
    ]
}


@pytest.fixture
def filled(stub, pat, app_id):
    stub.PostInputs(
        service_pb2.PostInputsRequest(user_app_id=app_id, inputs=[photo(n) for n in NAMES]), metadata=pat
    )
    for _ in range(2):
        stub.ListInputs(service_pb2.ListInputsRequest(user_app_id=app_id), metadata=pat)
    return app_id


def rest(emulator, path, body, day):
    headers = {"Authorization": "Key " + emulator.account.api_key, "X-Clarifai-Emulator-As-Of": day}
    return requests.post(f"{emulator.rest_url}/v2/{path}", json=body, headers=headers, timeout=30).json()


def grpc_old_search(stub, pat, app_id, day):
    concepts = [resources_pb2.Concept(id=RAILWAY, value=1.0)]
    ands = [resources_pb2.And(output=resources_pb2.Output(data=resources_pb2.Data(concepts=concepts)))]
    request = service_pb2.PostSearchesRequest(user_app_id=app_id, query=resources_pb2.Query(ands=ands))
    return stub.PostSearches(request, metadata=(*pat, ("x-clarifai-emulator-as-of", day)))


def hits(body):
    return [(hit["input"]["id"], hit["score"]) for hit in body["hits"]]


def test_before_the_date_rest_post_searches_answers_without_a_notice(emulator, filled):
    body = rest(emulator, "searches", OLD_BODY, BEFORE)
    assert body["status"]["code"] == 10000
    assert "details" not in body["status"]
    assert len(body["hits"]) == len(NAMES)


def test_from_the_date_rest_post_searches_answers_the_same_hits_with_a_notice(emulator, filled):
    before = rest(emulator, "searches", OLD_BODY, BEFORE)
    after = rest(emulator, "searches", OLD_BODY, AFTER)
    assert after["status"]["code"] == 10000
    assert "deprecated" in after["status"]["details"]
    assert hits(after) == hits(before)


def test_before_the_date_an_old_grpc_client_gets_no_notice(stub, pat, filled):
    response = grpc_old_search(stub, pat, filled, BEFORE)
    assert (response.status.code, response.status.details) == (10000, "")


def test_from_the_date_an_old_grpc_client_is_served_and_told(stub, pat, filled):
    before = grpc_old_search(stub, pat, filled, BEFORE)
    after = grpc_old_search(stub, pat, filled, AFTER)
    assert after.status.code == 10000
    assert "PostInputsSearches" in after.status.details
    assert [(h.input.id, h.score) for h in after.hits] == [(h.input.id, h.score) for h in before.hits]


def test_the_new_endpoint_answers_alike_on_both_sides_and_as_the_old_one(emulator, filled):
    before, after = (
        rest(emulator, "inputs/searches", NEW_BODY, BEFORE),
        rest(emulator, "inputs/searches", NEW_BODY, AFTER),
    )
    assert before["status"]["code"] == after["status"]["code"] == 10000
    assert "details" not in after["status"]
    assert hits(before) == hits(after) == hits(rest(emulator, "searches", OLD_BODY, AFTER))


def test_a_refused_old_search_is_refused_on_both_sides(emulator, filled):
    body = {"query": {"ands": [{"input": {"data": {"geo": {"geo_point": {"longitude": 1.0}}}}}]}}
    for day in (BEFORE, AFTER):
        status = rest(emulator, "searches", body, day)["status"]
        assert status["code"] == 11102 and "query.ands[0].input.data.geo" in status["details"]
