"""The stored notebooks: the anatomy every change follows, and a clean golden record."""

import json
import re

import pytest

from cookbook import catalog
from cookbook.notebook import STEPS, outcomes

CHANGES = catalog.load()
SECRET = re.compile(r"(?i)(pat|api[_ ]?key|token)\W{0,5}['\"]?[0-9a-f]{32}\b")


def stored(change: catalog.Change) -> dict:
    return json.loads(change.notebook.read_text(encoding="utf-8"))


@pytest.mark.parametrize("change", CHANGES, ids=[c.code for c in CHANGES])
def test_every_change_has_its_notebook(change):
    assert not change.missing, change.missing


@pytest.mark.parametrize("change", CHANGES, ids=[c.code for c in CHANGES])
def test_anatomy(change):
    notebook = stored(change)
    cells = notebook["cells"]
    assert cells[0]["cell_type"] == "markdown" and f"({change.code}, {change.date})" in "".join(
        cells[0]["source"]
    )
    parameters = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(parameters) == 1 and 'TARGET = "emulator"' in "".join(parameters[0]["source"])
    headings = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    for heading in (
        "## The old call",
        "## The same call",
        "## The new call",
        "## Verify",
        "## What to change",
    ):
        assert heading in headings, heading


@pytest.mark.parametrize("change", CHANGES, ids=[c.code for c in CHANGES])
def test_stored_outputs_are_a_clean_golden_record(change):
    notebook = stored(change)
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert all(c["execution_count"] is not None for c in code), "re-run: python -m cookbook golden"
    assert not [o for c in code for o in c["outputs"] if o["output_type"] == "error"]
    assert not [c for c in code if "execution" in c.get("metadata", {})], "wall-clock timing stored"
    assert not SECRET.search(json.dumps(notebook)), "something like a secret is stored"
    found = outcomes(notebook)
    assert set(found) == set(STEPS)
    assert all(record["ok"] for record in found.values())
    assert found["verified"]["summary"].startswith(f"{change.code} verified")
