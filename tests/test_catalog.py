"""The catalog: nineteen dated changes, one key each, read by everything else."""

import csv

import pytest

from recipes import catalog


def test_catalog_has_the_nineteen_changes_in_date_order():
    changes = catalog.load()
    assert [c.code for c in changes] == [f"CL{n:03d}" for n in range(1, 20)]
    assert [c.date for c in changes] == sorted(c.date for c in changes)


def test_every_row_has_exactly_the_columns_of_the_header():
    with catalog.CATALOG.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert all(None not in row and len(row) == 8 for row in rows)


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
    """A pre-commit hook installs the project as a wheel: `recipes/changes.csv` goes with it."""
    packaged = catalog.Path(catalog.__file__).with_name("changes.csv")
    assert packaged.read_bytes() == catalog.IN_REPO.read_bytes()
    assert 'recipes = ["changes.csv"]' in (catalog.ROOT / "pyproject.toml").read_text()
