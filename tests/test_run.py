"""The runner: papermill over the catalog, a table of outcomes, honest exit statuses."""

import datetime as dt
import io
import os
import re
import subprocess
import sys

import nbformat
import pandas as pd

from cookbook import catalog
from cookbook.__main__ import main
from cookbook.run import run, table


def runner(*args, env=None):
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "cookbook", "run", *args],
        capture_output=True,
        text=True,
        cwd=catalog.ROOT,
        env=environment,
        timeout=600,
    )


def test_live_without_a_pat_is_a_one_line_error():
    env = {key: value for key, value in os.environ.items() if key != "CLARIFAI_PAT"}
    done = subprocess.run(
        [sys.executable, "-m", "cookbook", "run", "--target", "live"],
        capture_output=True,
        text=True,
        cwd=catalog.ROOT,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: --target live needs a personal access token in CLARIFAI_PAT"
    ]


def test_unknown_change_is_named():
    done = runner("--only", "CL002,CL999")
    assert done.returncode == 2
    assert "CL999" in done.stderr and "Traceback" not in done.stderr


def test_help_explains_the_options():
    done = runner("--help")
    assert done.returncode == 0
    for option in ("--only", "--target", "--workers", "--html", "CLARIFAI_PAT"):
        assert option in done.stdout


def test_both_notebooks_verify_through_papermill(tmp_path):
    done = runner("--only", "CL002,CL012", "--workers", "2", "--output", str(tmp_path))
    assert done.returncode == 0, done.stderr
    report = pd.read_csv(tmp_path / "report.csv")
    assert list(report["code"]) == ["CL002", "CL012"]
    assert list(report["verified"]) == ["yes", "yes"]
    assert list(report["old call after"]) == ["INPUT_PENDING (30001)", "CONN_BAD_REQUEST_FORMAT (11100)"]
    executed = nbformat.read(tmp_path / "notebooks" / "2021-02-12-delete-all-removed.ipynb", as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "TARGET = " in injected[0].source
    assert "2 of 2 notebooks verified" in done.stdout


def _change(tmp_path, code, cells):
    notebook = tmp_path / f"{code}.ipynb"
    if cells is not None:
        made = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
        made.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(made, notebook)
    return catalog.Change(code, f"2020-01-01-{code}", dt.date(2020, 1, 1), code, True, "", notebook)


def test_a_missing_notebook_fails_by_name_and_failures_name_the_cell(tmp_path):
    missing = _change(tmp_path, "CL900", None)
    broken = _change(tmp_path, "CL901", ["x = 1", "1 / 0"])
    unverified = _change(tmp_path, "CL902", ["print('no outcome recorded')"])
    results = run([missing, broken, unverified], "emulator", tmp_path / "out")
    rows = table(results).set_index("code")
    assert rows.loc["CL900", "verified"] == rows.loc["CL901", "verified"] == "FAILED"
    assert rows.loc["CL902", "verified"] == "FAILED"
    failures = {r.change.code: r.failure for r in results}
    assert (
        failures["CL900"]
        == f"CL900 has no notebook: {tmp_path / 'CL900.ipynb'} is missing (every change needs one)"
    )
    assert "cell In [3] ('1 / 0'): ZeroDivisionError" in failures["CL901"]
    assert str(tmp_path / "out" / "CL901.ipynb") in failures["CL901"]
    assert "did not confirm" in failures["CL902"]


class _Terminal(io.StringIO):
    """A stderr that says it is a terminal, so the progress bars draw."""

    def isatty(self) -> bool:
        return True


def test_each_running_notebook_shows_its_cells_done_on_a_terminal(tmp_path, monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    quick = _change(tmp_path, "CL903", ["x = 1", "y = x + 1"])
    [result] = run([quick], "emulator", tmp_path / "out")
    assert (
        result.failure
        == "the verification cell did not confirm the change (see "
        + str(tmp_path / "out" / "CL903.ipynb")
        + ")"
    )
    drawn = terminal.getvalue()
    # the notebook's own bar: its two cells and the parameters cell papermill adds
    assert re.search(r"CL903: +\d+%\|.*\| [0-3]/3 \[.*cell", drawn), drawn
    assert "notebooks: 100%" in drawn and "1/1" in drawn  # the overall bar


def test_a_failure_names_the_notebook_the_cell_and_the_executed_copy(tmp_path, monkeypatch, capsys):
    broken = _change(tmp_path, "CL901", ["x = 1", "1 / 0"])
    monkeypatch.setattr(catalog, "load", lambda: [broken])
    status = main(["run", "--output", str(tmp_path / "build"), "--html"])
    captured = capsys.readouterr()
    executed = tmp_path / "build" / "notebooks" / "CL901.ipynb"
    assert status == 1
    failure = f"CL901 failed: cell In [3] ('1 / 0'): ZeroDivisionError: division by zero (see {executed})\n"
    assert failure in captured.err
    assert "0 of 1 notebooks verified" in captured.out
    outputs = [o for c in nbformat.read(executed, as_version=4).cells for o in c.get("outputs", [])]
    assert [o.ename for o in outputs if o.output_type == "error"] == ["ZeroDivisionError"]
    index = tmp_path / "build" / "site" / "index.html"  # --html renders failures too
    assert f"Gallery: {index}" in captured.out
    assert '<span class="badge bad">FAILED</span>' in index.read_text()
    assert "ZeroDivisionError" in (tmp_path / "build" / "site" / f"{broken.id}.html").read_text()
