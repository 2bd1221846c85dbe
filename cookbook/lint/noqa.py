"""Silencing findings as ruff does: `# noqa: CL012` (or a bare `# noqa`) at the end of the line a
finding is on, and `# clarifai-lint: skip-file` on a line of its own anywhere in the file (or
in any cell of a notebook).

A `# noqa` naming only other tools' codes (`# noqa: E501`) silences nothing here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .hits import Finding
from .sources import Source

NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Za-z]+\d+(?:[\s,]+[A-Za-z]+\d+)*))?", re.IGNORECASE)
SKIP_FILE = re.compile(r"^[ \t]*#[ \t]*clarifai-lint:[ \t]*skip-file[ \t]*$", re.MULTILINE)


def skips_file(source: Source) -> bool:
    """Whether the file asks not to be checked."""
    return any(SKIP_FILE.search(unit.text) for unit in source.units)


def silenced(finding: Finding) -> bool:
    """Whether the line of `finding` carries a `# noqa` that covers its code."""
    if finding.unit is None:
        return False
    found = NOQA.search(finding.unit.line(finding.line))
    if found is None:
        return False
    codes = found.group("codes")
    return codes is None or finding.code in {code.upper() for code in re.split(r"[\s,]+", codes)}


def unsilenced(source: Source, findings: Sequence[Finding]) -> list[Finding]:
    """The findings left once the file's and the lines' noqa comments are read."""
    if not findings or skips_file(source):
        return []
    return [finding for finding in findings if not silenced(finding)]
