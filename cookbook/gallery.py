"""The gallery: executed notebooks as a static site that opens from disk, with no server.

`index.html` lists every change of the catalog (code, date, title, breaking, verified) and
links one page per notebook. A page shows the notebook's four steps at a glance (the old call
before and after the change, the new call, the verdict), then the whole notebook rendered by
nbconvert, its pictures embedded in the page, and a link to the `.ipynb`. Nothing is loaded
from elsewhere: the site works offline, from `file://`.

`python -m cookbook run --html` renders the notebooks it has just executed; `from_stored`
gives the notebooks as committed (already executed), for a quick look or a test.
"""

from __future__ import annotations

import html
import logging
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
from nbconvert import HTMLExporter
from pygments.formatters import HtmlFormatter

from . import catalog
from .notebook import outcomes

if TYPE_CHECKING:
    from .run import Result

STEP_LABELS = {
    "old_before": "The old call, the day before",
    "old_after": "The same call, the day after",
    "new_call": "The new call",
    "verified": "Verified",
}
SOLUTION_TAG = "solution"  # an exercise's solution cell (cookbook.exercise), folded on the page
NO_ALT_TEXT = "No description has been provided for this image"  # nbconvert's alt for a figure
QUIET = logging.getLogger(__name__ + ".nbconvert")
QUIET.setLevel(logging.ERROR)


@dataclass(frozen=True)
class Entry:
    """One change of the gallery: its catalog row, its executed notebook, how it went."""

    change: catalog.Change
    notebook: Path | None  # the executed notebook; None when the run made none
    verified: str  # "yes" or "FAILED"

    @property
    def page(self) -> str:
        """The page's file name inside the site."""
        return f"{self.change.id}.html"


def from_results(results: Iterable[Result], notebooks: Path) -> list[Entry]:
    """Entries for a run of `cookbook.run` whose executed copies are in `notebooks`."""
    entries = []
    for result in results:
        executed = notebooks / result.change.notebook.name
        entries.append(Entry(result.change, executed if executed.exists() else None, result.row["verified"]))
    return entries


def from_stored(changes: Iterable[catalog.Change]) -> list[Entry]:
    """Entries for the notebooks as stored in `notebooks/`, verified as their outputs say.

    Raises FileNotFoundError naming a change whose notebook is missing.
    """
    entries = []
    for change in changes:
        if change.missing:
            raise FileNotFoundError(change.missing)
        found = outcomes(nbformat.read(change.notebook, as_version=4))
        verified = "yes" if found.get("verified", {}).get("ok") else "FAILED"
        entries.append(Entry(change, change.notebook, verified))
    return entries


def render(entries: list[Entry], site: Path) -> Path:
    """Write the site for `entries` into `site` (emptied first); return its index page."""
    if site.exists():
        shutil.rmtree(site)
    (site / "notebooks").mkdir(parents=True)
    (site / "style.css").write_text(HtmlFormatter(style="friendly").get_style_defs(".highlight") + STYLE)
    exporter = HTMLExporter(
        template_name="basic",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        log=QUIET,  # its one warning is about the alt text of figures, which _page supplies
    )
    for entry in entries:
        if entry.notebook is not None:
            (site / entry.page).write_text(_page(entry, exporter), encoding="utf-8")
            shutil.copyfile(entry.notebook, site / "notebooks" / entry.notebook.name)
    index = site / "index.html"
    index.write_text(_index(entries), encoding="utf-8")
    return index


def notebook_title(notebook: nbformat.NotebookNode) -> str:
    """The notebook's title: the text of the `# ` heading of its first Markdown cell, or ""."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
            return first[2:].replace("`", "").strip() if first.startswith("# ") else ""
    return ""


def _index(entries: list[Entry]) -> str:
    verified = sum(entry.verified == "yes" for entry in entries)
    breaking = sum(entry.change.breaking for entry in entries)
    rows = "\n".join(_index_row(entry) for entry in entries)
    body = f"""
<header class="hero">
  <h1>Clarifai migration cookbook</h1>
  <p>Every dated change of the Clarifai API, each shown side by side: the old call the day
  before the change, the same call the day after, the new call, and a check that the new
  call does what the change promises. Each page is a notebook as it ran, with its
  outputs and pictures.</p>
  <p class="counts"><span>{len(entries)} changes</span> <span>{breaking} breaking</span>
  <span>{verified} verified</span></p>
