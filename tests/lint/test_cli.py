"""`python -m cookbook lint`: exit codes, output, options, notebooks, fixes."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from cookbook import catalog
from cookbook.__main__ import parser
from cookbook.cli.lint import outcome

OLD_STATUS = (
    "from clarifai_grpc.grpc.api.status import status_code_pb2\n"
    "ready = code == status_code_pb2.INPUT_IMAGE_DOWNLOAD_SUCCESS\n"
)
NEW_STATUS = OLD_STATUS.replace("INPUT_IMAGE_DOWNLOAD_SUCCESS", "INPUT_SUCCESS")
SEARCHES = "from clarifai_grpc.grpc.api import service_pb2\nhits = stub.PostSearches(request).hits\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(argv: list[str]) -> tuple[int, str]:
    """`python -m cookbook lint ARGV...` in-process: its exit status and what it prints."""
    return outcome(parser("lint").parse_args(["lint", *argv]))


def lint(*args: str | Path) -> tuple[int, str]:
    return run([str(arg) for arg in args])


def notebook(path: Path, *cells: str, markdown_first: bool = True) -> Path:
    made = nbformat.v4.new_notebook()
    if markdown_first:
        made.cells.append(nbformat.v4.new_markdown_cell("# Title\n\nUses clarifai."))
    made.cells.extend(nbformat.v4.new_code_cell(source) for source in cells)
    made.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(made, path)
    return path


# Exit codes and output


def test_clean_code_exits_0(tmp_path):
    status, output = lint(write(tmp_path, "new.py", NEW_STATUS))
    assert status == 0
    assert output == "No old Clarifai calls found; checked 1 file.\n"


def test_old_code_exits_1_with_path_line_col_code_message_and_notebook(tmp_path):
    path = write(tmp_path, "old.py", OLD_STATUS)
    status, output = lint(path)
    assert status == 1
    first, summary = output.splitlines()
    assert first == (
        f"{path}:2:17: CL008 [*] INPUT_IMAGE_DOWNLOAD_SUCCESS is gone since the input status codes were "
        "consolidated: use INPUT_SUCCESS (see notebooks/2020-02-24-input-status-codes.ipynb)"
    )
    assert summary == "Found 1 old call in 1 file (1 with a safe fix: run with --fix); checked 1 file."


def test_usage_errors_exit_2(capsys):
    for argv in (["--select", "CL999"], ["--since", "yesterday"], ["--fix", "--diff"], ["--format", "xml"]):
        with pytest.raises(SystemExit) as stopped:
            run(argv)
        assert stopped.value.code == 2
    assert "CL999" in capsys.readouterr().err


def test_findings_are_sorted_by_path_then_position(tmp_path):
    write(tmp_path, "b.py", SEARCHES + OLD_STATUS)
    write(tmp_path, "a.py", OLD_STATUS + SEARCHES)
    _status, output = lint(tmp_path)
    places = [line.split(": ")[0] for line in output.splitlines()[:-1]]
    assert places == [
        f"{tmp_path}/a.py:2:17",
        f"{tmp_path}/a.py:4:8",
        f"{tmp_path}/b.py:2:8",
        f"{tmp_path}/b.py:4:17",
    ]


def test_json_format(tmp_path):
    write(tmp_path, "old.py", OLD_STATUS)
    status, output = lint(tmp_path, "--format", "json")
    document = json.loads(output)
    assert status == 1
    (finding,) = document["findings"]
    assert finding == {
        "path": f"{tmp_path}/old.py",
        "cell": None,
        "line": 2,
        "col": 17,
        "code": "CL008",
        "id": "2020-02-24-input-status-codes",
        "date": "2020-02-24",
        "title": "Input status codes consolidated",
        "message": finding["message"],
        "notebook": "notebooks/2020-02-24-input-status-codes.ipynb",
        "fix": "INPUT_IMAGE_DOWNLOAD_SUCCESS -> INPUT_SUCCESS",
        "fix_safe": True,
        "fixed": False,
    }
    assert document["errors"] == []
    assert document["summary"]["findings"] == 1


def test_the_module_runs_as_a_command(tmp_path):
    path = write(tmp_path, "old.py", SEARCHES)
    done = subprocess.run(
        [sys.executable, "-m", "cookbook", "lint", str(path)],
        capture_output=True,
        text=True,
        cwd=catalog.ROOT,
    )
    assert done.returncode == 1
    assert f"{path}:2:8: CL015 " in done.stdout


# Choosing rules


def test_select_and_ignore_take_codes_or_ids(tmp_path):
    path = write(tmp_path, "old.py", OLD_STATUS + SEARCHES)
    codes = lambda *args: {line.split()[1] for line in lint(path, *args)[1].splitlines()[:-1]}  # noqa: E731
    assert codes() == {"CL008", "CL015"}
    assert codes("--select", "CL008") == {"CL008"}
    assert codes("--select", "2022-11-22-post-searches") == {"CL015"}
    assert codes("--ignore", "cl008,CL015") == set()
    assert codes("--select", "CL008", "--select", "CL015", "--ignore", "CL015") == {"CL008"}


def test_since_keeps_changes_after_the_date(tmp_path):
    path = write(tmp_path, "old.py", OLD_STATUS + SEARCHES)
    assert lint(path, "--since", "2020-02-24")[1].split()[1] == "CL015"  # CL008 is dated 2020-02-24
    assert lint(path, "--since", "2020-02-23")[1].count("CL008") == 1
    assert lint(path, "--since", "2023-01-01")[0] == 0


def test_list_prints_every_change_from_the_catalog():
    status, output = lint("--list")
    lines = output.splitlines()
    assert status == 0
    assert [line.split()[0] for line in lines] == [change.code for change in catalog.load()]
    assert "not checkable in code" in lines[0]  # CL001, scheduled downtime
    assert "heuristic" in lines[1]  # CL002
    assert "safe fix" in next(line for line in lines if line.startswith("CL008"))
    assert all(
        f"notebooks/{change.id}.ipynb" in line for change, line in zip(catalog.load(), lines, strict=True)
    )


def test_list_honours_since_and_json():
    items = json.loads(lint("--list", "--since", "2023-01-01", "--format", "json")[1])
    assert [item["code"] for item in items] == [
        c.code for c in catalog.load() if c.date >= dt.date(2023, 1, 1)
    ]
    assert [item["code"] for item in items][:4] == ["CL016", "CL017", "CL018", "CL019"]
    assert all(item["checked"] for item in items)


# Files and folders


def test_folders_are_walked_for_py_and_ipynb_only(tmp_path):
    write(tmp_path, "pkg/old.py", OLD_STATUS)
    write(tmp_path, "pkg/notes.txt", OLD_STATUS)
    write(tmp_path, ".venv/lib/old.py", OLD_STATUS)
    notebook(tmp_path / "pkg" / "nb.ipynb", OLD_STATUS)
    _status, output = lint(tmp_path)
    assert output.splitlines()[-1].endswith("checked 2 files.")
    assert "notes.txt" not in output and ".venv" not in output


@pytest.mark.parametrize(
    ("patterns", "left"),
    [
        (["gen"], {"keep/a.py", "top.py"}),
        (["gen/"], {"keep/a.py", "top.py"}),
        (["*.py"], set()),
        (["keep/*.py", "top.py"], {"gen/b.py", "keep/gen/c.py"}),
        (["**/gen/**"], {"keep/a.py", "top.py"}),
        (["*.py", "!top.py"], {"top.py"}),
        (["gen/,top.py"], {"keep/a.py"}),
    ],
)
def test_excludes_are_gitignore_patterns(tmp_path, monkeypatch, patterns, left):
    for name in ("keep/a.py", "gen/b.py", "keep/gen/c.py", "top.py"):
        write(tmp_path, name, OLD_STATUS)
    monkeypatch.chdir(tmp_path)
    args = [arg for pattern in patterns for arg in ("--exclude", pattern)]
    _status, output = lint(".", *args)
    found = {line.split(":")[0] for line in output.splitlines()[:-1]}
    assert found == left


def test_default_path_is_the_current_folder(tmp_path, monkeypatch):
    write(tmp_path, "old.py", OLD_STATUS)
    monkeypatch.chdir(tmp_path)
    status, output = lint()
    assert status == 1 and output.startswith("old.py:2:17: CL008")


# Files that cannot be checked


def test_unparsable_file_is_reported_and_the_others_still_checked(tmp_path):
    write(tmp_path, "a_broken.py", "from clarifai_grpc.grpc.api import service_pb2\nstub.PostSearches(\n")
    write(tmp_path, "b_old.py", OLD_STATUS)
    status, output = lint(tmp_path)
    assert status == 2
    lines = output.splitlines()
    assert lines[0].startswith(f"{tmp_path}/a_broken.py:2:") and ": error: cannot parse: " in lines[0]
    assert lines[1].startswith(f"{tmp_path}/b_old.py:2:17: CL008")
    assert lines[-1].endswith("1 file could not be checked.")


def test_unreadable_files_exit_2_and_the_others_are_still_checked(tmp_path):
    write(tmp_path, "good.py", OLD_STATUS)
    (tmp_path / "dangling.py").symlink_to(tmp_path / "missing.py")
    (tmp_path / "latin1.py").write_bytes(b"# clarifai caf\xe9\n")
    status, output = lint(tmp_path, tmp_path / "absent.py")
    assert status == 2
    assert f"{tmp_path}/dangling.py: error: cannot read: " in output
    assert f"{tmp_path}/latin1.py: error: cannot decode: " in output
    assert f"{tmp_path}/absent.py: error: no such file or folder" in output
    assert f"{tmp_path}/good.py:2:17: CL008" in output


def test_a_declared_encoding_is_honoured(tmp_path):
    path = tmp_path / "latin1.py"
    path.write_bytes(b"# -*- coding: latin-1 -*-\n# caf\xe9\n" + OLD_STATUS.encode())
    assert lint(path)[1].startswith(f"{path}:4:17: CL008")
    lint(path, "--fix")
    assert path.read_bytes() == b"# -*- coding: latin-1 -*-\n# caf\xe9\n" + NEW_STATUS.encode()


# Notebooks


def test_notebook_findings_name_the_cell_and_its_line(tmp_path):
    path = notebook(tmp_path / "nb.ipynb", "%pip install clarifai-grpc\nimport os", "x = 1\n" + OLD_STATUS)
    status, output = lint(path)
    assert status == 1
    assert output.startswith(f"{path}:cell 3:line 3:col 17: CL008 ")  # cell 1 is markdown


def test_notebook_magics_and_cell_magics_do_not_stop_the_check(tmp_path):
    cells = ["!ls\nfiles = !ls\n%timeit f()\nobj?", "%%bash\necho hi", "  %matplotlib inline\n" + SEARCHES]
    path = notebook(tmp_path / "nb.ipynb", *cells)
    status, output = lint(path)
    assert status == 1
    assert output.startswith(f"{path}:cell 4:line 3:col 8: CL015 ")


def test_a_cell_that_does_not_parse_is_reported_and_the_other_cells_checked(tmp_path):
    path = notebook(tmp_path / "nb.ipynb", "def broken(:\n    pass", OLD_STATUS)
    status, output = lint(path)
    assert status == 2
    assert f"{path}:cell 2:line 1:col " in output and "error: cannot parse" in output
    assert f"{path}:cell 3:line 2:col 17: CL008" in output


def test_imports_in_one_cell_count_for_the_next(tmp_path):
    imports = "from clarifai_grpc.grpc.api.status.status_code_pb2 import INPUT_IMAGE_DOWNLOAD_FAILED"
    path = notebook(tmp_path / "nb.ipynb", imports, "bad = INPUT_IMAGE_DOWNLOAD_FAILED")
    lint(path, "--fix")
    cells = nbformat.read(path, as_version=4).cells
    assert cells[2].source == "bad = INPUT_FAILED"


def test_notebook_fix_rewrites_only_the_changed_cell_in_nbformat_layout(tmp_path):
    path = notebook(tmp_path / "nb.ipynb", "print('é')", OLD_STATUS + "print(ready)\n", "y = 2")
    status, output = lint(path, "--fix")
    assert status == 1
    assert output.startswith(
        f"{path}:cell 3:line 2:col 17: CL008 fixed: INPUT_IMAGE_DOWNLOAD_SUCCESS -> INPUT_SUCCESS"
    )
    expected = nbformat.read(path, as_version=4)
    expected.cells[2].source = NEW_STATUS + "print(ready)\n"
    assert path.read_text(encoding="utf-8") == nbformat.writes(expected) + "\n"
    assert lint(path, "--fix") == (0, "No old Clarifai calls found; checked 1 file.\n")


def test_a_notebook_in_an_unknown_layout_is_not_rewritten(tmp_path):
    path = notebook(tmp_path / "nb.ipynb", OLD_STATUS)
    compact = json.dumps(json.loads(path.read_text()), separators=(",", ":"))
    path.write_text(compact)
    status, output = lint(path, "--fix")
    assert status == 2
    assert "not rewritten" in output
    assert path.read_text() == compact


# Fixes


def test_fix_writes_says_what_changed_and_a_second_fix_changes_nothing(tmp_path):
    path = write(tmp_path, "old.py", "# é\r\n" + OLD_STATUS.replace("\n", "\r\n") + SEARCHES)
    status, output = lint(path, "--fix")
    assert status == 1
    assert f"{path}:3:17: CL008 fixed: INPUT_IMAGE_DOWNLOAD_SUCCESS -> INPUT_SUCCESS" in output
    assert f"{path}:5:8: CL015 PostSearches is deprecated" in output
    assert output.splitlines()[-1].startswith("Fixed 1 of 2 old calls in 1 file; 1 left to change by hand")
    assert path.read_bytes() == ("# é\r\n" + NEW_STATUS.replace("\n", "\r\n") + SEARCHES).encode()
    before = path.read_bytes()
    status, output = lint(path, "--fix")
    assert status == 1 and "fixed:" not in output
    assert path.read_bytes() == before


def test_diff_shows_the_fix_and_writes_nothing(tmp_path):
    path = write(tmp_path, "old.py", OLD_STATUS)
    status, output = lint(path, "--diff")
    assert status == 1
    assert f"--- {path}\n+++ {path}\n" in output
    assert "-ready = code == status_code_pb2.INPUT_IMAGE_DOWNLOAD_SUCCESS\n" in output
    assert "+ready = code == status_code_pb2.INPUT_SUCCESS\n" in output
    assert output.splitlines()[-1].startswith("Would fix 1 of 1 old call in 1 file")
    assert path.read_text() == OLD_STATUS


def test_relative_paths_get_a_and_b_prefixes_in_diffs(tmp_path, monkeypatch):
    write(tmp_path, "old.py", OLD_STATUS)
    monkeypatch.chdir(tmp_path)
    assert "--- a/old.py\n+++ b/old.py\n" in lint("old.py", "--diff")[1]


def test_fixes_in_json(tmp_path):
    path = write(tmp_path, "old.py", OLD_STATUS)
    document = json.loads(lint(path, "--fix", "--format", "json")[1])
    assert document["findings"][0]["fixed"] is True
    assert document["summary"]["fixed"] == 1


def test_the_pre_commit_hook_runs_this_command_on_python_and_notebooks():
    yaml = pytest.importorskip("yaml")
    (hook,) = yaml.safe_load((catalog.ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "clarifai-migrations"
    assert hook["entry"] == "python -m cookbook lint"
    assert hook["types_or"] == ["python", "jupyter"]


def test_a_fix_inside_another_fix_is_applied_in_the_same_run(tmp_path):
    nested = (
        "from clarifai_grpc.grpc.api import resources_pb2, service_pb2\n"
        "from clarifai_grpc.grpc.api.status import status_code_pb2\n"
        "r = service_pb2.PostModelOutputsRequest(\n"
        "    model=resources_pb2.Model(output_info=make_info(status_code_pb2.INPUT_IMAGE_DOWNLOAD_FAILED))\n"
        ")\n"
    )
    path = write(tmp_path, "nested.py", nested)
    status, output = lint(path, "--fix")
    assert output.count(" fixed: ") == 2
    assert path.read_text() == nested.replace(
        "output_info=make_info(status_code_pb2.INPUT_IMAGE_DOWNLOAD_FAILED)",
        "model_version=resources_pb2.ModelVersion(output_info=make_info(status_code_pb2.INPUT_FAILED))",
    )
    assert lint(path, "--fix") == (0, "No old Clarifai calls found; checked 1 file.\n")


def test_the_summary_leaves_out_fixes_when_there_are_none(tmp_path):
    path = write(tmp_path, "old.py", SEARCHES)
    assert lint(path)[1].splitlines()[-1] == "Found 1 old call in 1 file; checked 1 file."


# Processes


def test_a_large_tree_checked_in_two_processes_reports_as_one_does(tmp_path):
    for index in range(120):
        text = (OLD_STATUS, NEW_STATUS, SEARCHES, "def broken(:\n")[index % 4]
        write(tmp_path, f"pkg{index % 3}/m{index:03}.py", text)
    missing = tmp_path / "missing.py"
    one = lint(tmp_path / "pkg0", missing, tmp_path, "--jobs", "1", "--output-format", "json")
    two = lint(tmp_path / "pkg0", missing, tmp_path, "--jobs", "2", "--output-format", "json")
    assert two == one
    status, output = one
    document = json.loads(output)
    assert status == 2  # the files that do not parse, and the missing one
    codes = [finding["code"] for finding in document["findings"]]
    # 30 files of each kind in the tree, and pkg0's 10 of each a second time
    assert (codes.count("CL008"), codes.count("CL015")) == (40, 40)
    assert str(missing) in json.dumps(document["errors"])


def test_the_fixes_are_written_by_the_worker_processes(tmp_path):
    paths = [write(tmp_path, f"m{index:03}.py", OLD_STATUS) for index in range(110)]
    status, _output = lint(tmp_path, "--fix", "--jobs", "2")
    assert status == 1
    assert all(path.read_text() == NEW_STATUS for path in paths)


def test_jobs_must_be_a_positive_number(capsys):
    for value in ("0", "-1", "many"):
        with pytest.raises(SystemExit) as stopped:
            run(["--jobs", value])
        assert stopped.value.code == 2
    assert "not a number of processes (1 or more): 'many'" in capsys.readouterr().err
