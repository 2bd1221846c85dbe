"""cookbook.then: an old request as it went, sent with an app API key on a chosen day."""

from __future__ import annotations

import dataclasses

import pytest

from cookbook import then
from recipes.connect import connect, scratch_app


@pytest.fixture(scope="module")
def session():
    return connect("emulator")


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
    other_app = scratch_app(session)
    key = then.api_key(other_app)
    assert key != then.api_key(session) and then.api_key(other_app) == key  # made once per app
    answer = then.send(other_app, then.OldRequest("GET", "/v2/inputs"))
    assert answer.ok and answer.body.get("inputs", []) == []


def test_a_pat_that_cannot_make_keys_is_a_clear_error(session, monkeypatch):
    monkeypatch.delenv(then.KEY_VARIABLE, raising=False)
    stranger = dataclasses.replace(scratch_app(session), metadata=(("authorization", "Key " + "0" * 32),))
    with pytest.raises(then.NoApiKey, match="CLARIFAI_API_KEY"):
        then.api_key(stranger)
