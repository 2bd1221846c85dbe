"""The external corpus: its manifest is complete and the recall bench runs (no figures asserted)."""

from __future__ import annotations

import ast
import csv
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "lint" / "external"
MANIFEST = CORPUS / "SOURCES.csv"
IMPORTS = CORPUS / "imports"
COLUMNS = [
    "file",
    "repository",
    "path",
    "commit_or_version",
    "license",
    "lines",
    "style",
    "expected",
    "notes",
]
OPTIONAL = {"expected", "notes"}
STYLES = {"2.x", "REST", "curl", "gRPC", "gRPC new-style"}


def manifest_rows() -> list[dict[str, str]]:
    """The manifest's rows."""
    with MANIFEST.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def catalog_codes() -> set[str]:
    """The change codes of data/changes.csv."""
    with (ROOT / "data" / "changes.csv").open(newline="", encoding="utf-8") as handle:
        return {row["code"] for row in csv.DictReader(handle)}


def test_manifest_has_its_columns_filled():
    with MANIFEST.open(newline="", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == COLUMNS
    for row in manifest_rows():
        assert all(row[column] for column in COLUMNS if column not in OPTIONAL), row
        assert row["style"] in STYLES, row


def test_every_file_is_listed_and_every_listed_file_exists():
    listed = [row["file"] for row in manifest_rows()]
    assert len(listed) == len(set(listed))
    present = {
        path.relative_to(CORPUS).as_posix()
        for path in CORPUS.rglob("*")
        if path.is_file() and path.suffix in {".txt", ".ipynb"} and IMPORTS not in path.parents
    }
    assert present == set(listed)


def test_every_imports_file_is_a_source_of_the_manifest_and_holds_only_imports():
    sys.path.insert(0, str(ROOT / "bench"))
    from lint_recall import imports_name

    named = {imports_name(row) for row in manifest_rows()}
    kept = [path for path in IMPORTS.rglob("*.txt")]
    assert kept
    for path in kept:
        assert path.relative_to(IMPORTS).as_posix() in named, path
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert all(isinstance(node, ast.Import | ast.ImportFrom) for node in tree.body), path


def test_expected_codes_are_catalog_codes():
    known = catalog_codes()
    for row in manifest_rows():
        assert set(row["expected"].split()) <= known, row


def test_every_excerpt_parses():
    for row in manifest_rows():
        path = CORPUS / row["file"]
        if path.suffix == ".txt":
            ast.parse(path.read_text(encoding="utf-8"), filename=row["file"])


def test_bench_runs():
    done = subprocess.run(
        [sys.executable, "bench/lint_recall.py", "--misses"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "recall" in done.stdout and "\nall " in done.stdout
