"""The fidelity harness's own logic, without venvs or an emulator (fast)."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cookbook import catalog
from cookbook.fidelity import causes, flows_run, peer_suite, report, runner
from cookbook.fidelity.emulator_proc import redact
from cookbook.fidelity.paths import FLOWS
from cookbook.fidelity.results import Check, ClientRun

JUNIT = """<testsuites><testsuite>
<testcase classname="tests.client.test_a" name="test_ok[grpc]" time="0.1"/>
<testcase classname="tests.client.test_a" name="test_bad[json]" time="0.1">
<failure message="Exception: x">tests/client/test_a.py:12: in test_bad
    raise_on_failure(r)
tests/common.py:336: in raise_on_failure
E   Exception: Received failure response `10040 Not implemented {MSG}`. Whole response object: {{
E     code: 10040
</failure></testcase>
<testcase classname="tests.client.test_b" name="test_net[grpc]" time="0.1">
<failure message="x">E   conftest.FidelityOfflineBlock: fidelity-offline-block: 'x.com'</failure>
</testcase></testsuite></testsuites>""".format(MSG="The emulator does not implement PatchAnnotations.")


def test_peer_junit_parse(tmp_path: Path) -> None:
    path = tmp_path / "j.xml"
    path.write_text(JUNIT)
    checks = peer_suite.parse(path, {"tests/client/test_b.py::test_net[grpc]"}, ())
    assert [c.outcome for c in checks] == ["passed", "failed", "offline"]
    assert checks[1].error == (
        "test_a.py:12: Exception: Received failure response "
        "`10040 Not implemented The emulator does not implement PatchAnnotations.`"
    )
    assert checks[1].group == "test_a.py"
    assert peer_suite.channel_of(checks[1].name) == "json"
    ET.parse(path)  # well-formed fixture


def test_flow_lines_and_unreached_steps() -> None:
    out = "\n".join(
        [
            "noise from the client",
            'FIDELITY-STEP {"plan": ["a", "b", "c"]}',
            'FIDELITY-STEP {"step": "a", "ok": true, "error": ""}',
            'FIDELITY-STEP {"step": "b", "ok": false, "error": "Boom Key s3cr3t"}',
        ]
    )
    checks, planned = flows_run.parse(out, ("s3cr3t",), "sdk")
    assert planned == ["a", "b", "c"]
    assert [(c.name, c.outcome) for c in checks] == [("a", "passed"), ("b", "failed")]
    assert "s3cr3t" not in checks[1].error


def test_redact() -> None:
    assert redact("Key abc and abc", ("abc", "")) == "Key <redacted> and <redacted>"


def test_census_groups_by_cause() -> None:
    run = ClientRun(
        "clarifai-grpc tests/client [grpc]",
        [
            Check("t1", "failed", "The emulator does not implement PatchAnnotations.", "f.py"),
            Check("t2", "failed", "something new", "f.py"),
            Check("t3", "offline", "fidelity-offline-block", "f.py"),
            Check("t4", "passed", "", "f.py"),
        ],
    )
    text = report.census([run])
    assert "## PatchAnnotations not implemented (1)" in text
    assert "## Unclassified (1)" in text
    assert "Not runnable offline" in text
    assert run.by_group() == {"f.py": (1, 3)}
    assert causes.classify("nothing known") is None


@pytest.fixture
def steplib(monkeypatch: pytest.MonkeyPatch):
    """The flows' step library (stdlib only), importable as the flows import it."""
    monkeypatch.syspath_prepend(str(FLOWS))
    import steplib

    monkeypatch.setattr(steplib, "CHANGE_DATES", {"CL004": "2019-11-20", "CL013": "2021-11-24"})
    return steplib


class ApiError(Exception):
    """Stands for the 2.x client's ApiError: the API's status is its ``error_code``."""

    def __init__(self, code: int) -> None:
        super().__init__(f"refused {code}")
        self.error_code = code


def _records(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    lines = capsys.readouterr().out.splitlines()
    return [json.loads(line.removeprefix(flows_run.PREFIX)) for line in lines]


def test_expected_outcome_follows_the_date(steplib, monkeypatch: pytest.MonkeyPatch) -> None:
    crop = steplib.Documented("CL004", "crop refused", status=11100)
    typed = steplib.Documented("CL013", "type refused", status=11100)
    monkeypatch.setattr(steplib, "AS_OF", "2019-06-01")
    assert steplib.expected((typed, crop)) is None
    monkeypatch.setattr(steplib, "AS_OF", "2020-06-01")
    assert steplib.expected((typed, crop)) is crop
    monkeypatch.setattr(steplib, "AS_OF", "2026-01-01")
    assert steplib.expected((typed, crop)) is typed  # the first due, in the order calls meet them
    assert steplib.expected(()) is None


def test_step_passes_on_its_documented_failure(steplib, monkeypatch, capsys) -> None:
    monkeypatch.setattr(steplib, "AS_OF", "2020-06-01")
    crop = (steplib.Documented("CL004", "crop refused", status=11100),)

    def refused() -> None:
        raise ApiError(11100)

    def refused_otherwise() -> None:
        raise ApiError(10020)

    assert steplib.step("documented", refused, crop)
    assert not steplib.step("other status", refused_otherwise, crop)
    assert not steplib.step("succeeded", lambda: None, crop)
    assert steplib.step("no change", lambda: None)
    first, other, succeeded, plain = _records(capsys)
    assert (first["ok"], first["error"], first["expected"]) == (True, "", steplib.expected(crop).describe())
    assert first["expected"] == "CL004 (from 2019-11-20): status 11100, crop refused"
    assert not other["ok"] and "10020" in other["error"]
    assert succeeded["error"] == f"expected {first['expected']}, but the step succeeded"
    assert (plain["ok"], plain["expected"], plain["got"]) == (True, "success", "success")


def test_documented_client_error_and_failed_check(steplib, monkeypatch) -> None:
    monkeypatch.setattr(steplib, "AS_OF", "2022-01-01")
    raises = steplib.Documented("CL013", "no type", raises="KeyError: 'type'")
    empty = steplib.Documented("CL013", "nothing found")
    assert raises.met_by(KeyError("type")) and not raises.met_by(KeyError("name"))
    assert empty.met_by(AssertionError("no hits")) and not empty.met_by(KeyError("type"))


def test_flow_dates_come_from_the_catalog() -> None:
    env = flows_run.dates_env(dt.date(2020, 6, 1))
    assert env["FIDELITY_AS_OF"] == "2020-06-01"
    assert json.loads(env["FIDELITY_CHANGE_DATES"]) == {c.code: c.date.isoformat() for c in catalog.load()}


def test_legacy_dates_fall_on_both_sides_of_each_declared_change(monkeypatch) -> None:
    """Every change the 2.x flow declares is in the catalog, and some run of the flow is served
    before its date and some after, so both outcomes are seen."""
    monkeypatch.syspath_prepend(str(FLOWS))
    import legacy_flow

    dates = {c.code: c.date for c in catalog.load()}
    runs = [dt.date.today() if d == "today" else dt.date.fromisoformat(d) for d in runner.LEGACY_DATES]
    declared = {failure.code for failures in legacy_flow.STEPS.values() for failure in failures}
    assert declared and declared <= set(dates)
    for code in declared:
        assert min(runs) < dates[code] <= max(runs), code


def test_steps_table_shows_expectations() -> None:
    runs = [
        ClientRun("2.x flow as of 2019-06-01", [Check("crop", "passed", "", "l", "success", "success")]),
        ClientRun(
            "2.x flow as of today",
            [Check("crop", "passed", "", "l", "CL004 (from 2019-11-20): status 11100, refused", "x")],
        ),
    ]
    runs[1].checks.append(Check("get", "failed", "ApiError: a | b", "l", "success", "ApiError: a | b"))
    assert report.steps_table(runs) == [
        "2.x flow: step | 2019-06-01 | today",
        "--- | --- | ---",
        "crop | ok | ok, documented: CL004 (from 2019-11-20): status 11100",
        "get | - | FAIL: ApiError: a / b",
    ]


def test_clear_output_keeps_the_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "census.md").write_text("old")
    (tmp_path / "census-baseline.md").write_text("kept")
    (tmp_path / "sub").mkdir()
    monkeypatch.setattr(runner, "OUT", tmp_path)
    runner.clear_output()
    assert [p.name for p in tmp_path.iterdir()] == ["census-baseline.md"]


def test_census_lists_documented_failures_met() -> None:
    expected = "CL012 (from 2021-02-12): status 11100, delete_all is an unknown field"
    run = ClientRun(
        "2.x flow as of today", [Check("delete_all", "passed", "", "l", expected, "ApiError: 11100")]
    )
    text = report.census([run])
    assert "## Documented failures met: passes, as the catalog's dates expect (1)" in text
    assert f"- `delete_all` (2.x flow as of today): {expected}; got ApiError: 11100" in text
    assert text.startswith("# Fidelity census") and "0 failed checks" in text


def test_a_later_change_can_make_a_step_work_again(steplib, monkeypatch, capsys) -> None:
    """ClarifaiApp() fails from CL013 on, and starts again once CL019 leaves nothing to cache."""
    monkeypatch.setattr(steplib, "CHANGE_DATES", {"CL013": "2021-11-24", "CL019": "2023-03-30"})
    startup = (
        steplib.Documented("CL019", "nothing to cache", works=True),
        steplib.Documented("CL013", "no type", raises="KeyError: 'type'"),
    )

    def no_type() -> None:
        raise KeyError("type")

    monkeypatch.setattr(steplib, "AS_OF", "2022-06-01")
    assert steplib.step("startup", no_type, startup)
    monkeypatch.setattr(steplib, "AS_OF", "2024-01-01")
    assert steplib.step("startup", lambda: None, startup)
    assert not steplib.step("startup", no_type, startup)
    steplib.skip(["later"], "not runnable: start-up fails")
    out = capsys.readouterr().out
    checks, _ = flows_run.parse(out, (), "legacy")
    assert [(c.outcome, c.expected.split(" (")[0]) for c in checks] == [
        ("passed", "CL013"),
        ("passed", "CL019"),
        ("failed", "CL019"),
        ("skipped", ""),
    ]
    run = ClientRun("2.x flow as of 2024-01-01", checks)
    assert (run.passed, run.runnable) == (2, 3)
    assert report.table([run]).splitlines()[2].endswith("| 1 not run: start-up fails")
