"""Each notebook's "your code then" is real: its 2.x snippet, run unmodified with
``clarifai==2.6.2`` (the ``legacy`` side venv) against the emulator as of every day the
notebook sent the snippet's raw request, meets the answer that request got (issue 13).

Skipped only when the side venv cannot be built because the package registry is unreachable.
"""

from __future__ import annotations

import pytest

from cookbook import catalog
from cookbook.fidelity import snippets, venvs
from cookbook.then import TAG

SNIPPETS = snippets.collect()
END_OF_2X_ERA = "2022-01-01"  # from CL013 (2021-11-24) on, ClarifaiApp() no longer starts


@pytest.fixture(scope="module")
def legacy_venv() -> None:
    try:
        venvs.build("legacy")
    except venvs.BuildError as exc:
        if exc.offline:
            pytest.skip(f"the legacy venv cannot be built without the package registry: {exc}")
        raise


def test_every_change_of_the_2x_era_shows_its_snippet() -> None:
    """Every change of 2019-2021 shows the 2.x code of the time; none shows a snippet without
    the old-call records it must be checked against (one per day tried, both sides of the date)."""
    era = [c.code for c in catalog.load() if c.date.isoformat() < END_OF_2X_ERA]
    assert [s.code for s in SNIPPETS] == era
    for snippet in SNIPPETS:
        days = {record["day"] for record in snippet.expected}
        assert len(days) >= 2, f"{snippet.code}: its old call recorded {sorted(map(str, days))}"


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[s.code for s in SNIPPETS])
def test_snippet_meets_the_raw_requests_answer(legacy_venv: None, snippet: snippets.Snippet) -> None:
    missed = [result.describe() for result in snippets.check(snippet) if not result.met]
    assert not missed, "\n".join(missed)


def test_a_snippet_is_read_from_its_tagged_cell_only() -> None:
    cell = {"cell_type": "markdown", "metadata": {"tags": [TAG]}, "source": "Then:\n```python\nx = 1\n```\n"}
    other = {"cell_type": "markdown", "metadata": {}, "source": "```python\ny = 2\n```\n"}
    assert snippets.snippet_of({"cells": [other, cell]}) == "x = 1\n"
    assert snippets.snippet_of({"cells": [other]}) is None
    with pytest.raises(ValueError, match="no ```python block"):
        snippets.snippet_of({"cells": [dict(cell, source="no code")]})


def test_a_result_is_met_by_code_result_and_client_error() -> None:
    def result(expected: dict, got: dict) -> bool:
        return snippets.Result("CL000", "2020-01-01", expected, got).met

    assert result({"code": 10000, "day": "d"}, {"code": 10000, "result": "anything"})
    assert not result({"code": 11100, "day": "d"}, {"code": 10000, "result": ""})
    assert result({"code": 10000, "result": "['dog']"}, {"code": 10000, "result": "['dog']"})
    assert not result({"code": 10000, "result": "['dog']"}, {"code": 10000, "result": "[]"})
    assert result({"code": 11100, "client": "KeyError: 'type'"}, {"code": None, "raised": "KeyError: 'type'"})
    assert not result({"code": 11100, "client": "KeyError: 'type'"}, {"code": 11100, "raised": "ApiError"})


def test_the_runner_reports_how_a_snippet_ends() -> None:
    """The side-venv runner (stdlib only): the last printed line, the ApiError's status, or the
    client's own error."""
    from cookbook.fidelity.flows.run_snippet import outcome_of

    assert outcome_of("print('first')\nprint(['dog'])\n") == {"code": 10000, "result": "['dog']"}
    api_error = (
        "class ApiError(Exception):\n"
        "    error_code, error_desc = 11100, 'Bad request format'\n"
        "raise ApiError()\n"
    )
    assert outcome_of(api_error) == {"code": 11100, "raised": "ApiError: 11100 Bad request format"}
    assert outcome_of("{}['type']") == {"code": None, "raised": "KeyError: 'type'"}
