"""The catalog: dated changes, one key each, read by everything else."""

import csv
import tomllib

import pytest

from cookbook import catalog


def test_codes_are_numbered_from_cl001_without_gaps_in_date_order():
    changes = catalog.load()
    assert [c.code for c in changes] == [f"CL{n:03d}" for n in range(1, len(changes) + 1)]
    assert [c.date for c in changes] == sorted(c.date for c in changes)


def test_the_catalog_keeps_only_what_only_it_knows():
    """The RPCs a change touches are declared by its emulator module, never copied here."""
    with catalog.CATALOG.open(newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames == ["code", "id", "date", "title", "breaking", "summary", "notebook"]
    assert all(None not in row and None not in row.values() for row in rows)


def test_ids_start_with_the_date_and_name_the_notebook():
    for change in catalog.load():
        assert change.id.startswith(change.date.isoformat() + "-")
        assert change.notebook == catalog.ROOT / "notebooks" / f"{change.id}.ipynb"


def test_select_by_code_or_id():
    changes = catalog.load()
    chosen = catalog.select(changes, ["cl012", "2019-09-24-post-inputs-async"])
    assert [c.code for c in chosen] == ["CL002", "CL012"]


def test_select_names_unknown_keys():
    with pytest.raises(ValueError, match="CL999"):
        catalog.select(catalog.load(), ["CL002", "CL999"])


def test_the_package_carries_the_catalog_for_installs_without_the_repository():
    """A pre-commit hook installs the project as a wheel: `cookbook/changes.csv` goes with it."""
    packaged = catalog.Path(catalog.__file__).with_name("changes.csv")
    assert packaged.read_bytes() == catalog.IN_REPO.read_bytes()
    project = tomllib.loads((catalog.ROOT / "pyproject.toml").read_text())
    assert "changes.csv" in project["tool"]["setuptools"]["package-data"]["cookbook"]
