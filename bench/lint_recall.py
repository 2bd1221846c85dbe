"""Recall and precision of `cookbook.lint` on the external corpus (tests/lint/external).

Runs the checker on every excerpt listed in SOURCES.csv and compares, file by file, the change
codes it reports with the codes labelled in the manifest: a code expected in a file and reported
anywhere in it is a true positive; expected and not reported, a miss; reported and not expected,
an extra (false positive). Prints a table per change and overall; `--misses` lists each miss
and extra. No thresholds: the rules change in parallel.

    PYTHONPATH=. python bench/lint_recall.py [--misses]
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from cookbook.lint import rules
from cookbook.lint.engine import check_source
from cookbook.lint.sources import read_python

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "lint" / "external"
MANIFEST = CORPUS / "SOURCES.csv"


@dataclass(frozen=True)
class Excerpt:
    """One manifest row: the file, its style and the change codes it should raise."""

    file: str
    style: str
    expected: frozenset[str]


@dataclass
class Tally:
    """True positives, misses and extras per code, and the (kind, file, code) of each error."""

    hits: Counter[str] = field(default_factory=Counter)
    misses: Counter[str] = field(default_factory=Counter)
    extras: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[str, str, str]] = field(default_factory=list)


def read_manifest(path: Path = MANIFEST) -> list[Excerpt]:
    """The excerpts listed in the manifest."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            Excerpt(row["file"], row["style"], frozenset(row["expected"].split()))
            for row in csv.DictReader(handle)
        ]


def found_codes(path: Path) -> frozenset[str]:
    """The change codes the checker reports in one excerpt (all rules)."""
    unit = read_python(Path(path.name.removesuffix(".txt")), path.read_bytes())
    found, _problems = check_source(unit, rules())
    return frozenset(finding.code for finding in found)


def measure(excerpts: list[Excerpt]) -> Tally:
    """Compare expected and reported codes, file by file."""
    tally = Tally()
    for excerpt in excerpts:
        got = found_codes(CORPUS / excerpt.file)
        for code in sorted(excerpt.expected & got):
            tally.hits[code] += 1
        for code in sorted(excerpt.expected - got):
            tally.misses[code] += 1
            tally.errors.append(("miss", excerpt.file, code))
        for code in sorted(got - excerpt.expected):
            tally.extras[code] += 1
            tally.errors.append(("extra", excerpt.file, code))
    return tally


def ratio(part: int, whole: int) -> str:
    """A percentage, or a dash when there is nothing to divide."""
    return f"{100 * part / whole:.1f}%" if whole else "-"


def table(tally: Tally) -> list[str]:
    """The per-change table with a total row."""
    codes = sorted(set(tally.hits) | set(tally.misses) | set(tally.extras))
    header = "code   expected found missed extra  recall precision"
    lines = [header]
    for code in [*codes, "all"]:
        if code == "all":
            tp, fn, fp = (sum(counter.values()) for counter in (tally.hits, tally.misses, tally.extras))
        else:
            tp, fn, fp = tally.hits[code], tally.misses[code], tally.extras[code]
        lines.append(
            f"{code:6} {tp + fn:8} {tp:5} {fn:6} {fp:5} {ratio(tp, tp + fn):>7} {ratio(tp, tp + fp):>9}"
        )
    return lines


def names_clarifai(excerpt: Excerpt) -> bool:
    """Whether the excerpt's text spells "clarifai" anywhere (many rules only run when it does)."""
    text = (CORPUS / excerpt.file).read_text(encoding="utf-8")
    return any(spelling in text for spelling in ("clarifai", "Clarifai", "CLARIFAI"))


def split_by_mention(excerpts: list[Excerpt]) -> list[str]:
    """Overall recall and precision for excerpts that name clarifai and for those that do not."""
    lines = []
    for label, wanted in (("names clarifai", True), ("never names clarifai", False)):
        chosen = [excerpt for excerpt in excerpts if names_clarifai(excerpt) == wanted]
        tally = measure(chosen)
        tp, fn, fp = (sum(counter.values()) for counter in (tally.hits, tally.misses, tally.extras))
        scores = f"recall {ratio(tp, tp + fn)}, precision {ratio(tp, tp + fp)}"
        lines.append(f"{label:21} {len(chosen):3} excerpts: {scores}")
    return lines


def styles(excerpts: list[Excerpt]) -> str:
    """How many excerpts of each style."""
    counts = Counter(excerpt.style for excerpt in excerpts)
    return ", ".join(f"{style} {count}" for style, count in sorted(counts.items()))


def main(argv: list[str] | None = None) -> None:
    """Print the table, and with --misses each miss and extra."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list each missed and extra (file, code)")
    args = parser.parse_args(argv)
    excerpts = read_manifest()
    tally = measure(excerpts)
    print(f"{len(excerpts)} excerpts ({styles(excerpts)}); found = true positives, file-level")
    print("\n".join(table(tally)))
    print("\n".join(["", *split_by_mention(excerpts)]))
    if args.misses:
        print("\nmisses and extras:" if tally.errors else "\nno misses, no extras")
        for kind, file, code in tally.errors:
            print(f"{kind:5} {code}  {file}")


if __name__ == "__main__":
    main()
