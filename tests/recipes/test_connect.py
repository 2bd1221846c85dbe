"""Sessions: the embedded emulator, the live API's credentials, dates and scratch apps."""

import pytest
from clarifai_grpc.grpc.api import service_pb2

from recipes import ConnectError, connect
from recipes.connect import scratch_app


def count(session):
    request = service_pb2.GetInputCountRequest(user_app_id=session.user_app_id)
    return session.stub.GetInputCount(request, metadata=session.metadata)


def test_the_embedded_emulator_answers(session):
    assert count(session).status.code == 10000
    assert session.can_time_travel


def test_as_of_adds_the_date_and_keeps_the_credential(session):
    past = session.as_of("2019-09-23")
    assert dict(past.metadata)["x-clarifai-emulator-as-of"] == "2019-09-23"
    assert dict(past.metadata)["authorization"] == dict(session.metadata)["authorization"]
    assert len(past.as_of("2020-01-01").metadata) == 2
    assert past.calls is session.calls


def test_unknown_target_is_named():
    with pytest.raises(ConnectError, match="'cloud'"):
        connect("cloud")


def test_live_without_a_pat_says_which_variable(monkeypatch):
    monkeypatch.delenv("CLARIFAI_PAT", raising=False)
    with pytest.raises(ConnectError, match="CLARIFAI_PAT"):
        connect("live")


def test_live_sessions_cannot_travel_in_time(monkeypatch):
    monkeypatch.setenv("CLARIFAI_PAT", "f" * 32)
    monkeypatch.setenv("CLARIFAI_APP_ID", "my-app")
    live = connect("live")
    assert live.user_app_id.user_id == "me" and live.user_app_id.app_id == "my-app"
    with pytest.raises(ConnectError, match="past date"):
        live.as_of("2019-09-23")


def test_rest_url_is_app_scoped(session):
    scope = session.user_app_id
    assert (
        session.rest_url("inputs")
        == f"{session.rest_base}/v2/users/{scope.user_id}/apps/{scope.app_id}/inputs"
    )
    assert session.rest_headers["Authorization"].startswith("Key ")


def test_scratch_app_works_in_a_new_app(session):
    scratch = scratch_app(session)
    assert scratch.user_app_id.app_id.startswith("cookbook-scratch-")
    assert count(scratch).status.code == 10000
    assert scratch.user_app_id.app_id in session.emulator.store.users[scratch.user_app_id.user_id].apps
