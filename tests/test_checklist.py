"""CONTRIBUTING.md's "Adding a change", enforced: each catalog row has every file it needs.

Each test names the change and the missing file, so a contributor who added a catalog row
is told what to write next. Lists of changes are never written here: they come from the
catalog.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cookbook import catalog
from cookbook.lint import registry as lint_registry

ROOT = catalog.ROOT
CHANGES = catalog.load()


def module_name(change: catalog.Change) -> str:
    """`cl012_delete_all_removed` for `2021-02-12-delete-all-removed`."""
    slug = change.id.removeprefix(change.date.isoformat() + "-").replace("-", "_")
    return f"{change.code.lower()}_{slug}"


def must_exist(change: catalog.Change, path: Path, what: str) -> None:
    relative = path.relative_to(ROOT)
    assert path.exists(), f"{change.code}: {what} is missing: write {relative} (see CONTRIBUTING.md)"


@pytest.fixture(params=CHANGES, ids=[change.code for change in CHANGES])
def change(request) -> catalog.Change:
    return request.param


def test_notebook(change):
    must_exist(change, change.notebook, "its notebook")


def test_emulator_change_module_and_its_tests(change):
    must_exist(
        change, ROOT / "emulator" / "changes" / f"{module_name(change)}.py", "the emulator change module"
    )
    test_file = ROOT / "tests" / "emulator" / "changes" / f"test_{change.code.lower()}.py"
    must_exist(change, test_file, "the tests of its emulator change module")


def test_checker_rule_has_tests(change):
    """A change that shows in code has a rule; every rule has its must-flag / must-not-flag tests."""
    rule = ROOT / "cookbook" / "lint" / "rules" / f"{module_name(change)}.py"
    if not rule.exists():
        pytest.skip(f"{change.code} has no checker rule (it does not show in code)")
    must_exist(
        change, ROOT / "tests" / "lint" / f"test_{change.code.lower()}.py", "the tests of its checker rule"
    )


def test_exercise(change):
    """Its notebook's Your turn is checked by an exercise module (tests/test_exercises.py runs it)."""
    must_exist(change, ROOT / "cookbook" / "exercises" / f"{change.code.lower()}.py", "its exercise")


def test_notebook_uses_a_recipe(change):
    """The notebook's new call is a recipe: at least one code cell imports from `recipes`."""
    must_exist(change, change.notebook, "its notebook")
    cells = json.loads(change.notebook.read_text(encoding="utf-8"))["cells"]
    code = "".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
    assert "from recipes" in code or "import recipes" in code, (
        f"{change.code}: the notebook imports no recipe"
    )


def test_every_rule_module_is_a_catalog_change():
    codes = {change.code for change in CHANGES}
    strays = [module.CODE for module in lint_registry.rule_modules() if module.CODE not in codes]
    assert not strays, f"checker rules for codes not in data/changes.csv: {strays}"
