"""Which files to check: folders walked for `.py` and `.ipynb`, minus `.gitignore`-style excludes."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

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


def _translate(glob: str) -> str:
    """A gitignore glob (without anchoring or trailing slash) as a regular expression."""
    out = []
    index = 0
    while index < len(glob):
        char = glob[index]
        if glob.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if glob.startswith("/**", index) and index + 3 == len(glob):
            out.append("/.*")
            index += 3
            continue
        if glob.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            close = glob.find("]", index + 1)
            if close == -1:
                out.append(re.escape(char))
            else:
                body = glob[index + 1 : close]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                index = close
        elif char == "\\" and index + 1 < len(glob):
            index += 1
            out.append(re.escape(glob[index]))
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


class Excludes:
    """`.gitignore`-style patterns: `*.ipynb`, `build/`, `/notebooks/old_*.py`, `**/gen/**`, `!keep.py`.

    A pattern without a slash (other than a trailing one) matches a name at any depth; one with
    a slash is anchored at the current folder. A trailing slash matches folders only; `!`
    re-includes; the last matching pattern wins; an excluded folder excludes what it holds.
    """

    def __init__(self, patterns: Iterable[str] = ()) -> None:
        self.rules: list[tuple[re.Pattern[str], bool, bool]] = []  # (regex, negated, folders only)
        for raw in patterns:
            pattern = raw.strip()
            if not pattern or pattern.startswith("#"):
                continue
            negated = pattern.startswith("!")
            pattern = pattern.removeprefix("!")
            folders_only = pattern.endswith("/")
            pattern = pattern.rstrip("/")
            anchored = "/" in pattern
            pattern = pattern.removeprefix("/")
            prefix = "^" if anchored else "^(?:.*/)?"
            self.rules.append((re.compile(prefix + _translate(pattern) + "$"), negated, folders_only))

    def _matches(self, relative: str, is_dir: bool) -> bool | None:
        verdict = None
        for regex, negated, folders_only in self.rules:
            if folders_only and not is_dir:
                continue
            if regex.match(relative):
                verdict = not negated
        return verdict

    def excluded(self, path: Path, is_dir: bool = False) -> bool:
        """Whether `path` (or a folder holding it) is excluded."""
        if not self.rules:
            return False
        parts = _relative(path).split("/")
        for depth in range(1, len(parts)):
            if self._matches("/".join(parts[:depth]), True):
                return True
        return bool(self._matches("/".join(parts), is_dir))


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
