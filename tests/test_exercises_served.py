"""cookbook.exercises.served: the RPCs an answer had served, REST calls included."""

from __future__ import annotations

import dataclasses

import pytest
import requests
from clarifai_grpc.grpc.api import service_pb2

from cookbook.exercises.served import served_during
from recipes import connect


@pytest.fixture(scope="module")
def session():
    return connect("emulator")


def list_inputs(session):
    request = service_pb2.ListInputsRequest(user_app_id=session.user_app_id)
    return session.stub.ListInputs(request, metadata=session.metadata).status.code


def search_by_rest(session):
    body = {"query": {"ands": []}}
    answer = requests.post(session.rest_url("searches"), json=body, headers=session.rest_headers)
    return answer.json()["status"]["code"]


def test_rest_and_grpc_calls_are_counted_by_rpc_name(session):
    list_inputs(session)  # served before: not counted
    result, served = served_during(session, lambda: (search_by_rest(session), list_inputs(session)))
    assert result == (10000, 10000)
    assert served == {"PostSearches": 1, "ListInputs": 1}


def test_without_the_emulator_in_process_only_grpc_calls_are_counted(session):
    remote = dataclasses.replace(session, emulator=None)  # as a room's emulator is seen
    _, served = served_during(remote, lambda: (search_by_rest(remote), list_inputs(remote)))
    assert served == {"ListInputs": 1}
