"""Checking files: read, check, and with `--fix` or `--diff` apply or show the safe fixes."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .engine import Rule, check_source
from .fixing import Fixed, fix_findings, unified_diff
from .hits import Finding, Problem
from .noqa import unsilenced
from .sources import Notebook, ReadError, Source, Unit, read_notebook, read_python, read_source

MAX_ROUNDS = 5  # a fix inside another fix's span waits for the next round


@dataclass
class FileResult:
    """What checking one file gave."""

    path: Path
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)  # fixed (--fix) or fixable now (--diff)
    diff: str = ""

    @property
    def label(self) -> str:
        """The path as printed."""
        return str(self.path)

    @property
    def unreadable(self) -> bool:
        """Whether the file, or part of it, could not be checked."""
        return bool(self.problems)


def _reread(source: Source, data: bytes) -> Source:
    if isinstance(source, Notebook):
        return read_notebook(source.path, data)
    return read_python(source.path, data)


def _diff(label: str, before: Source, after: Source) -> str:
    """Unified diffs of the units (cells) whose text changed."""
    old = {unit.cell: unit for unit in before.units}
    parts = []
    for unit in after.units:
        previous = old.get(unit.cell)
        if previous is not None and previous.text != unit.text:
            parts.append(unified_diff(label, Fixed(previous, unit.text, ())))
    return "".join(parts)


def _checked(
    source: Source, rules: Sequence[Rule], prefilter: bool = True
) -> tuple[list[Finding], list[Problem]]:
    """The findings of `source` that no `# noqa` silences (none in a skipped file), and its problems."""
    findings, problems = check_source(source, rules, prefilter)
    return unsilenced(source, findings), problems


def _fix_rounds(
    source: Source, rules: Sequence[Rule], result: FileResult, unsafe: bool
) -> tuple[Source, bytes | None]:
    """Apply fixes until none is left (or MAX_ROUNDS); return the final source and its bytes."""
    current, data = source, None
    for _round in range(MAX_ROUNDS):
        fixes = fix_findings(result.findings, unsafe)
        if not fixes:
            break
        data = current.rendered([Unit(fixed.text, fixed.unit.cell) for fixed in fixes])
        result.fixed.extend(finding for fixed in fixes for finding in fixed.findings)
        current = _reread(current, data)
        result.findings, result.problems = _checked(current, rules)
    return current, data


def check_file(
    path: Path, rules: Sequence[Rule], mode: str = "check", unsafe: bool = False, prefilter: bool = True
) -> FileResult:
    """Check one file; in "fix" mode write the safe fixes (and the unsafe ones with `unsafe`),
    in "diff" mode describe them. `prefilter=False` checks it whatever its text (benchmarks).

    With fixes, `findings` lists what was fixed first, then what is left in the fixed text.
    """
    result = FileResult(path)
    try:
        source = read_source(path)
    except ReadError as error:
        result.problems.append(Problem(str(error)))
        return result
    result.findings, result.problems = _checked(source, rules, prefilter)
    if mode == "check" or not any(finding.fix for finding in result.findings):
        return result
    try:
        final, data = _fix_rounds(source, rules, result, unsafe)
    except ReadError as error:
        result.problems.append(Problem(str(error)))
        return result
    result.findings = result.fixed + result.findings
    if data is None:
        return result
    result.diff = _diff(result.label, source, final)
    if mode == "fix":
        try:
            path.write_bytes(data)
        except OSError as error:
            result.problems.append(Problem(f"cannot write: {error.strerror or error}"))
            result.fixed = []
    return result


# Fewer files than this per process are checked in this one: starting workers would cost more.
FILES_PER_JOB = 50
_work: tuple[Sequence[Rule], str, bool, bool] | None = None  # what forked workers inherit


def _check_inherited(path: Path) -> FileResult:
    assert _work is not None
    rules, mode, unsafe, prefilter = _work
    return check_file(path, rules, mode, unsafe, prefilter)


def check_files(
    paths: Sequence[Path],
    rules: Sequence[Rule],
    mode: str = "check",
    unsafe: bool = False,
    jobs: int | None = None,
    prefilter: bool = True,
) -> list[FileResult]:
    """`check_file` of each path, in order, spread over `jobs` processes (default: one per CPU).

    Files are independent, so a large tree is split between forked workers, as ruff and
    flake8 do; a small one, or a system without `fork`, is checked in this process.
    """
    global _work
    jobs = min(jobs or os.cpu_count() or 1, len(paths) // FILES_PER_JOB)
    if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [check_file(path, rules, mode, unsafe, prefilter) for path in paths]
    _work = (rules, mode, unsafe, prefilter)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return pool.map(_check_inherited, paths, chunksize=max(1, len(paths) // (jobs * 8)))
    finally:
        _work = None
