"""`# noqa: CLnnn`, a bare `# noqa`, and `# clarifai-lint: skip-file`, in .py files and notebooks."""

from __future__ import annotations

import pytest

from tests.lint.test_cli import OLD_STATUS, SEARCHES, lint, notebook, write

OLD = OLD_STATUS.rstrip("\n")  # line 2 is the CL008 finding


@pytest.mark.parametrize("comment", ["# noqa: CL008", "# noqa:CL008,CL015", "# NOQA: cl008", "# noqa"])
def test_a_noqa_naming_the_code_or_none_silences_the_line(tmp_path, comment):
    path = write(tmp_path, "old.py", f"{OLD}  {comment}\n")
    assert lint(path)[0] == 0


@pytest.mark.parametrize("comment", ["# noqa: CL015", "# noqa: E501"])
def test_a_noqa_for_other_codes_silences_nothing(tmp_path, comment):
    path = write(tmp_path, "old.py", f"{OLD}  {comment}\n")
    status, output = lint(path)
    assert status == 1 and "CL008" in output


def test_noqa_covers_only_its_own_line(tmp_path):
    path = write(tmp_path, "old.py", f"{OLD}  # noqa: CL008\n" + SEARCHES)
    status, output = lint(path)
    assert status == 1 and "CL015" in output and "CL008" not in output


def test_skip_file_silences_a_whole_file_and_a_notebook(tmp_path):
    assert lint(write(tmp_path, "old.py", "# clarifai-lint: skip-file\n" + OLD_STATUS + SEARCHES))[0] == 0
    skipped = notebook(tmp_path / "old.ipynb", OLD_STATUS, "# clarifai-lint: skip-file\n" + SEARCHES)
    assert lint(skipped)[0] == 0


def test_skip_file_must_be_a_comment_line(tmp_path):
    text = OLD_STATUS + 'note = "# clarifai-lint: skip-file"\n'
    assert lint(write(tmp_path, "old.py", text))[0] == 1


def test_noqa_in_a_notebook_cell(tmp_path):
    path = notebook(tmp_path / "old.ipynb", f"{OLD}  # noqa: CL008\n", SEARCHES)
    status, output = lint(path)
    assert status == 1 and "CL015" in output and "CL008" not in output


def test_a_silenced_finding_is_not_fixed(tmp_path):
    path = write(tmp_path, "old.py", f"{OLD}  # noqa: CL008\n")
    lint("--fix", path)
    assert "INPUT_IMAGE_DOWNLOAD_SUCCESS" in path.read_text()
