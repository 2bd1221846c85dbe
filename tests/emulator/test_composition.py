"""How changes compose (`emulator.changes.serve`), shown with made-up changes of one RPC.

Each made-up change leaves its mark: a request transform appends its name to the request's
ids, a response transform appends it to the response's details, so the order shows.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from clarifai_grpc.grpc.api import service_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2

from emulator.changes import Change, ChangeError, serve
from emulator.statuses import ApiError

OLD_DAY = dt.date(2019, 1, 1)


def call_as_of(day: dt.date = OLD_DAY, unclaimed: tuple[str, ...] = ()) -> SimpleNamespace:
    """The little of a Call that composing reads."""
    return SimpleNamespace(
        rpc=SimpleNamespace(name="DeleteInputs"),
        as_of=day,
        request=service_pb2.DeleteInputsRequest(),
        unclaimed_legacy=lambda: list(unclaimed),
    )


def change(name: str, year: int) -> Change:
    return Change(f"made_up.{name}", code=name, date=dt.date(year, 1, 1), rpcs={"DeleteInputs"})


def rewrites(found: Change) -> Change:
    found.request(lambda call: call.request.ids.append(found.code))
    return found


def answers(found: Change) -> Change:
    found.answer(lambda call: _response(_answered(found.code, call)))
    return found


def ages(found: Change) -> Change:
    def after(call, response):
        response.status.details += f" {found.code}"
        return response

    found.after(after)
    return found


def _response(details: str) -> service_pb2.MultiInputResponse:
    response = service_pb2.MultiInputResponse()
    response.status.code = status_code_pb2.SUCCESS
    response.status.details = details
    return response


def today(call) -> service_pb2.MultiInputResponse:
    return _response(_answered("today", call))


def _answered(who: str, call) -> str:
    """Who answered, and the request transforms it saw."""
    return f"{who} answered {'+'.join(call.request.ids) or 'as sent'};"


def test_an_answering_newer_change_still_gets_the_older_request_transform():
    older, newer = rewrites(change("OLDER", 2020)), answers(change("NEWER", 2021))
    response = serve(call_as_of(), today, [older, newer])
    assert response.status.details == "NEWER answered OLDER;"


def test_request_transforms_run_oldest_first_whatever_the_order_given():
    first, second = rewrites(change("FIRST", 2020)), rewrites(change("SECOND", 2021))
    response = serve(call_as_of(), today, [second, first])
    assert response.status.details == "today answered FIRST+SECOND;"


def test_an_answer_is_aged_only_by_older_changes_newest_first():
    oldest, older, answering, newer = (ages(change(name, year)) for name, year in _four())
    answers(answering)
    response = serve(call_as_of(), today, [oldest, older, answering, newer])
    assert response.status.details == "ANSWERING answered as sent; OLDER OLDEST"


def test_without_an_answer_today_s_handler_answers_and_every_after_runs_newest_first():
    changes = [ages(change(name, year)) for name, year in _four()]
    response = serve(call_as_of(), today, changes)
    assert response.status.details == "today answered as sent; NEWER ANSWERING OLDER OLDEST"


def test_the_newest_answer_wins():
    older, newer = answers(change("OLDER", 2020)), answers(change("NEWER", 2021))
    assert serve(call_as_of(), today, [older, newer]).status.details == "NEWER answered as sent;"


def test_guards_run_before_any_request_transform():
    guarded, rewriting = change("GUARDED", 2021), rewrites(change("REWRITING", 2020))
    guarded.guard(lambda call: _refuse())
    call = call_as_of()
    with pytest.raises(ApiError, match="REQUEST_DISABLED_FOR_MAINTENANCE"):
        serve(call, today, [rewriting, guarded])
    assert list(call.request.ids) == []


def test_a_change_whose_date_has_passed_does_nothing():
    passed = answers(rewrites(change("PASSED", 2020)))
    response = serve(call_as_of(dt.date(2020, 1, 1)), today, [passed])
    assert response.status.details == "today answered as sent;"


def test_a_custom_applies_replaces_the_date_test():
    on_the_day = answers(change("ON_THE_DAY", 2020))
    on_the_day.applies(lambda call: call.as_of == on_the_day.date)
    assert serve(call_as_of(OLD_DAY), today, [on_the_day]).status.details.startswith("today")
    assert serve(call_as_of(on_the_day.date), today, [on_the_day]).status.details.startswith("ON_THE_DAY")


def test_a_request_transform_that_answers_is_refused():
    confused = change("CONFUSED", 2020)
    confused.request(lambda call: _response("an answer"))
    with pytest.raises(ChangeError, match="made_up.CONFUSED: a request transform returned a response"):
        serve(call_as_of(), today, [confused])


def test_unclaimed_removed_fields_are_refused_when_today_s_handler_would_answer():
    with pytest.raises(ApiError, match="CONN_BAD_REQUEST_FORMAT"):
        serve(call_as_of(unclaimed=("delete_all",)), today, [ages(change("AGES", 2020))])


def _four() -> list[tuple[str, int]]:
    return [("OLDEST", 2020), ("OLDER", 2021), ("ANSWERING", 2022), ("NEWER", 2023)]


def _refuse() -> None:
    raise ApiError("REQUEST_DISABLED_FOR_MAINTENANCE")
