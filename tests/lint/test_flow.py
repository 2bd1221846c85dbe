"""The program-order analysis behind CL002, CL003 and CL011, on notebooks and odd shapes."""

from pathlib import Path

import nbformat

from cookbook.lint import rules
from cookbook.lint.engine import check_source
from cookbook.lint.sources import read_notebook
from tests.lint.helpers import flags

GRPC = "from clarifai_grpc.grpc.api import service_pb2\n"
ADD = "stub.PostInputs(service_pb2.PostInputsRequest(inputs=inputs), metadata=md)\n"
SEARCH = "stub.PostSearches(service_pb2.PostSearchesRequest(query=q), metadata=md)\n"
WAIT = "wait_for_inputs(stub, ids)\n"


def notebook_findings(*cells: str, code: str = "CL002") -> list:
    made = nbformat.v4.new_notebook()
    made.cells.append(nbformat.v4.new_markdown_cell("Upload, then search."))
    made.cells.extend(nbformat.v4.new_code_cell(source) for source in cells)
    notebook = read_notebook(Path("flow.ipynb"), nbformat.writes(made).encode())
    found, problems = check_source(notebook, rules([code]))
    assert not problems
    return found


def test_a_notebook_is_one_scope_cell_after_cell():
    (finding,) = notebook_findings(GRPC, ADD, "print('uploaded')", SEARCH)
    assert (finding.cell, finding.line) == (3, 1)
    assert "PostSearches (cell 5, line 1)" in finding.message


def test_a_wait_in_a_cell_between_clears_the_upload():
    assert not notebook_findings(GRPC, ADD, WAIT, SEARCH)


def test_a_wait_in_a_later_cell_comes_too_late():
    assert notebook_findings(GRPC, ADD, SEARCH, WAIT)


def test_magics_and_shell_lines_do_not_break_the_order():
    assert notebook_findings("%pip install clarifai-grpc\n" + GRPC, "!echo go\n" + ADD, SEARCH)


def test_recursive_helpers_end():
    source = GRPC + "def again(n):\n    " + ADD + "    again(n - 1)\n    " + SEARCH + "again(3)\n"
    assert flags(source, "CL002")


def test_a_helper_called_before_its_definition_still_counts():
    source = GRPC + "def main():\n    upload()\n    " + SEARCH + "def upload():\n    " + ADD
    assert flags(source, "CL002")


def test_an_argument_runs_before_the_call_it_is_given_to():
    # the search's argument uploads: upload first, then search, with nothing between
    assert flags(GRPC + "stub.PostSearches(make_query(" + ADD.strip() + "), metadata=md)\n", "CL002")


def test_one_upload_can_meet_a_use_and_a_training():
    source = GRPC + ADD + SEARCH + "stub.PostModelVersions(req, metadata=md)\n"
    assert flags(source, "CL002") and flags(source, "CL011")
