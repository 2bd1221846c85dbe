"""The notebooks' 2.x snippets, run for real against the emulator on the days the notebooks tried.

Each notebook of a change that the 2.x client met shows "your code then" in a markdown cell
tagged `then-2x` (one fenced Python block), and its old-call cells record what the raw request
of that snippet got on each day (`cookbook.then.OldAnswer.record()` in the outcome's metadata).
`check` runs the snippet in the `legacy` venv against an emulator served as of each recorded
day, and says whether it met the same outcome: the same status code (or, where the notebook
says the 2.x client breaks first, that error), and the same last printed line when the notebook
recorded one.
"""

from __future__ import annotations

import json
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from cookbook import catalog
from cookbook.fidelity import venvs
from cookbook.fidelity.emulator_proc import redact, running
from cookbook.fidelity.flows.run_snippet import PREFIX
from cookbook.fidelity.flows_run import base_env
from cookbook.fidelity.paths import FLOWS, OUT
from cookbook.notebook import outcomes
from cookbook.then import TAG

FENCE = re.compile(r"```python\n(.*?)```", re.DOTALL)
SNIPPET_TIMEOUT_S = 120


@dataclass(frozen=True)
class Snippet:
    code: str  # the change's catalog code
    source: str
    expected: tuple[dict, ...]  # the old calls' records, one per day tried


@dataclass(frozen=True)
class Result:
    code: str
    day: str  # the emulator's date ("today" when none)
    expected: dict
    got: dict

    @property
    def met(self) -> bool:
        want, got = self.expected, self.got
        if want.get("client"):
            return str(got.get("raised", "")).startswith(want["client"])
        if got.get("code") != want["code"]:
            return False
        return "result" not in want or got.get("result") == want["result"]

    def describe(self) -> str:
        return f"{self.code} as of {self.day}: expected {self.expected}, got {self.got}"


def snippet_of(notebook: dict) -> str | None:
    """The fenced Python block of the notebook's `then-2x` cell, or None without one."""
    for cell in notebook.get("cells", []):
        if TAG in cell.get("metadata", {}).get("tags", []):
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            found = FENCE.search(source)
            if not found:
                raise ValueError(f"the {TAG} cell has no ```python block")
            return found.group(1)
    return None


def collect() -> list[Snippet]:
    """Every notebook's snippet with the records its old calls stored, in catalog order."""
    found = []
    for change in catalog.load():
        notebook = json.loads(change.notebook.read_text())
        source = snippet_of(notebook)
        if source is None:
            continue
        records = tuple(
            then
            for rec in outcomes(notebook).values()
            if "then" in rec
            for then in (rec["then"] if isinstance(rec["then"], list) else [rec["then"]])
        )
        found.append(Snippet(change.code, source, records))
    return found


def run_one(source: str, day: str | None, log: str = "snippet-emulator.log") -> dict:
    """How `source` ends in the legacy venv against a fresh emulator served as of `day`
    (the emulator's stderr goes to `log` in build/fidelity/)."""
    with running(day, log=OUT / log) as emu:
        env = base_env() | {
            "CLARIFAI_API_BASE": emu.rest,
            "CLARIFAI_API_KEY": emu.api_key,
            "PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION": "python",
        }
        done = subprocess.run(
            [str(venvs.python("legacy")), str(FLOWS / "run_snippet.py")],
            input=source,
            env=env,
            cwd=FLOWS,
            capture_output=True,
            text=True,
            timeout=SNIPPET_TIMEOUT_S,
            check=False,
        )
        lines = [line for line in done.stdout.splitlines() if line.startswith(PREFIX)]
        if not lines:
            tail = redact(done.stderr.strip()[-300:], emu.secrets())
            return {"code": None, "raised": f"runner printed no outcome: {tail}"}
        return json.loads(redact(lines[-1][len(PREFIX) :], emu.secrets()))


def check(snippet: Snippet) -> list[Result]:
    """The snippet run on each recorded day, all days at once (a snippet mostly waits on its
    polls), each on its own emulator; results in the records' order."""

    def on(want: dict) -> Result:
        day = want["day"] or "today"
        got = run_one(snippet.source, want["day"], f"snippet-emulator-{snippet.code}-{day}.log")
        return Result(snippet.code, day, want, got)

    with ThreadPoolExecutor(max(1, len(snippet.expected))) as pool:
        return list(pool.map(on, snippet.expected))
