"""Printing results: `path:line:col: CLnnn message (see notebooks/<id>.ipynb)` lines, or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .hits import Finding, Problem
from .registry import Entry
from .runner import FileResult


def place(label: str, cell: int | None, line: int | None, col: int | None) -> str:
    """`path:line:col`, or `path:cell 4:line 2:col 9` in a notebook; `path` alone if unknown."""
    if cell is not None:
        where = f"{label}:cell {cell}"
        return where if line is None else f"{where}:line {line}:col {col or 1}"
    return label if line is None else f"{label}:{line}:{col or 1}"


def _finding_line(label: str, finding: Finding, entry: Entry, fixed: bool) -> str:
    where = place(label, finding.cell, finding.line, finding.col)
    text = f"fixed: {finding.fix.summary}" if fixed and finding.fix else finding.message
    return f"{where}: {finding.code} {text} (see {entry.notebook})"


def _problem_line(label: str, problem: Problem) -> str:
    return f"{place(label, problem.cell, problem.line, problem.col)}: error: {problem.message}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary(results: Sequence[FileResult], mode: str) -> str:
    """One line: what was found (and fixed) in how many files, and what could not be checked."""
    found = sum(len(result.findings) for result in results)
    fixable = sum(1 for result in results for finding in result.findings if finding.fix)
    fixed = sum(len(result.fixed) for result in results)
    files_with = sum(1 for result in results if result.findings)
    checked = f"checked {_plural(len(results), 'file')}"
    if not found:
        line = f"No old Clarifai calls found; {checked}."
    elif mode == "fix":
        left = found - fixed
        line = f"Fixed {fixed} of {_plural(found, 'old call')} in {_plural(files_with, 'file')}; "
        line += f"{left} left to change by hand; {checked}."
    elif mode == "diff":
        line = (
            f"Would fix {fixed} of {_plural(found, 'old call')} in {_plural(files_with, 'file')}; {checked}."
        )
    else:
        line = f"Found {_plural(found, 'old call')} in {_plural(files_with, 'file')}"
        line += f" ({fixable} with a safe fix: run with --fix)" if fixable else ""
        line += f"; {checked}."
    unreadable = sum(1 for result in results if result.unreadable)
    if unreadable:
        line += f" {_plural(unreadable, 'file')} could not be checked."
    return line


def text(results: Sequence[FileResult], entries: dict[str, Entry], mode: str) -> str:
    """The human report: diffs (with --diff), then sorted findings and errors, then the summary."""
    out: list[str] = []
    ordered = sorted(results, key=lambda result: result.label)
    if mode == "diff":
        out.extend(result.diff.rstrip("\n") for result in ordered if result.diff)
    for result in ordered:
        fixed_ids = {id(finding) for finding in result.fixed} if mode == "fix" else set()
        rows: list[tuple[tuple, str]] = []
        for finding in result.findings:
            line = _finding_line(result.label, finding, entries[finding.code], id(finding) in fixed_ids)
            rows.append((finding.sort_key, line))
        for problem in result.problems:
            key = (problem.cell or 0, problem.line or 0, problem.col or 0, "")
            rows.append((key, _problem_line(result.label, problem)))
        out.extend(line for _key, line in sorted(rows))
    out.append(summary(results, mode))
    return "\n".join(out) + "\n"


def as_json(results: Sequence[FileResult], entries: dict[str, Entry], mode: str) -> str:
    """The report for tools: findings, errors, diffs and a summary, as one JSON document."""
    findings, errors, diffs = [], [], {}
    for result in sorted(results, key=lambda result: result.label):
        fixed_ids = {id(finding) for finding in result.fixed}
        for finding in result.findings:
            entry = entries[finding.code]
            findings.append(
                {
                    "path": result.label,
                    "cell": finding.cell,
                    "line": finding.line,
                    "col": finding.col,
                    "code": finding.code,
                    "id": entry.change.id,
                    "date": entry.change.date.isoformat(),
                    "title": entry.change.title,
                    "message": finding.message,
                    "notebook": entry.notebook,
                    "fix": finding.fix.summary if finding.fix else None,
                    "fixed": mode == "fix" and id(finding) in fixed_ids,
                }
            )
        for problem in result.problems:
            errors.append(
                {
                    "path": result.label,
                    "cell": problem.cell,
                    "line": problem.line,
                    "col": problem.col,
                    "message": problem.message,
                }
            )
        if mode == "diff" and result.diff:
            diffs[result.label] = result.diff
    document = {
        "findings": findings,
        "errors": errors,
        "summary": {
            "files": len(results),
            "findings": len(findings),
            "fixable": sum(1 for item in findings if item["fix"]),
            "fixed": sum(1 for item in findings if item["fixed"]),
            "errors": len(errors),
            "text": summary(results, mode),
        },
    }
    if mode == "diff":
        document["diffs"] = diffs
    return json.dumps(document, indent=2) + "\n"


def rule_list(entries: Sequence[Entry], as_json_format: bool = False) -> str:
    """`--list`: every change of the catalog and what the checker does about it."""
    rows = []
    for entry in entries:
        rule = entry.rule
        if rule is None:
            what = "not checkable in code: no rule"
        else:
            what = "heuristic rule" if rule.heuristic else "rule"
            if rule.fix:
                what += f", safe fix: {rule.fix}"
        rows.append((entry, what))
    if as_json_format:
        items = [
            {
                "code": entry.change.code,
                "id": entry.change.id,
                "date": entry.change.date.isoformat(),
                "title": entry.change.title,
                "checked": entry.rule is not None,
                "heuristic": bool(entry.rule and entry.rule.heuristic),
                "fix": entry.rule.fix if entry.rule else "",
                "notebook": entry.notebook,
                "summary": what,
            }
            for entry, what in rows
        ]
        return json.dumps(items, indent=2) + "\n"
    width = max((len(entry.change.title) for entry, _ in rows), default=0)
    lines = [
        f"{entry.change.code}  {entry.change.date}  {entry.change.title:<{width}}  {what}  ({entry.notebook})"
        for entry, what in rows
    ]
    return "\n".join(lines) + "\n"
