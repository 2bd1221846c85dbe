"""The gallery: the stored notebooks as a static site, opened in headless Chromium.

The site is rendered from the committed notebooks (already executed), so no notebook runs
here; `tests/test_run.py` covers `python -m recipes.run --html` on fresh executions.
Screenshots of the index and of a page with a picture go to `build/`.
"""

from __future__ import annotations

import base64
import dataclasses
import itertools
import json
import os
import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest
import websocket

from recipes import catalog, gallery
from recipes.run import Result

CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
SCREENSHOTS = catalog.ROOT / "build"
PICTURE_PAGE = "2019-11-20-image-crop-removed"  # a page with a picture, for the second screenshot

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="chromium is not installed (.ci/run installs it: apt-get install chromium)",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The gallery of the stored notebooks."""
    folder = tmp_path_factory.mktemp("site")
    gallery.render(gallery.from_stored(catalog.load()), folder)
    return folder


class Chromium:
    """Headless Chromium driven through the DevTools protocol on one page."""

    def __init__(self, profile: Path) -> None:
        self.process = subprocess.Popen(
            [
                CHROMIUM or "chromium",
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-port=0",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port = self._port(profile / "DevToolsActivePort")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
            page = next(target for target in json.load(answer) if target["type"] == "page")
        self.socket = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True
        )
        self.ids = itertools.count(1)
        self.send("Page.enable")

    def _port(self, announced: Path) -> int:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if announced.exists() and announced.read_text().strip():
                return int(announced.read_text().splitlines()[0])
            assert self.process.poll() is None, "chromium exited at start"
            time.sleep(0.05)
        raise TimeoutError("chromium did not open its DevTools port in 30 s")

    def send(self, method: str, **params: object) -> dict:
        """Call a DevTools method and return its result (events meanwhile are dropped)."""
        call_id = next(self.ids)
        self.socket.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == call_id:
                assert "error" not in message, message["error"]
                return message["result"]

    def open(self, url: str) -> None:
        """Navigate to `url` and wait for its load event (every image loaded or failed)."""
        call_id = next(self.ids)
        self.socket.send(json.dumps({"id": call_id, "method": "Page.navigate", "params": {"url": url}}))
        loaded = answered = False
        while not (loaded and answered):
            message = json.loads(self.socket.recv())
            if message.get("id") == call_id:
                assert "errorText" not in message["result"], message["result"]
                answered = True
            loaded = loaded or message.get("method") == "Page.loadEventFired"

    def evaluate(self, expression: str) -> object:
        """The value of a JavaScript expression in the page."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def screenshot(self, path: Path, width: int = 1280) -> None:
        """A PNG of the whole page, `width` pixels wide."""
        self.send(
            "Emulation.setDeviceMetricsOverride", width=width, height=1000, deviceScaleFactor=1, mobile=False
        )
        height = self.evaluate("document.documentElement.scrollHeight")
        clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
        shot = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True, clip=clip)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    """One headless Chromium for the module, on a fresh profile."""
    running = Chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield running
    running.close()


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
def test_the_index_lists_every_change(site, browser):
    browser.open((site / "index.html").as_uri())
    browser.screenshot(SCREENSHOTS / "gallery.png")
    rows = browser.evaluate(ROWS)
    changes = catalog.load()
    assert len(rows) == len(changes) == 19
    for row, change in zip(rows, changes, strict=True):
        code, date, title, breaking, verified = row["cells"]
        assert (code, date) == (change.code, change.date.isoformat())
        assert title.startswith(change.title)
        assert breaking == ("breaking" if change.breaking else "no")
        assert verified == "yes"
        assert _file(row["href"]) == site / f"{change.id}.html"
    counts = browser.evaluate("document.querySelector('.counts').innerText")
    assert " ".join(counts.split()) == "19 changes 15 breaking 19 verified"


@needs_chromium
def test_every_page_has_its_title_its_links_and_its_pictures(site, browser):
    pictures_seen = 0
    for change in catalog.load():
        browser.open((site / f"{change.id}.html").as_uri())
        if change.id == PICTURE_PAGE:
            browser.screenshot(SCREENSHOTS / "gallery-page.png")
        stored = nbformat.read(change.notebook, as_version=4)
        assert browser.evaluate(TITLE) == gallery.notebook_title(stored) != ""
        assert browser.evaluate("document.title") == gallery.notebook_title(stored)
        for link in browser.evaluate(LINKS):
            assert _file(link).is_file(), f"{change.code}: {link} does not resolve"
        pictures = browser.evaluate(PICTURES)
        assert len(pictures) == _picture_count(change.notebook), change.code
        assert all(p["complete"] and p["width"] > 0 for p in pictures), f"{change.code}: {pictures}"
        pictures_seen += len(pictures)
        glance = browser.evaluate("document.querySelector('.glance').innerText")
        assert f"{change.code} verified:" in glance
    assert pictures_seen >= 6


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
    written, failed, unwritten = catalog.load()[:3]
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for change in (written, failed):
        shutil.copyfile(change.notebook, notebooks / change.notebook.name)
    missing = dataclasses.replace(unwritten, notebook=tmp_path / "nowhere.ipynb")
    results = [_result(written, "yes"), _result(failed, "FAILED"), _result(missing, "not written")]
    entries = gallery.from_results(results, notebooks)
    assert [entry.verified for entry in entries] == ["yes", "FAILED", "not written"]
    assert [entry.notebook is not None for entry in entries] == [True, True, False]
    index = gallery.render(entries, tmp_path / "site").read_text(encoding="utf-8")
    assert f'href="{written.id}.html"' in index and f'href="{failed.id}.html"' in index
    assert f'href="{missing.id}.html"' not in index and missing.title in index
    assert '<span class="badge bad">FAILED</span>' in index
    assert sorted(p.name for p in (tmp_path / "site").glob("*.html")) == sorted(
        ["index.html", f"{written.id}.html", f"{failed.id}.html"]
    )
    assert (tmp_path / "site" / "notebooks" / failed.notebook.name).is_file()
