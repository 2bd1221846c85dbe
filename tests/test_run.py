"""The runner: papermill over the catalog, a table of outcomes, honest exit statuses."""

import datetime as dt
import os
import subprocess
import sys

import nbformat
import pandas as pd

from recipes import catalog
from recipes.run import run, table


def runner(*args, env=None):
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "recipes.run", *args],
        capture_output=True,
        text=True,
        cwd=catalog.ROOT,
        env=environment,
        timeout=600,
    )


def test_live_without_a_pat_is_a_one_line_error():
    env = {key: value for key, value in os.environ.items() if key != "CLARIFAI_PAT"}
    done = subprocess.run(
        [sys.executable, "-m", "recipes.run", "--target", "live"],
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
    for option in ("--only", "--target", "--workers", "CLARIFAI_PAT"):
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
    return catalog.Change(code, f"2020-01-01-{code}", dt.date(2020, 1, 1), code, True, "", (), notebook)


def test_unwritten_notebooks_show_and_failures_name_the_cell(tmp_path):
    missing = _change(tmp_path, "CL900", None)
    broken = _change(tmp_path, "CL901", ["x = 1", "1 / 0"])
    unverified = _change(tmp_path, "CL902", ["print('no outcome recorded')"])
    results = run([missing, broken, unverified], "emulator", tmp_path / "out")
    rows = table(results).set_index("code")
    assert rows.loc["CL900", "verified"] == "not written"
    assert rows.loc["CL901", "verified"] == rows.loc["CL902", "verified"] == "FAILED"
    failures = {r.change.code: r.failure for r in results}
    assert failures["CL900"] == ""
    assert "cell In [3] ('1 / 0'): ZeroDivisionError" in failures["CL901"]
    assert str(tmp_path / "out" / "CL901.ipynb") in failures["CL901"]
    assert "did not confirm" in failures["CL902"]
