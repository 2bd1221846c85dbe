"""The README's generated parts and `emulator/provenance.md`, made from the catalog and the provenance table.

- how many changes there are and the table of them, from the catalog, between the `changes`
  markers (required);
- how faithful the emulator is: counts of documented and inferred texts and behaviours, from
  `emulator/provenance.csv`, between the `provenance` markers (skipped when the README has none);
- `emulator/provenance.md`: every row of the provenance table, readable.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import catalog

README = catalog.ROOT / "README.md"
PROVENANCE_CSV = catalog.ROOT / "emulator" / "provenance.csv"
PROVENANCE_MD = catalog.ROOT / "emulator" / "provenance.md"
START, END = "<!-- changes:start -->", "<!-- changes:end -->"
PROVENANCE_START, PROVENANCE_END = "<!-- provenance:start -->", "<!-- provenance:end -->"
KINDS = (  # kind of row -> what it is, in the order the documents list them
    ("description", "Status descriptions", "the `description` of each status code the emulator sends"),
    ("details", "Details texts", "the `details` texts, with `{placeholders}` filled per request"),
    ("behaviour", "Behaviours", "what the emulator does where a text alone does not say it"),
)
SYNTHETIC = ("synthetic", "hand-placed")  # words in a row that mark an invented answer, not a text


@dataclass(frozen=True)
class Row:
    """One row of `emulator/provenance.csv`."""

    kind: str
    key: str
    text: str
    provenance: str
    source: str

    @property
    def synthetic(self) -> bool:
        """Whether the row describes invented output (predictions, boxes), not just a wording."""
        return any(word in f"{self.text} {self.source}".lower() for word in SYNTHETIC)


def load_provenance(path: Path = PROVENANCE_CSV) -> list[Row]:
    """The rows of the provenance table, in file order."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [Row(**row) for row in csv.DictReader(handle)]


def changes_table(changes: list[catalog.Change]) -> str:
    """How many changes there are, and the Markdown table of them, one row each, linking its notebook."""
    lines = [f"{len(changes)} changes, {sum(change.breaking for change in changes)} of them breaking:", ""]
    lines += ["| code | date | change | breaking | notebook |", "| --- | --- | --- | --- | --- |"]
    for change in changes:
        link = change.notebook.relative_to(catalog.ROOT).as_posix()
        breaking = "yes" if change.breaking else "no"
        lines.append(
            f"| {change.code} | {change.date} | {change.title} | {breaking} | [{change.id}]({link}) |"
        )
    return "\n".join(lines)


def _between(text: str, start: str, end: str, body: str) -> str:
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{body}\n{end}{tail}"


def render(text: str, changes: list[catalog.Change]) -> str:
    """`text` with the part between the change markers replaced by a fresh table."""
    return _between(text, START, END, changes_table(changes))


def provenance_summary(rows: list[Row]) -> str:
    """The README's part: how many texts and behaviours are documented or inferred."""
    counts = Counter((row.kind, row.provenance) for row in rows)
    lines = ["| what | documented | inferred |", "| --- | ---: | ---: |"]
    for kind, title, _ in KINDS:
        lines.append(f"| {title.lower()} | {counts[kind, 'documented']} | {counts[kind, 'inferred']} |")
    synthetic = sorted(row.key for row in rows if row.synthetic)
    lines += [
        "",
        f"Synthetic answers (invented, and labelled so): {', '.join(f'`{key}`' for key in synthetic)}.",
        "Every row, with its source: [`emulator/provenance.md`](emulator/provenance.md).",
    ]
    return "\n".join(lines)


def render_provenance(text: str, rows: list[Row]) -> str:
    """`text` with the provenance summary between its markers; unchanged when it has none."""
    if PROVENANCE_START not in text or PROVENANCE_END not in text:
        return text
    return _between(text, PROVENANCE_START, PROVENANCE_END, provenance_summary(rows))


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def provenance_document(rows: list[Row]) -> str:
    """`emulator/provenance.md`: every row of the provenance table, by kind and key."""
    parts = [
        "# Where the emulator's texts and behaviours come from",
        "",
        "Generated from `emulator/provenance.csv` by `python -m cookbook readme`; do not edit by hand.",
        "",
        "*documented*: seen in a Clarifai source (its docs, client libraries or their tests, the",
        "facts file); *inferred*: the emulator's own choice where no public source says. Rows about",
        "synthetic output (predictions, face boxes) say so in their text.",
    ]
    for kind, title, about in KINDS:
        chosen = sorted((row for row in rows if row.kind == kind), key=lambda row: row.key)
        parts += ["", f"## {title}", "", f"{len(chosen)} rows: {about}.", ""]
        parts += ["| key | text | provenance | source |", "| --- | --- | --- | --- |"]
        parts += [
            f"| `{row.key}` | {_cell(row.text)} | {row.provenance} | {_cell(row.source)} |" for row in chosen
        ]
    return "\n".join(parts) + "\n"


def regenerate(path: Path = README, document: Path = PROVENANCE_MD) -> None:
    """Rewrite the README's generated parts and the provenance document.

    Raises ValueError when the README has no change markers (nothing would say where the table goes).
    """
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise ValueError(f"{path.name} has no {START} ... {END} markers")
    rows = load_provenance()
    path.write_text(render_provenance(render(text, catalog.load()), rows), encoding="utf-8")
    document.write_text(provenance_document(rows), encoding="utf-8")
