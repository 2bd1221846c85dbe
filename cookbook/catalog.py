"""The catalog of changes, `data/changes.csv`: the one list every other part reads."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IN_REPO = ROOT / "data" / "changes.csv"
# Installed without the repository (a pre-commit hook), the packaged copy (a symlink in the repo).
CATALOG = IN_REPO if IN_REPO.exists() else Path(__file__).with_name("changes.csv")


@dataclass(frozen=True)
class Change:
    """One dated API change."""

    code: str
    id: str
    date: dt.date
    title: str
    breaking: bool
    summary: str
    notebook: Path  # absolute

    @property
    def missing(self) -> str:
        """What is wrong when its notebook file is missing (every change needs one), else ""."""
        if self.notebook.exists():
            return ""
        return f"{self.code} has no notebook: {self.notebook} is missing (every change needs one)"

    def matches(self, key: str) -> bool:
        """Whether `key` (a code like CL012 or an id) names this change."""
        return key.strip().upper() == self.code or key.strip() == self.id


def _change(row: dict[str, str]) -> Change:
    return Change(
        code=row["code"],
        id=row["id"],
        date=dt.date.fromisoformat(row["date"]),
        title=row["title"],
        breaking=row["breaking"] == "yes",
        summary=row["summary"],
        notebook=ROOT / row["notebook"],
    )


def load(path: Path = CATALOG) -> list[Change]:
    """Every change of the catalog, in date order."""
    with path.open(encoding="utf-8", newline="") as handle:
        return sorted((_change(row) for row in csv.DictReader(handle)), key=lambda c: c.date)


def select(changes: list[Change], keys: list[str]) -> list[Change]:
    """The changes named by `keys` (codes or ids); ValueError naming any unknown key."""
    unknown = [key for key in keys if not any(change.matches(key) for change in changes)]
    if unknown:
        raise ValueError(f"no change called {', '.join(unknown)} in {CATALOG.name}")
    return [change for change in changes if any(change.matches(key) for key in keys)]
