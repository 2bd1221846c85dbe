"""The gallery: the stored notebooks as a static site, opened in headless Chromium (Playwright).

The site is rendered from the committed notebooks (already executed), so no notebook runs
here; `tests/test_run.py` covers `python -m cookbook run --html` on fresh executions.
Screenshots of the index and of a page with a picture go to `build/`.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest
from playwright.sync_api import Page, sync_playwright

from cookbook import catalog, gallery
from cookbook.run import Result

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package, driven by Playwright: no `playwright install`
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = catalog.ROOT / "build"
PICTURE_PAGE = "2019-11-20-image-crop-removed"  # a page with a picture, for the second screenshot

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason="chromium is not installed (.ci/run installs it: apt-get install chromium)",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The gallery of the stored notebooks."""
    folder = tmp_path_factory.mktemp("site")
    gallery.render(gallery.from_stored(catalog.load()), folder)
    return folder


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    """One page of one headless Chromium for the module, 1280 pixels wide."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser.new_page(viewport={"width": 1280, "height": 1000})
        browser.close()


ROWS = """[...document.querySelectorAll("table.changes tbody tr")].map(row => ({
    cells: [...row.cells].map(cell => cell.innerText.trim()),
    href: row.querySelector("a") ? row.querySelector("a").href : null}))"""
LINKS = "[...document.querySelectorAll('a[href], link[href]')].map(a => a.href).filter(h => !h.includes('#'))"
PICTURES = "[...document.images].map(img => ({complete: img.complete, width: img.naturalWidth}))"
TITLE = "document.querySelector('h1').textContent.replace('\u00b6', '').trim()"


def _file(url: str) -> Path:
    parsed = urlparse(url)
    assert parsed.scheme == "file", f"a link leaves the site: {url}"
    return Path(unquote(parsed.path))


def _picture_count(notebook: Path) -> int:
    cells = nbformat.read(notebook, as_version=4).cells
    return sum("image/png" in output.get("data", {}) for cell in cells for output in cell.get("outputs", []))


@needs_chromium
def test_the_index_lists_every_change(site, page):
    page.goto((site / "index.html").as_uri())
    page.screenshot(path=SCREENSHOTS / "gallery.png", full_page=True)
    rows = page.evaluate(ROWS)
    changes = catalog.load()
    assert len(rows) == len(changes)
    for row, change in zip(rows, changes, strict=True):
        code, date, title, breaking, verified = row["cells"]
        assert (code, date) == (change.code, change.date.isoformat())
        assert title.startswith(change.title)
        assert breaking == ("breaking" if change.breaking else "no")
        assert verified == "yes"
        assert _file(row["href"]) == site / f"{change.id}.html"
    counts = page.evaluate("document.querySelector('.counts').innerText")
    breaking = sum(change.breaking for change in changes)
    assert " ".join(counts.split()) == f"{len(changes)} changes {breaking} breaking {len(changes)} verified"


@needs_chromium
def test_every_page_has_its_title_its_links_and_its_pictures(site, page):
    pictures_seen = 0
    for change in catalog.load():
        page.goto((site / f"{change.id}.html").as_uri())
        if change.id == PICTURE_PAGE:
            page.screenshot(path=SCREENSHOTS / "gallery-page.png", full_page=True)
        stored = nbformat.read(change.notebook, as_version=4)
        assert page.evaluate(TITLE) == gallery.notebook_title(stored) != ""
        assert page.title() == gallery.notebook_title(stored)
        for link in page.evaluate(LINKS):
            assert _file(link).is_file(), f"{change.code}: {link} does not resolve"
        pictures = page.evaluate(PICTURES)
        assert len(pictures) == _picture_count(change.notebook), change.code
        assert all(p["complete"] and p["width"] > 0 for p in pictures), f"{change.code}: {pictures}"
        pictures_seen += len(pictures)
        glance = page.inner_text(".glance")
        assert f"{change.code} verified:" in glance
    assert pictures_seen >= 6


FOLDED = """[...document.querySelectorAll("details.solution")].map(d => ({
    open: d.open, summary: d.querySelector("summary").innerText, code: d.innerText}))"""


@needs_chromium
def test_every_page_shows_its_exercise_with_the_solution_folded(site, page):
    for change in catalog.load():
        page.goto((site / f"{change.id}.html").as_uri())
        assert page.get_by_role("heading", name="Your turn").count() == 1, change.code
        (folded,) = page.evaluate(FOLDED)
        assert not folded["open"] and folded["summary"] == "Solution", change.code
        assert f'check("{change.code}", session' in page.inner_text(".celltag_check"), change.code
        assert not page.locator("details.solution .input_area").first.is_visible(), change.code


def test_the_site_loads_nothing_from_elsewhere(site):
    for page in site.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text, page.name
        assert re.findall(r'<link [^>]*href="([^"]+)"', text) == ["style.css"], page.name
        sources = re.findall(r'\bsrc="([^"]*)"', text)
        assert all(source.startswith("data:image/") for source in sources), page.name
    assert "url(" not in (site / "style.css").read_text()


def _result(change: catalog.Change, verified: str) -> Result:
    return Result(change, {"code": change.code, "verified": verified}, verified == "yes")


def test_a_run_s_results_decide_the_verdicts_and_the_links(tmp_path):
    verified, failed, crashed = catalog.load()[:3]  # crashed: its run left no executed copy
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for change in (verified, failed):
        shutil.copyfile(change.notebook, notebooks / change.notebook.name)
    missing = dataclasses.replace(crashed, notebook=tmp_path / "nowhere.ipynb")
    results = [_result(verified, "yes"), _result(failed, "FAILED"), _result(missing, "FAILED")]
    entries = gallery.from_results(results, notebooks)
    assert [entry.verified for entry in entries] == ["yes", "FAILED", "FAILED"]
    assert [entry.notebook is not None for entry in entries] == [True, True, False]
    index = gallery.render(entries, tmp_path / "site").read_text(encoding="utf-8")
    assert f'href="{verified.id}.html"' in index and f'href="{failed.id}.html"' in index
    assert f'href="{missing.id}.html"' not in index and missing.title in index
    assert '<span class="badge bad">FAILED</span>' in index
    assert sorted(p.name for p in (tmp_path / "site").glob("*.html")) == sorted(
        ["index.html", f"{verified.id}.html", f"{failed.id}.html"]
    )
    assert (tmp_path / "site" / "notebooks" / failed.notebook.name).is_file()


def test_a_stored_notebook_that_is_missing_is_an_error_naming_it(tmp_path):
    change = dataclasses.replace(catalog.load()[0], notebook=tmp_path / "nowhere.ipynb")
    with pytest.raises(FileNotFoundError, match=f"{change.code} has no notebook"):
        gallery.from_stored([change])
