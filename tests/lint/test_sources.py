"""Reading sources: notebook magics, positions in characters, excludes."""

import json
from pathlib import Path

import pytest

from cookbook.lint import check_text, rules
from cookbook.lint.engine import check_source
from cookbook.lint.files import Excludes
from cookbook.lint.sources import Unit, mask_magics, mask_shell_cell, read_notebook


@pytest.mark.parametrize(
    ("cell", "masked"),
    [
        ("!pip install x\nimport os", "pass\nimport os"),
        ("files = !ls\nx = 1", "pass\nx = 1"),
        ("if x:\n    %time f()\n", "if x:\n    pass\n"),
        ("len?\n", "pass\n"),
        ("x = 1  # why?\n", "x = 1  # why?\n"),
        ("# %magic in a comment\n", "# %magic in a comment\n"),
        ("a = b % c\n", "a = b % c\n"),
    ],
)
def test_ipython_lines_become_pass(cell, masked):
    assert mask_magics(cell) == masked


def test_a_cell_magic_cell_is_not_python():
    assert mask_magics("%%bash\nls\n") is None


def test_columns_count_characters_not_bytes():
    unit = Unit("é = 'ü'; x = 1\n")
    assert unit.column(1, len("é = 'ü'; ".encode())) == len("é = 'ü'; ")
    assert unit.offset(1, len("é = 'ü'; ".encode())) == len("é = 'ü'; ")


def test_a_finding_after_non_ascii_text_has_a_character_column():
    (finding,) = check_text("msg = 'échec'; ok = status_code_pb2.INPUT_IMAGE_DOWNLOAD_FAILED")
    assert finding.col == len("msg = 'échec'; ok = ") + 1


def test_lines_split_like_ast_does():
    unit = Unit("a\r\nb\rc\nd")
    assert [unit.line(n) for n in (1, 2, 3, 4)] == ["a\r\n", "b\r", "c\n", "d"]


def test_files_without_trigger_words_are_not_parsed():
    assert check_text("this is not python (") == []


@pytest.mark.parametrize(
    ("patterns", "path", "excluded"),
    [
        (["build"], "a/build/x.py", True),
        (["build/"], "a/build", False),  # a file called build is not a folder
        (["/a/*.py"], "a/x.py", True),
        (["/a/*.py"], "b/a/x.py", False),
        (["*.ipynb"], "deep/n.ipynb", True),
        (["**/tmp/**"], "x/tmp/y/z.py", True),
        (["x?.py"], "xy.py", True),
        (["x[0-9].py"], "x5.py", True),
        (["x[!0-9].py"], "x5.py", False),
        (["*.py", "!keep.py"], "keep.py", False),
        (["a/**/b.py"], "a/x/y/b.py", True),
        (["a/**/b.py"], "a/b.py", True),  # `**/` matches no folder too
        (["doc/*.py"], "doc/sub/x.py", False),  # `*` stops at a slash
        (["/build/"], "src/build/x.py", False),  # a leading slash anchors a folder pattern too
        (["#x.py"], "#x.py", False),  # a comment
        ([r"\#x.py"], "#x.py", True),  # an escaped hash is a name
        (["x.py   "], "x.py", True),  # trailing spaces are not part of the pattern
        ([], "anything.py", False),
    ],
)
def test_excludes(patterns, path, excluded, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert Excludes(patterns).excluded(Path(path)) is excluded


# Shell lines of notebooks: curl commands the curl-aware rules see, on the line they stand.
DELETE_ALL = (
    "curl -X DELETE https://api.clarifai.com/v2/inputs \\\n"
    "  -H 'Authorization: Key k' \\\n"
    "  -d '{\"delete_all\": true}'\n"
)


def notebook_findings(*cells: str) -> list[tuple[str, int | None, int]]:
    """(code, cell, line) of what the checker finds in a notebook of these code cells."""
    document = {
        "cells": [{"cell_type": "code", "metadata": {}, "source": cell, "outputs": []} for cell in cells],
        "metadata": {"language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    source = read_notebook(Path("nb.ipynb"), json.dumps(document).encode())
    found, problems = check_source(source, rules())
    assert not problems, problems
    return [(finding.code, finding.cell, finding.line) for finding in found]


def test_a_bang_curl_line_and_its_continuations_are_one_string():
    masked = mask_magics("x = 1\n!" + DELETE_ALL + "y = 2\n")
    assert masked is not None
    assert masked.splitlines()[2:] == ["pass", "pass", "y = 2"]
    assert masked.splitlines()[1].startswith("['curl -X DELETE https://api.clarifai.com/v2/inputs")


def test_a_bang_curl_line_is_checked_where_it_stands():
    assert notebook_findings("import os", "x = 1\n!" + DELETE_ALL) == [("CL012", 2, 2)]


def test_captured_bang_curl_is_checked():
    assert notebook_findings("out = !" + DELETE_ALL) == [("CL012", 1, 1)]


def test_a_bash_cell_curl_is_checked():
    assert notebook_findings("%%bash\nexport K=1\n" + DELETE_ALL + "echo done\n") == [("CL012", 1, 3)]


def test_shell_lines_that_are_not_curl_to_clarifai_stay_silent():
    cells = (
        "!pip install clarifai-grpc",
        "%%bash\ncurl -X DELETE https://example.com/cache -d '{\"delete_all\": true}'\n",
        "%%bash\ncurl -X DELETE https://api.clarifai.com/v2/models -d '{\"delete_all\": true}'\n",
        "%%html\n<b>curl -X DELETE https://api.clarifai.com/v2/inputs</b>\n",
    )
    assert notebook_findings(*cells) == []


def test_a_bash_cell_is_masked_line_for_line():
    masked = mask_shell_cell("%%bash\nls\n" + DELETE_ALL)
    assert masked is not None
    assert masked.splitlines()[:2] == ["pass", "pass"]
    assert len(masked.splitlines()) == 5
    assert mask_shell_cell("%%html\n<b/>\n") is None


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("!curl -X POST https://api.clarifai.com/v2/searches -d '{\"query\": {}}'", "CL015"),
        (
            '!curl -X POST https://api.clarifai.com/v2/models -d \'{"model": {"id": "x", "name": "X"}}\'',
            "CL014",
        ),
        (
            '%%sh\ncurl -X POST https://api.clarifai.com/v2/users/me/apps -d \'{"apps": [{"id": "a"}]}\'\n',
            "CL022",
        ),
        (
            "%%script bash\ncurl -X PATCH https://api.clarifai.com/v2/inputs \\\n"
            '  -d \'{"inputs": [{"id": "a"}], "action": "overwrite"}\'\n',
            "CL006",
        ),
    ],
)
def test_shell_curl_in_notebooks_reaches_every_curl_aware_rule(cell, code):
    assert [found[0] for found in notebook_findings(cell)] == [code]