</header>
<main>
<table class="changes">
<thead><tr><th>code</th><th>date</th><th>change</th><th>breaking</th><th>verified</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</main>
<footer>Made from <code>data/changes.csv</code> and the executed notebooks by
<code>python -m cookbook run --html</code>.</footer>
"""
    return _document("Clarifai migration cookbook", body)


def _index_row(entry: Entry) -> str:
    change = entry.change
    title = html.escape(change.title)
    link = f'<a href="{entry.page}">{title}</a>' if entry.notebook is not None else title
    return (
        f'<tr><td class="code">{change.code}</td><td class="date">{change.date}</td>'
        f'<td class="title">{link}<div class="summary">{html.escape(change.summary)}</div></td>'
        f"<td>{_breaking_badge(change)}</td><td>{_verified_badge(entry.verified)}</td></tr>"
    )


def _page(entry: Entry, exporter: HTMLExporter) -> str:
    notebook = nbformat.read(entry.notebook, as_version=4)
    title = notebook_title(notebook) or entry.change.title
    intro_cells = 1 if notebook.cells and notebook.cells[0].cell_type == "markdown" else 0
    intro = _cells_html(notebook, notebook.cells[:intro_cells], exporter)
    rest = _folded_html(notebook, notebook.cells[intro_cells:], exporter)
    rest = rest.replace(NO_ALT_TEXT, html.escape(f"A picture from {entry.change.code}: {title}", quote=True))
    change = entry.change
    body = f"""
<nav><a href="index.html">&larr; All changes</a>
<span class="meta">{change.code} &middot; {change.date} {_breaking_badge(change)}
{_verified_badge(entry.verified)}</span>
<a class="download" href="notebooks/{entry.notebook.name}" download>Download the notebook</a></nav>
<main class="notebook">
{intro}
{_glance(outcomes(notebook))}
{rest}
</main>
"""
    return _document(title, body)


def _cells_html(notebook: nbformat.NotebookNode, cells: list, exporter: HTMLExporter) -> str:
    part = nbformat.v4.new_notebook(cells=cells, metadata=notebook.metadata)
    body, _ = exporter.from_notebook_node(part)
    return body


def _folded_html(notebook: nbformat.NotebookNode, cells: list, exporter: HTMLExporter) -> str:
    """The cells' HTML, each exercise's solution folded in a <details> the reader opens."""
    parts, run = [], []
    for cell in cells:
        if SOLUTION_TAG not in cell.metadata.get("tags", []):
            run.append(cell)
            continue
        if run:
            parts.append(_cells_html(notebook, run, exporter))
            run = []
        solution = _cells_html(notebook, [cell], exporter)
        parts.append(f'<details class="solution"><summary>Solution</summary>{solution}</details>')
    if run:
        parts.append(_cells_html(notebook, run, exporter))
    return "".join(parts)


def _glance(found: dict[str, dict]) -> str:
    """The four steps in a box: how each went and its short result."""
    rows = []
    for step, label in STEP_LABELS.items():
        record = found.get(step)
        if record is None:
            mark, text = '<span class="mark skipped">&ndash;</span>', "not run"
        else:
            mark = (
                '<span class="mark ok">&#10003;</span>'
                if record["ok"]
                else '<span class="mark bad">&#10007;</span>'
            )
            text = html.escape(record["summary"])
        rows.append(f"<tr><th>{label}</th><td>{mark}</td><td>{text}</td></tr>")
    note = (
        '<p class="note">&#10003; means the step went as the notebook expects: after a breaking change, '
        "the old call is expected to fail.</p>"
    )
    return f'<section class="glance"><h2>At a glance</h2><table>{"".join(rows)}</table>{note}</section>'


def _breaking_badge(change: catalog.Change) -> str:
    return (
        '<span class="badge breaking">breaking</span>' if change.breaking else '<span class="badge">no</span>'
    )


def _verified_badge(verified: str) -> str:
    kind = {"yes": "ok", "FAILED": "bad"}.get(verified, "")
    return f'<span class="badge {kind}">{html.escape(verified)}</span>'


def _document(title: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="stylesheet" href="style.css">
</head>
<body>
{body}
</body>
</html>
"""


