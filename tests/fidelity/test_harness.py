"""The fidelity harness's own logic, without venvs or an emulator (fast)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from cookbook.fidelity import causes, flows_run, peer_suite, report
from cookbook.fidelity.emulator_proc import redact
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
