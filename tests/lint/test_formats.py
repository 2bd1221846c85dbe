"""Output formats (text, json, github, sarif) and unsafe fixes, on .py files and notebooks."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import nbformat

from tests.lint.test_cli import OLD_STATUS, SEARCHES, lint, notebook, write

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
OLD_QUERY = 'from clarifai_grpc.grpc.api import resources_pb2\nq = resources_pb2.ModelQuery(type="concept")\n'


def test_github_annotations_name_file_line_code_and_notebook(tmp_path):
    path = write(tmp_path, "old.py", OLD_STATUS)
    status, output = lint("--output-format", "github", path)
    first = output.splitlines()[0]
    assert status == 1
    assert first.startswith(
        f"::warning file={path},line=2,col=17,title=CL008 Input status codes consolidated::"
    )
    assert first.endswith("(see notebooks/2020-02-24-input-status-codes.ipynb)")


def test_github_escapes_what_would_break_a_workflow_command(tmp_path):
    path = write(tmp_path, "a,b:c.py", OLD_STATUS)
    first = lint("--output-format", "github", path)[1].splitlines()[0]
    assert "file=" + str(path).replace(":", "%3A").replace(",", "%2C") + ",line=2" in first


def test_github_annotates_a_notebook_cell(tmp_path):
    path = notebook(tmp_path / "old.ipynb", SEARCHES)
    first = lint("--output-format", "github", path)[1].splitlines()[0]
    assert first.startswith("::warning file=") and "::cell 2, " in first


def test_sarif_validates_against_the_2_1_0_schema(tmp_path):
    write(tmp_path, "old.py", OLD_STATUS + SEARCHES)
    notebook(tmp_path / "old.ipynb", SEARCHES)
    write(tmp_path, "broken.py", "from clarifai_grpc.grpc.api import service_pb2\nstub.PostSearches(\n")
    status, output = lint("--output-format", "sarif", tmp_path)
    log = json.loads(output)
    jsonschema.validate(log, SCHEMA)
    run = log["runs"][0]
    assert status == 2  # a file could not be parsed: reported, the others still checked
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["CL008", "CL015"]
    assert sorted(r["ruleId"] for r in run["results"]) == ["CL008", "CL015", "CL015"]
    assert run["invocations"][0]["executionSuccessful"] is False
    cells = [r for r in run["results"] if r["locations"][0].get("logicalLocations")]
    assert cells and cells[0]["locations"][0]["logicalLocations"][0]["name"] == "cell 2"


def test_sarif_of_clean_code_is_valid_and_empty(tmp_path):
    log = json.loads(lint("--output-format", "sarif", write(tmp_path, "new.py", "x = 1\n"))[1])
    jsonschema.validate(log, SCHEMA)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["invocations"][0]["executionSuccessful"]


def test_format_is_still_accepted(tmp_path):
    assert json.loads(lint("--format", "json", write(tmp_path, "old.py", OLD_STATUS))[1])["findings"]


def test_unsafe_fixes_wait_for_the_option(tmp_path):
    path = write(tmp_path, "old.py", OLD_QUERY)
    status, output = lint(path)
    assert "CL013 [*]" not in output and "1 more with --fix --unsafe-fixes" in output
    lint("--fix", path)
    assert path.read_text() == OLD_QUERY
    diff = lint("--diff", "--unsafe-fixes", path)[1]
    assert '+q = resources_pb2.ModelQuery(model_type_id="embedding-classifier")' in diff
    assert path.read_text() == OLD_QUERY  # --diff writes nothing
    lint("--fix", "--unsafe-fixes", path)
    assert 'model_type_id="embedding-classifier"' in path.read_text()


def test_fix_and_diff_on_a_notebook_keep_outputs_and_metadata(tmp_path):
    path = notebook(tmp_path / "old.ipynb", OLD_STATUS)
    made = nbformat.read(path, as_version=4)
    made.cells[1].outputs = [nbformat.v4.new_output("stream", text="kept\n")]
    made.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(made, path)
    diff = lint("--diff", path)[1]
    assert f"{path}:cell 2" in diff and "+ready = code == status_code_pb2.INPUT_SUCCESS" in diff
    lint("--fix", path)
    fixed = nbformat.read(path, as_version=4)
    nbformat.validate(fixed)
    assert "INPUT_SUCCESS" in fixed.cells[1].source and fixed.cells[1].outputs[0].text == "kept\n"
    assert fixed.metadata["kernelspec"]["name"] == "python3"
