"""`python -m cookbook golden`: a notebook the catalog names but that is missing is an error, by name."""

import dataclasses

from cookbook import catalog, golden
from cookbook.__main__ import main


def test_a_missing_notebook_is_refused_by_name(tmp_path):
    change = dataclasses.replace(catalog.load()[0], notebook=tmp_path / "nowhere.ipynb")
    assert golden.refresh(change) == change.missing
    assert change.missing.startswith(f"{change.code} has no notebook: {tmp_path / 'nowhere.ipynb'}")


def test_the_command_fails_for_a_missing_notebook_and_names_it(tmp_path, monkeypatch, capsys):
    change = dataclasses.replace(catalog.load()[0], notebook=tmp_path / "nowhere.ipynb")
    monkeypatch.setattr(catalog, "load", lambda: [change])
    assert main(["golden"]) == 1
    assert capsys.readouterr().out == f"{change.code} nowhere.ipynb: {change.missing}\n"
