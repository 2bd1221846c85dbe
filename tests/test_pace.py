"""A pace a room can follow: every notebook reads and runs in about ten minutes, and its
setup is short (the counts are `cookbook.pace`'s)."""

from __future__ import annotations

import nbformat
import pytest

from cookbook import catalog, pace

CHANGES = catalog.load()


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.code)
def test_the_notebook_takes_about_ten_minutes(change):
    found = pace.pace(change.notebook)
    assert found.minutes <= pace.CEILING_MINUTES, (
        f"{change.code} takes {found.minutes:.1f} min ({found.words} words, {found.code_lines} code lines)"
    )


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.code)
def test_the_setup_is_short(change):
    sources = pace.setup_cells(change.notebook)
    assert sources, f"{change.code} has no code under its ## Setup heading"
    longest = max(pace.code_lines(source) for source in sources)
    assert longest <= pace.SETUP_LINES, f"{change.code}: a setup cell of {longest} lines"


def test_folded_cells_are_not_read(tmp_path):
    shown = nbformat.v4.new_code_cell("a = 1\n\nb = 2")
    folded = nbformat.v4.new_code_cell("c = 3\n" * 50, metadata={"jupyter": {"source_hidden": True}})
    prose = nbformat.v4.new_markdown_cell("## Setup\n\nTwo words' worth.")
    path = tmp_path / "n.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[prose, shown, folded]), path)
    assert pace.pace(path) == pace.Pace(words=4, code_lines=2)
    assert pace.setup_cells(path) == ["a = 1\n\nb = 2"]