STYLE = """
:root { --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --paper: #ffffff; --wash: #f5f7fa;
  --accent: #2160c4; --ok: #1b7f3b; --ok-wash: #e3f6e8; --bad: #b42318; --bad-wash: #fdecea; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--wash); color: var(--ink);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
  font-size: 0.88em; }
.hero { background: #17324d; color: #fff; padding: 2.2rem 1.5rem 1.6rem; }
.hero h1 { max-width: calc(1040px - 3rem); margin: 0 auto 0.6rem; font-size: 2rem; }
.hero p { max-width: calc(1040px - 3rem); margin: 0.4rem auto; color: #d9e2ec; }
.counts span { display: inline-block; margin-right: 0.6rem; padding: 0.15rem 0.7rem;
  border-radius: 999px; background: rgba(255, 255, 255, 0.14); color: #fff; font-weight: 600; }
main { max-width: 1040px; margin: 1.5rem auto; padding: 0 1.5rem; }
footer { max-width: 1040px; margin: 0 auto 2rem; padding: 0 1.5rem; color: var(--muted); font-size: 0.9rem; }
table.changes { width: 100%; border-collapse: collapse; background: var(--paper);
  border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
table.changes th { text-align: left; font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em;
  color: var(--muted); background: #eef2f6; padding: 0.6rem 0.8rem; }
table.changes td { padding: 0.6rem 0.8rem; border-top: 1px solid var(--line); vertical-align: top; }
table.changes tr:hover td { background: #f8fafc; }
td.code, td.date { white-space: nowrap; font-variant-numeric: tabular-nums; color: var(--muted); }
td.code { font-weight: 600; color: var(--ink); }
td.title a { font-weight: 600; }
.summary { color: var(--muted); font-size: 0.88rem; margin-top: 0.15rem; }
.badge { display: inline-block; padding: 0.05rem 0.55rem; border-radius: 999px; font-size: 0.8rem;
  font-weight: 600; background: #eef2f6; color: var(--muted); white-space: nowrap; }
.badge.breaking { background: #fff4e5; color: #a15c07; }
.badge.ok { background: var(--ok-wash); color: var(--ok); }
.badge.bad { background: var(--bad-wash); color: var(--bad); }
nav { position: sticky; top: 0; z-index: 1; display: flex; gap: 1rem; align-items: center;
  padding: 0.7rem 1.5rem; background: var(--paper); border-bottom: 1px solid var(--line); }
nav .meta { color: var(--muted); font-variant-numeric: tabular-nums; }
nav .download { margin-left: auto; }
main.notebook { background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
  padding: 1.5rem 2rem 2rem; }
.notebook h1 { font-size: 1.7rem; line-height: 1.25; margin: 0.2rem 0 0.8rem; }
.notebook h2 { font-size: 1.3rem; margin: 1.8rem 0 0.5rem; padding-top: 0.6rem;
  border-top: 1px solid var(--line); }
.anchor-link { visibility: hidden; margin-left: 0.3rem; color: var(--muted); }
h1:hover .anchor-link, h2:hover .anchor-link, h3:hover .anchor-link { visibility: visible; }
.notebook p code, .notebook li code { background: #eef2f6; padding: 0.05rem 0.3rem; border-radius: 4px; }
.input_area { margin: 0.6rem 0 0.3rem; border: 1px solid var(--line); border-left: 3px solid var(--accent);
  border-radius: 6px; background: #f7f9fc; overflow-x: auto; }
.input_area .highlight { background: transparent; }
.input_area pre { margin: 0; padding: 0.75rem 1rem; line-height: 1.45; }
.prompt { display: none; }
.celltag_injected-parameters::before { content: "Parameters set by the runner (papermill)";
  display: block; margin-top: 0.8rem; color: var(--muted); font-size: 0.82rem; }
.celltag_injected-parameters .input_area { margin-top: 0.2rem; border-left-color: #a15c07; }
.output_area pre { margin: 0.3rem 0; padding: 0.5rem 1rem; white-space: pre-wrap;
  border-left: 3px solid var(--line); color: #323f4b; }
.output_png img { display: block; max-width: 100%; height: auto; margin: 0.6rem auto; }
.output_html { overflow-x: auto; margin: 0.4rem 0; }
table.dataframe { border-collapse: collapse; font-size: 0.88rem; margin: 0.3rem 0; }
table.dataframe th, table.dataframe td { border: 1px solid var(--line); padding: 0.3rem 0.6rem;
  text-align: right; }
table.dataframe thead th { background: #eef2f6; }
.output_error pre, .output_stderr pre { border-left-color: var(--bad); background: var(--bad-wash); }
.glance { margin: 1.2rem 0 0.4rem; padding: 0.8rem 1.1rem; border: 1px solid var(--line);
  border-radius: 8px; background: #f7f9fc; }
.glance h2 { margin: 0 0 0.4rem; padding: 0; border: 0; font-size: 1rem; text-transform: uppercase;
  letter-spacing: 0.04em; color: var(--muted); }
.glance table { border-collapse: collapse; width: 100%; }
.glance th { text-align: left; font-weight: 600; padding: 0.25rem 1rem 0.25rem 0; white-space: nowrap;
  width: 1%; }
.glance td { padding: 0.25rem 0.5rem 0.25rem 0; }
.glance .note { margin: 0.5rem 0 0; color: var(--muted); font-size: 0.85rem; }
.mark { font-weight: 700; }
details.solution { margin: 0.6rem 0; padding: 0.4rem 0.8rem; border: 1px dashed var(--line);
  border-radius: 6px; }
details.solution summary { cursor: pointer; color: var(--accent); font-weight: 600; }
.mark.ok { color: var(--ok); }
.mark.bad { color: var(--bad); }
.mark.skipped { color: var(--muted); }
"""
