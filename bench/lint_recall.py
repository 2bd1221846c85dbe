"""Recall and precision of `cookbook.lint` on the external corpus (tests/lint/external).

Runs the checker on every excerpt listed in SOURCES.csv and compares, file by file, the change
codes it reports with the codes labelled in the manifest: a code expected in a file and reported
anywhere in it is a true positive; expected and not reported, a miss; reported and not expected,
an extra (false positive). Prints a table per change and overall; `--misses` lists each miss
and extra. No thresholds: the rules change in parallel.

An excerpt is cut from a file whose imports it does not repeat, and many rules want to see that
Clarifai is imported. So a second table checks each excerpt again below its source file's own
import lines, copied verbatim into `imports/` (what the checker sees when it runs on the
whole file): the first table is the checker on the excerpts as cut, the second on them in
context. A source with no imports of its own (a docs page whose set-up is on another page, the
Clarifai/docs snippets, not kept here) is measured as cut in both.

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
IMPORTS = CORPUS / "imports"


@dataclass(frozen=True)
class Excerpt:
    """One manifest row: the file, its style and the change codes it should raise."""

    file: str
    style: str
    expected: frozenset[str]
    imports: str = ""  # the import lines of the file it was cut from ("" when none are kept)


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
        rows = list(csv.DictReader(handle))
    return [
        Excerpt(row["file"], row["style"], frozenset(row["expected"].split()), kept_imports(row))
        for row in rows
    ]


def imports_name(row: dict[str, str]) -> str:
    """Where a manifest row's source imports are kept: `<folder>/<path with __>@<commit>.txt`."""
    folder = row["file"].split("/")[0]
    return f"{folder}/{row['path'].replace('/', '__')}@{row['commit_or_version'][:7]}.txt"


def kept_imports(row: dict[str, str]) -> str:
    """The import lines kept for a manifest row's source file, or "" when none are."""
    path = IMPORTS / imports_name(row)
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def found_codes(excerpt: Excerpt, in_context: bool = False) -> frozenset[str]:
    """The change codes the checker reports in one excerpt (all rules), alone or in context."""
    path = CORPUS / excerpt.file
    text = path.read_bytes()
    if in_context and excerpt.imports:
        text = excerpt.imports.encode("utf-8") + b"\n" + text
    unit = read_python(Path(path.name.removesuffix(".txt")), text)
    found, _problems = check_source(unit, rules())
    return frozenset(finding.code for finding in found)


def measure(excerpts: list[Excerpt], in_context: bool = False) -> Tally:
    """Compare expected and reported codes, file by file."""
    tally = Tally()
    for excerpt in excerpts:
        got = found_codes(excerpt, in_context)
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


def names_clarifai(excerpt: Excerpt, in_context: bool = False) -> bool:
    """Whether the excerpt's text spells "clarifai" anywhere (many rules only run when it does)."""
    text = (CORPUS / excerpt.file).read_text(encoding="utf-8")
    if in_context:
        text = excerpt.imports + text
    return any(spelling in text for spelling in ("clarifai", "Clarifai", "CLARIFAI"))


def split_by_mention(excerpts: list[Excerpt], in_context: bool = False) -> list[str]:
    """Overall recall and precision for excerpts that name clarifai and for those that do not."""
    lines = []
    for label, wanted in (("names clarifai", True), ("never names clarifai", False)):
        chosen = [excerpt for excerpt in excerpts if names_clarifai(excerpt, in_context) == wanted]
        tally = measure(chosen, in_context)
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
    parser.add_argument(
        "--in-context", action="store_true", help="list the misses and extras of the excerpts in context"
    )
    args = parser.parse_args(argv)
    excerpts = read_manifest()
    print(f"{len(excerpts)} excerpts ({styles(excerpts)}); found = true positives, file-level")
    with_imports = sum(bool(excerpt.imports) for excerpt in excerpts)
    tallies = {}
    for in_context in (False, True):
        tallies[in_context] = measure(excerpts, in_context)
        title = f"in context ({with_imports} excerpts below their file's imports)" if in_context else "as cut"
        print(f"\n{title}:")
        print("\n".join(table(tallies[in_context])))
        print("\n".join(["", *split_by_mention(excerpts, in_context)]))
    tally = tallies[args.in_context]
    if args.misses:
        print("\nmisses and extras:" if tally.errors else "\nno misses, no extras")
        for kind, file, code in tally.errors:
            print(f"{kind:5} {code}  {file}")


if __name__ == "__main__":
    main()
