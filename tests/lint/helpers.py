"""Running one rule on a snippet, as the rule tests do (django-upgrade style)."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from cookbook.lint import rules
from cookbook.lint.engine import check_source
from cookbook.lint.fixing import fix_findings
from cookbook.lint.hits import Finding
from cookbook.lint.sources import read_python


def findings(source: str, code: str) -> list[Finding]:
    """What rule `code` finds in the (dedented) snippet; the snippet must parse."""
    snippet = read_python(Path("snippet.py"), dedent(source).encode("utf-8"))
    found, problems = check_source(snippet, rules([code]))
    assert not problems, problems
    return found


def flags(source: str, code: str) -> bool:
    """Whether rule `code` reports anything in the snippet."""
    return bool(findings(source, code))


def fixed(source: str, code: str, unsafe: bool = False) -> str:
    """The snippet after the safe fixes of rule `code` (the unsafe ones too with `unsafe`;
    unchanged if none applies)."""
    fixes = fix_findings(findings(source, code), unsafe)
    return fixes[0].text if fixes else dedent(source)
