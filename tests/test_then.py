"""cookbook.then: an old request as it went, sent with an app API key on a chosen day."""

from __future__ import annotations

import dataclasses

import pytest
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from cookbook import then
from recipes.connect import connect


@pytest.fixture(scope="module")
def session():
    return connect("emulator")


def other_app(session, app_id):
    """The session moved to a new app of its user (made here: no delete at exit)."""
    user = resources_pb2.UserAppIDSet(user_id=session.user_app_id.user_id)
    request = service_pb2.PostAppsRequest(user_app_id=user, apps=[resources_pb2.App(id=app_id)])
    assert session.stub.PostApps(request, metadata=session.metadata).status.code == 10000
    scope = resources_pb2.UserAppIDSet(user_id=user.user_id, app_id=app_id)
    return dataclasses.replace(session, user_app_id=scope)


def test_the_shown_request_hides_the_key(session):
    request = then.OldRequest("DELETE", "/v2/inputs", {"delete_all": True})
    shown = request.show()
    assert shown.splitlines()[:2] == ["DELETE /v2/inputs HTTP/1.1", "Authorization: Key YOUR_API_KEY"]
    assert then.api_key(session) not in shown


def test_an_old_request_is_answered_as_of_its_day(session):
    request = then.OldRequest("DELETE", "/v2/inputs", {"delete_all": True})
    before, after = (then.send(session.as_of(day), request) for day in ("2021-02-11", "2021-02-12"))
    assert (before.code, after.code) == (10000, 11100)
    assert before.record() == {"day": "2021-02-11", "code": 10000}
    assert after.record(result="[]", client="KeyError") == {
        "day": "2021-02-12",
        "code": 11100,
        "result": "[]",
        "client": "KeyError",
    }


def test_without_a_key_at_hand_the_pat_makes_one_for_the_app(session, monkeypatch):
    monkeypatch.delenv(then.KEY_VARIABLE, raising=False)
    elsewhere = other_app(session, "then-elsewhere")
    key = then.api_key(elsewhere)
    assert key != then.api_key(session) and then.api_key(elsewhere) == key  # made once per app
    answer = then.send(elsewhere, then.OldRequest("GET", "/v2/inputs"))
    assert answer.ok and answer.body.get("inputs", []) == []


def test_a_pat_that_cannot_make_keys_is_a_clear_error(session, monkeypatch):
    monkeypatch.delenv(then.KEY_VARIABLE, raising=False)
    stranger = dataclasses.replace(
        other_app(session, "then-stranger"), metadata=(("authorization", "Key " + "0" * 32),)
    )
    with pytest.raises(then.NoApiKey, match="CLARIFAI_API_KEY"):
        then.api_key(stranger)
