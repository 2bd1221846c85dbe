"""Applying safe fixes by exact source offsets, never by unparsing.

Each fix is a set of edits at `ast` positions; a fix whose edits overlap an earlier fix, or
whose text is not what the rule expected, is left out (it stays reported). A unit whose fixed
text no longer parses keeps its old text: a fix must never break code.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from .hits import Finding, Fix
from .sources import Unit, mask_magics


@dataclass(frozen=True)
class Fixed:
    """A unit's new text and the findings whose fixes made it."""

    unit: Unit
    text: str
    findings: tuple[Finding, ...]


def _spans(unit: Unit, fix: Fix) -> list[tuple[int, int, str]] | None:
    spans = []
    for edit in fix.edits:
        start = unit.offset(*edit.start)
        end = unit.offset(*edit.end)
        if edit.expect is not None and unit.text[start:end] != edit.expect:
            return None
        spans.append((start, end, edit.text))
    return spans


def _parses(unit: Unit, text: str) -> bool:
    code = mask_magics(text) if unit.cell is not None else text
    if code is None:
        return False
    try:
        ast.parse(code)
    except (SyntaxError, ValueError):
        return False
    return True


def fix_unit(unit: Unit, findings: Sequence[Finding]) -> Fixed | None:
    """Apply the fixes of `findings` (all in `unit`) that do not collide; None if nothing applies."""
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[int, int, str]] = []
    applied: list[Finding] = []
    for finding in findings:
        if finding.fix is None:
            continue
        spans = _spans(unit, finding.fix)
        if spans is None:
            continue
        wanted = [(start, max(end, start + 1)) for start, end, _ in spans]
        if any(
            start < other_end and other_start < end
            for start, end in wanted
            for other_start, other_end in taken
        ):
            continue
        taken.extend(wanted)
        chosen.extend(spans)
        applied.append(finding)
    if not chosen:
        return None
    text = unit.text
    for start, end, replacement in sorted(chosen, reverse=True):
        text = text[:start] + replacement + text[end:]
    if text == unit.text or not _parses(unit, text):
        return None
    return Fixed(unit, text, tuple(applied))


def fix_findings(findings: Sequence[Finding], unsafe: bool = False) -> list[Fixed]:
    """Group findings by unit and fix each unit (with `unsafe`, the unsafe fixes too)."""
    findings = [f for f in findings if f.fix is None or f.fix.safe or unsafe]
    by_unit: dict[int, tuple[Unit, list[Finding]]] = {}
    for finding in findings:
        if finding.fix is not None and finding.unit is not None:
            by_unit.setdefault(id(finding.unit), (finding.unit, []))[1].append(finding)
    results = []
    for unit, unit_findings in by_unit.values():
        fixed = fix_unit(unit, unit_findings)
        if fixed is not None:
            results.append(fixed)
    results.sort(key=lambda fixed: fixed.unit.cell or 0)
    return results


def unified_diff(label: str, fixed: Fixed) -> str:
    """A unified diff of one fixed unit; notebook cells are labelled `path:cell N`."""
    name = label if fixed.unit.cell is None else f"{label}:cell {fixed.unit.cell}"
    before, after = (name, name) if name.startswith("/") else (f"a/{name}", f"b/{name}")
    lines = difflib.unified_diff(
        fixed.unit.text.splitlines(keepends=True),
        fixed.text.splitlines(keepends=True),
        fromfile=before,
        tofile=after,
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )
