"""What rules report and what the checker prints: hits, findings, fixes and their edits."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from .sources import Unit


@dataclass(frozen=True)
class Edit:
    """Replace the source between two `ast` positions (lines from 1, UTF-8 byte columns)."""

    start: tuple[int, int]
    end: tuple[int, int]
    text: str
    expect: str | None = None  # the text that must be there, else the whole fix is dropped


def replace(node: ast.AST, text: str, expect: str | None = None) -> Edit:
    """An edit replacing exactly the source of `node`."""
    return Edit((node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset), text, expect)


def replace_tail(node: ast.Attribute, text: str) -> Edit:
    """An edit replacing the attribute name at the end of `x.name` (never `x` itself)."""
    end = (node.end_lineno, node.end_col_offset)
    start = (node.end_lineno, node.end_col_offset - len(node.attr.encode("utf-8")))
    return Edit(start, end, text, expect=node.attr)


@dataclass(frozen=True)
class Fix:
    """A fix: what it changes, in words, and the edits that do it (all or none).

    A safe fix cannot change what the program does beyond the migration; an unsafe one may
    (it rests on a mapping a person should check), and is applied only with --unsafe-fixes,
    as ruff does."""

    summary: str
    edits: tuple[Edit, ...]
    safe: bool = True


@dataclass(frozen=True)
class Hit:
    """What a rule reports: where, what, and maybe a fix. `unit` only when not the current one."""

    node: ast.AST
    message: str
    fix: Fix | None = None
    unit: Unit | None = None


@dataclass(frozen=True)
class Finding:
    """One old call found: a code, a place a person can go to, a message, maybe a fix."""

    code: str
    cell: int | None
    line: int  # from 1
    col: int  # from 1, in characters
    message: str
    fix: Fix | None = field(default=None, compare=False)
    unit: Unit | None = field(default=None, compare=False, repr=False)

    @property
    def sort_key(self) -> tuple[int, int, int, str]:
        """Cell, line, column, code."""
        return (self.cell or 0, self.line, self.col, self.code)


@dataclass(frozen=True)
class Problem:
    """A file, or a cell of it, that could not be checked."""

    message: str
    cell: int | None = None
    line: int | None = None
    col: int | None = None
