"""Precision and recall of the checker on the corpus of old and new snippets.

    python -m tests.lint.measure            # the figures
    python -m tests.lint.measure --verbose  # and every snippet the checker got wrong

A true positive is an (old snippet, code) pair the snippet names and the checker raises; a
false positive is a code raised that the snippet does not name (any code on a new snippet);
a false negative is a named code the checker misses.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

from cookbook.lint import check_text

CORPUS = Path(__file__).parent / "corpus"
HEADER = re.compile(r"^# === (old|new): (\S+)(?:\s*\|\s*(.*))?$")


@dataclass(frozen=True)
class Snippet:
    """One corpus entry: its file and name, whether it is old code, the codes it must raise, its code."""

    file: str
    name: str
    old: bool
    codes: frozenset[str]
    code: str

    @property
    def label(self) -> str:
        """`file:name`."""
        return f"{self.file}:{self.name}"


def snippets(folder: Path = CORPUS) -> list[Snippet]:
    """Every snippet of every `.txt` file of the corpus."""
    found: list[Snippet] = []
    for path in sorted(folder.glob("*.txt")):
        header = None
        lines: list[str] = []
        for line in [*path.read_text(encoding="utf-8").splitlines(), "# === end: end"]:
            match = HEADER.match(line)
            if not match:
                lines.append(line)
                continue
            if header is not None:
                kind, name, codes = header
                found.append(
                    Snippet(
                        path.name, name, kind == "old", frozenset((codes or "").split()), "\n".join(lines)
                    )
                )
            header, lines = match.groups(), []
    return found


@dataclass(frozen=True)
class Score:
    """Counts of (snippet, code) pairs, and the snippets that went wrong."""

    true_positives: int
    false_positives: int
    false_negatives: int
    old: int
    new: int
    wrong: tuple[tuple[str, frozenset[str], frozenset[str]], ...]  # (label, expected, raised)

    @property
    def precision(self) -> float:
        """Raised codes that were expected, over all raised codes."""
        raised = self.true_positives + self.false_positives
        return self.true_positives / raised if raised else 1.0

    @property
    def recall(self) -> float:
        """Expected codes that were raised, over all expected codes."""
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def score(entries: list[Snippet]) -> Score:
    """Run the checker on every snippet and count."""
    tp = fp = fn = 0
    wrong = []
    for snippet in entries:
        raised = frozenset(finding.code for finding in check_text(snippet.code))
        expected = snippet.codes if snippet.old else frozenset()
        tp += len(raised & expected)
        fp += len(raised - expected)
        fn += len(expected - raised)
        if raised != expected:
            wrong.append((snippet.label, expected, raised))
    old = sum(1 for snippet in entries if snippet.old)
    return Score(tp, fp, fn, old, len(entries) - old, tuple(wrong))


def report(result: Score, verbose: bool = False) -> str:
    """The figures as text, and with `verbose` every snippet that went wrong."""
    lines = [
        f"corpus: {result.old} old snippets, {result.new} new snippets",
        f"true positives {result.true_positives}, false positives {result.false_positives}, "
        f"false negatives {result.false_negatives}",
        f"precision {result.precision:.3f}  recall {result.recall:.3f}",
    ]
    if verbose:
        for label, expected, raised in result.wrong:
            lines.append(f"  {label}: expected {sorted(expected)}, raised {sorted(raised)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the figures."""
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--verbose", action="store_true", help="list the snippets the checker got wrong")
    args = cli.parse_args(argv)
    print(report(score(snippets()), args.verbose))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
