"""Printing results: `path:line:col: CLnnn message (see notebooks/<id>.ipynb)` lines, JSON, GitHub
Actions annotations (`::warning file=...::...`), or SARIF 2.1.0 for code scanning."""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from ..text import plural
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
    mark = " [*]" if not fixed and finding.fix and finding.fix.safe else ""  # ruff's mark of a safe fix
    return f"{where}: {finding.code}{mark} {text} (see {entry.notebook})"


def _problem_line(label: str, problem: Problem) -> str:
    return f"{place(label, problem.cell, problem.line, problem.col)}: error: {problem.message}"


def summary(results: Sequence[FileResult], mode: str) -> str:
    """One line: what was found (and fixed) in how many files, and what could not be checked."""
    found = sum(len(result.findings) for result in results)
    fixable = sum(1 for result in results for finding in result.findings if finding.fix and finding.fix.safe)
    unsafe = sum(
        1 for result in results for finding in result.findings if finding.fix and not finding.fix.safe
    )
    fixed = sum(len(result.fixed) for result in results)
    files_with = sum(1 for result in results if result.findings)
    checked = f"checked {plural(len(results), 'file')}"
    if not found:
        line = f"No old Clarifai calls found; {checked}."
    elif mode == "fix":
        left = found - fixed
        line = f"Fixed {fixed} of {plural(found, 'old call')} in {plural(files_with, 'file')}; "
        line += f"{left} left to change by hand; {checked}."
    elif mode == "diff":
        line = f"Would fix {fixed} of {plural(found, 'old call')} in {plural(files_with, 'file')}; {checked}."
    else:
        line = f"Found {plural(found, 'old call')} in {plural(files_with, 'file')}"
        line += f" ({fixable} with a safe fix: run with --fix)" if fixable else ""
        line += f" ({unsafe} more with --fix --unsafe-fixes)" if unsafe else ""
        line += f"; {checked}."
    unreadable = sum(1 for result in results if result.unreadable)
    if unreadable:
        line += f" {plural(unreadable, 'file')} could not be checked."
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
                    "fix_safe": finding.fix.safe if finding.fix else None,
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


def _escape_data(text: str) -> str:
    """A GitHub workflow command's message, escaped as the runner expects."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(results: Sequence[FileResult], entries: dict[str, Entry], mode: str) -> str:
    """One `::warning` workflow command per finding (`::error` per file that could not be
    checked), which GitHub Actions shows as annotations on the lines; then the summary."""
    out = []
    for result in sorted(results, key=lambda result: result.label):
        path = _escape_property(result.label)
        for finding in sorted(result.findings, key=lambda finding: finding.sort_key):
            entry = entries[finding.code]
            where = f"cell {finding.cell}, " if finding.cell is not None else ""
            line = finding.line if finding.cell is None else 1  # a notebook's lines are the cell's own
            message = f"{where}{finding.message} (see {entry.notebook})"
            out.append(
                f"::warning file={path},line={line},col={finding.col},"
                f"title={_escape_property(finding.code + ' ' + entry.change.title)}::{_escape_data(message)}"
            )
        for problem in result.problems:
            out.append(f"::error file={path},title=cannot check::{_escape_data(problem.message)}")
    out.append(summary(results, mode))
    return "\n".join(out) + "\n"


SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
TOOL = "clarifai-cookbook"  # the distribution (pyproject.toml); its version is the tool's


def _sarif_rule(entry: Entry) -> dict:
    change = entry.change
    return {
        "id": change.code,
        "name": change.id,
        "shortDescription": {"text": change.title},
        "fullDescription": {"text": change.summary},
        "help": {"text": f"{change.summary} See {entry.notebook}."},
        "properties": {"date": change.date.isoformat()},
    }


def _sarif_result(label: str, finding: Finding, index: dict[str, int]) -> dict:
    region = {"startLine": finding.line, "startColumn": finding.col}
    location: dict = {
        "physicalLocation": {"artifactLocation": {"uri": Path(label).as_posix()}, "region": region}
    }
    if finding.cell is not None:
        location["logicalLocations"] = [{"name": f"cell {finding.cell}", "kind": "module"}]
        location["message"] = {"text": f"cell {finding.cell}, line {finding.line}"}
    found = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": "warning",
        "message": {"text": finding.message},
        "locations": [location],
    }
    if finding.fix is not None:
        found["properties"] = {"fix": finding.fix.summary, "fixSafe": finding.fix.safe}
    return found


def sarif(results: Sequence[FileResult], entries: dict[str, Entry], mode: str) -> str:
    """A SARIF 2.1.0 log: one run, the catalog's changes as rules, a result per finding, a
    notification per file that could not be checked. GitHub code scanning reads it."""
    try:
        version = metadata.version(TOOL)
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        version = "0.0.0"
    rules = sorted(
        {entries[f.code].change.code: entries[f.code] for r in results for f in r.findings}.items()
    )
    index = {code: n for n, (code, _entry) in enumerate(rules)}
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{result.label}: {problem.message}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": Path(result.label).as_posix()}}}],
        }
        for result in results
        for problem in result.problems
    ]
    run = {
        "tool": {
            "driver": {
                "name": "cookbook lint",
                "fullName": "python -m cookbook lint (the Clarifai migration cookbook's checker)",
                "version": version,
                "rules": [_sarif_rule(entry) for _code, entry in rules],
            }
        },
        "results": [
            _sarif_result(result.label, finding, index)
            for result in sorted(results, key=lambda result: result.label)
            for finding in sorted(result.findings, key=lambda finding: finding.sort_key)
        ],
        "invocations": [
            {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}
        ],
    }
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2) + "\n"


FORMATS = {"text": text, "json": as_json, "github": github, "sarif": sarif}
