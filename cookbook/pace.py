"""How long a notebook takes a workshop attendee: the words they read and the code they run.

Reading: prose at `WORDS_PER_MINUTE`; code, with its output, at `CODE_LINES_PER_MINUTE`
non-blank lines. Cells whose source is folded (`jupyter.source_hidden`: an exercise's
solution, the runner's bookkeeping) are not read, so they do not count; their outputs do
not either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

WORDS_PER_MINUTE = 200  # technical prose, read with care
CODE_LINES_PER_MINUTE = 20  # read, run, and read the output
CEILING_MINUTES = 10.0  # what a workshop gives one notebook
SETUP_LINES = 15  # the most a setup cell should hold
WORD = re.compile(r"[A-Za-z0-9_']+")


@dataclass(frozen=True)
class Pace:
    """A notebook's reading load."""

    words: int
    code_lines: int

    @property
    def minutes(self) -> float:
        return self.words / WORDS_PER_MINUTE + self.code_lines / CODE_LINES_PER_MINUTE


def is_folded(cell: nbformat.NotebookNode) -> bool:
    """Whether the cell's source is folded away from the reader."""
    return bool(cell.metadata.get("jupyter", {}).get("source_hidden"))


def code_lines(source: str) -> int:
    """Non-blank lines of a code cell."""
    return sum(1 for line in source.splitlines() if line.strip())


def pace(notebook: Path) -> Pace:
    """The words and code lines a reader of `notebook` goes through."""
    cells = [cell for cell in nbformat.read(notebook, as_version=4).cells if not is_folded(cell)]
    words = sum(len(WORD.findall(cell.source)) for cell in cells if cell.cell_type == "markdown")
    lines = sum(code_lines(cell.source) for cell in cells if cell.cell_type == "code")
    return Pace(words, lines)


def setup_cells(notebook: Path) -> list[str]:
    """The sources of the code cells under the notebook's `## Setup` heading."""
    sources, in_setup = [], False
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("#"):
            in_setup = cell.source.lstrip().lower().startswith("## setup")
        elif in_setup and cell.cell_type == "code" and not is_folded(cell):
            sources.append(cell.source)
    return sources
