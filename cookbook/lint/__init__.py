"""The checker: finds calls to the Clarifai API that a dated change broke, and fixes the safe ones.

`python -m cookbook lint PATH...` reads `.py` files and the code cells of notebooks and reports
`path:line:col: CLnnn message (see notebooks/<id>.ipynb)`. One rule per change lives in
`cookbook/lint/rules/`; the catalog `data/changes.csv` names and dates them. From Python:

    from cookbook.lint import check_text
    findings = check_text('status_code_pb2.INPUT_IMAGE_DOWNLOAD_SUCCESS')
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from . import registry
from .engine import Rule, check_source, fewer_collections
from .files import Excludes, discover
from .hits import Finding, Problem
from .runner import FileResult, check_files
from .sources import read_python


def rules(select: Sequence[str] = ()) -> list[Rule]:
    """The checker's rules, all or those named by code or id."""
    return [entry.rule for entry in registry.choose(select) if entry.rule is not None]


def check_text(text: str, select: Sequence[str] = ()) -> list[Finding]:
    """Findings in Python source text (raises nothing for code that does not parse: no findings)."""
    findings, _problems = check_source(read_python(Path("<text>"), text.encode("utf-8")), rules(select))
    return findings


def check_paths(
    paths: Sequence[Path],
    rules: Sequence[Rule],
    mode: str,
    excludes: Excludes,
    unsafe: bool = False,
    jobs: int | None = None,
) -> list[FileResult]:
    """Check each file named or found under a named folder; `mode` is "check", "fix" or "diff"
    (`unsafe`: the unsafe fixes too); `jobs` processes at most (default: one per CPU).

    A path that does not exist is a result with a problem, not an exception.
    """
    found = [(path, list(discover([path], excludes)) if path.exists() else None) for path in paths]
    with fewer_collections():
        everything = [file for _path, files in found for file in files or ()]
        checked = iter(check_files(everything, rules, mode, unsafe, jobs))
    results: list[FileResult] = []
    for path, files in found:
        if files is None:
            results.append(FileResult(path, problems=[Problem("no such file or folder")]))
        else:
            results.extend(next(checked) for _file in files)
    return results


__all__ = ["FileResult", "Finding", "check_paths", "check_text", "rules"]
