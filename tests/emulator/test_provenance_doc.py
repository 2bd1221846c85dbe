"""The provenance document and the README's summary are generated from provenance.csv and current."""

from cookbook import readme


def test_provenance_md_matches_the_table():
    current = readme.PROVENANCE_MD.read_text(encoding="utf-8")
    assert readme.provenance_document(readme.load_provenance()) == current, "run: python -m cookbook readme"


def test_the_readme_summary_is_current_when_the_readme_has_its_markers():
    text = readme.README.read_text(encoding="utf-8")
    assert readme.render_provenance(text, readme.load_provenance()) == text, "run: python -m cookbook readme"


def test_without_markers_the_summary_is_skipped_and_with_them_it_is_filled():
    rows = readme.load_provenance()
    assert readme.render_provenance("no markers here\n", rows) == "no markers here\n"
    filled = readme.render_provenance(
        f"a\n{readme.PROVENANCE_START}\nold\n{readme.PROVENANCE_END}\nb\n", rows
    )
    assert "old" not in filled and "| status descriptions |" in filled and filled.endswith("\nb\n")


def test_every_row_is_in_the_document_and_synthetic_rows_are_named():
    rows = readme.load_provenance()
    document = readme.provenance_document(rows)
    assert all(f"| `{row.key}` |" in document for row in rows)
    assert "`known-faces`" in readme.provenance_summary(rows)
