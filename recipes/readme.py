"""`python -m recipes.readme`: regenerate the README's table of changes from the catalog."""

from __future__ import annotations

import sys
from pathlib import Path

from . import catalog

README = catalog.ROOT / "README.md"
START, END = "<!-- changes:start -->", "<!-- changes:end -->"


def changes_table(changes: list[catalog.Change]) -> str:
    """The Markdown table of changes, one row each, linking its notebook."""
    lines = ["| code | date | change | breaking | notebook |", "| --- | --- | --- | --- | --- |"]
    for change in changes:
        link = change.notebook.relative_to(catalog.ROOT).as_posix()
        status = f"[{change.id}]({link})" if change.written else f"{change.id} (not written yet)"
        breaking = "yes" if change.breaking else "no"
        lines.append(f"| {change.code} | {change.date} | {change.title} | {breaking} | {status} |")
    return "\n".join(lines)


def render(text: str, changes: list[catalog.Change]) -> str:
    """`text` with the part between the change markers replaced by a fresh table."""
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{changes_table(changes)}\n{END}{tail}"


def main(path: Path = README) -> int:
    """Rewrite the README's table in place; return the exit status."""
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print(f"error: {path.name} has no {START} ... {END} markers", file=sys.stderr)
        return 2
    path.write_text(render(text, catalog.load()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
