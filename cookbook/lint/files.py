"""Which files to check: folders walked for `.py` and `.ipynb`, minus `.gitignore`-style excludes."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from pathspec import GitIgnoreSpec

SUFFIXES = (".py", ".ipynb")
# Folders never worth walking into (named files inside them are still checked).
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "__pycache__",
        ".ipynb_checkpoints",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "node_modules",
        "build",
        "dist",
    }
)


class Excludes:
    """`.gitignore` patterns, with git's own semantics (`pathspec.GitIgnoreSpec`).

    `*.ipynb`, `build/`, `/notebooks/old_*.py`, `**/gen/**`, `!keep.py`: a pattern without a
    slash (other than a trailing one) matches a name at any depth, one with a slash is anchored
    at the current folder, a trailing slash matches folders only, `!` re-includes, the last
    matching pattern wins, and an excluded folder excludes what it holds.
    """

    def __init__(self, patterns: Iterable[str] = ()) -> None:
        self.spec = GitIgnoreSpec.from_lines(pattern.strip() for pattern in patterns)

    def excluded(self, path: Path, is_dir: bool = False) -> bool:
        """Whether `path` (or a folder holding it) is excluded."""
        return bool(self.spec.patterns) and self.spec.match_file(_relative(path) + ("/" if is_dir else ""))


def _relative(path: Path) -> str:
    """The path as matched by patterns: relative to the current folder when inside it, posix."""
    try:
        relative = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path.as_posix().lstrip("/")
    return relative.as_posix()


def discover(paths: Sequence[Path], excludes: Excludes) -> Iterator[Path]:
    """Files to check, in sorted order: named files, and `.py` / `.ipynb` files under named folders."""
    for path in paths:
        if path.is_dir():
            yield from _walk(path, excludes)
        elif not excludes.excluded(path):
            yield path


def _walk(folder: Path, excludes: Excludes) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        dirs[:] = sorted(
            name
            for name in dirs
            if name not in SKIPPED_DIRS and not excludes.excluded(base / name, is_dir=True)
        )
        for name in sorted(files):
            if name.endswith(SUFFIXES) and not excludes.excluded(base / name):
                yield base / name
