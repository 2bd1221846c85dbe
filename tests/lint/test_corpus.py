"""Precision and recall on the corpus of old and new snippets (tests/lint/corpus)."""

import ast

from cookbook.lint import rules
from cookbook.lint.runner import check_file
from tests.lint import measure

TARGET = 0.95


def test_the_corpus_is_big_enough():
    entries = measure.snippets()
    assert sum(1 for s in entries if s.old) >= 100
    assert sum(1 for s in entries if not s.old) >= 100
    assert len({s.label for s in entries}) == len(entries), "snippet names must be unique per file"


def test_every_old_snippet_names_known_codes_and_every_checkable_code_is_covered():
    entries = measure.snippets()
    named = {code for s in entries if s.old for code in s.codes}
    assert all(s.codes for s in entries if s.old)
    assert named == {f"CL{n:03d}" for n in range(2, 20)}


def test_precision_and_recall(capsys):
    score = measure.score(measure.snippets())
    with capsys.disabled():
        print("\n" + measure.report(score, verbose=True))
    assert score.precision >= TARGET, measure.report(score, verbose=True)
    assert score.recall >= TARGET, measure.report(score, verbose=True)


def test_fixing_every_snippet_keeps_it_parsing_and_a_second_fix_changes_nothing(tmp_path):
    everything = rules()
    for index, snippet in enumerate(measure.snippets()):
        path = tmp_path / f"s{index}.py"
        path.write_text(snippet.code + "\n", encoding="utf-8")
        check_file(path, everything, "fix")
        once = path.read_text(encoding="utf-8")
        ast.parse(once)
        again = check_file(path, everything, "fix")
        assert not again.fixed and path.read_text(encoding="utf-8") == once, snippet.label
