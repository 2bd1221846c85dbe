"""Project hygiene: the README's generated table is current, the code is ruff-clean."""

import shutil
import subprocess

import pytest

from cookbook import catalog, readme


def test_readme_table_matches_the_catalog():
    text = readme.README.read_text(encoding="utf-8")
    assert readme.render(text, catalog.load()) == text, "run: python -m cookbook readme"


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")
@pytest.mark.parametrize("command", [["ruff", "check", "."], ["ruff", "format", "--check", "."]])
def test_ruff_is_clean(command):
    done = subprocess.run(command, cwd=catalog.ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
