"""Running the notebooks: each with papermill on a fresh kernel, its outcomes a row of a table.

The kernels start ahead of their notebooks, one per worker (`cookbook.kernels`).

A notebook the catalog names but that is missing is a failed row that says so, never a skip.
Parameters that may carry a secret are refused (`check_parameters`).
"""

from __future__ import annotations

import importlib
import json
import os
import queue
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from jupyter_client.manager import KernelManager
from tqdm import tqdm

from . import catalog
from .kernels import KernelsAhead, QuietKernelManager
from .notebook import outcomes

COLUMNS = ["code", "date", "title", "old call before", "old call after", "new call", "verified", "seconds"]
# What a notebook's `connect(TARGET)` imports when called, loaded in its kernel ahead (`cookbook.kernels`)
PRELOAD = {"emulator": ("emulator",)}
STEP_COLUMNS = {"old_before": "old call before", "old_after": "old call after", "new_call": "new call"}


@dataclass
class Result:
    """How one notebook went."""

    change: catalog.Change
    row: dict
    verified: bool
    failure: str = ""  # which cell failed and how, with the executed copy's path


def _execute(
    change: catalog.Change,
    target: str,
    out_dir: Path,
    progress: dict | bool = False,
    parameters: dict[str, object] | None = None,
    kernel: KernelManager | None = None,
) -> Result:
    import papermill

    row = {"code": change.code, "date": change.date.isoformat(), "title": change.title}
    if change.missing:
        return Result(
            change,
            row | dict.fromkeys(STEP_COLUMNS.values(), "") | {"verified": "FAILED"},
            False,
            change.missing,
        )
    output = out_dir / change.notebook.name
    started = time.perf_counter()
    failure = ""
    try:
        papermill.execute_notebook(
            str(change.notebook),
            str(output),
            parameters={**(parameters or {}), "TARGET": target},
            cwd=str(change.notebook.parent),
            kernel_name="python3",
            kernel_manager_class=QuietKernelManager,
            km=kernel,  # started ahead (`cookbook.kernels`); None: papermill starts one
            request_save_on_cell_execute=False,  # one write at the end, not one per cell
            progress_bar=progress,
            log_output=False,
        )
    except papermill.PapermillExecutionError as error:
        first_line = error.source.strip().splitlines()[0] if error.source.strip() else ""
        message = error.evalue.splitlines()[0] if error.evalue else ""
        failure = f"cell In [{error.exec_count}] ({first_line!r}): {error.ename}: {message}"
    except Exception as error:  # a kernel that died, a notebook that is not JSON, ...
        failure = f"{type(error).__name__}: {error}"
    seconds = round(time.perf_counter() - started, 1)
    found = outcomes(json.loads(output.read_text())) if output.exists() else {}
    for step, column in STEP_COLUMNS.items():
        row[column] = found.get(step, {}).get("summary", "")
    verified = not failure and found.get("verified", {}).get("ok", False)
    row["verified"] = "yes" if verified else "FAILED"
    row["seconds"] = seconds
    if not verified and not failure:
        failure = "the verification cell did not confirm the change"
    return Result(change, row, verified, f"{failure} (see {output})" if failure else "")


def run(
    changes: list[catalog.Change],
    target: str,
    out_dir: Path,
    workers: int = 1,
    parameters: dict[str, object] | None = None,
) -> list[Result]:
    """Execute the notebooks of `changes` (with extra papermill `parameters`, never secrets: see
    `check_parameters`); return their results in catalog order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("GRPC_VERBOSITY", "ERROR")  # the kernels' embedded emulators stay quiet
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(catalog.ROOT), os.environ.get("PYTHONPATH")])
    )
    results: dict[str, Result] = {}
    order = iter(range(len(changes)))  # notebooks start in catalog order: their kernels did
    next_lock = threading.Lock()
    positions: queue.SimpleQueue[int] = queue.SimpleQueue()  # one bar line per running notebook
    for position in range(1, max(1, workers) + 1):
        positions.put(position)

    def execute(kernels: KernelsAhead) -> Result:
        with next_lock:
            index = next(order)
        change, position = changes[index], positions.get()
        kernel = kernels.take(index)
        try:
            return _execute(change, target, out_dir, _cells_bar(change, position), parameters, kernel)
        finally:
            kernels.give_back(kernel)
            positions.put(position)

    notebooks = [None if change.missing else change.notebook for change in changes]
    with (
        KernelsAhead(notebooks, ahead=max(1, workers), preload=PRELOAD.get(target, ())) as kernels,
        ThreadPoolExecutor(max_workers=max(1, workers)) as pool,
        tqdm(total=len(changes), desc="notebooks", unit="nb", file=sys.stderr) as bar,
    ):
        kernels.start_from(0)
        importlib.import_module("papermill")  # seconds (its jsonschema), while the first kernels start
        futures = [pool.submit(execute, kernels) for _ in changes]
        for future in as_completed(futures):
            result = future.result()
            results[result.change.code] = result
            bar.set_postfix_str(result.change.code)
            bar.update()
    return [results[change.code] for change in changes]


def _cells_bar(change: catalog.Change, position: int) -> dict:
    """Papermill's progress bar for one notebook (cells done / total), on its own line under
    the overall bar; shown on a terminal only, and cleared when the notebook is done."""
    return {"desc": change.code, "position": position, "leave": False, "file": sys.stderr, "disable": None}


def table(results: list[Result]) -> pd.DataFrame:
    """The results as a table, one row per change, in date order."""
    return pd.DataFrame([result.row for result in results], columns=COLUMNS)


class ParameterError(ValueError):
    """A notebook parameter the runner refuses; the message names it and never shows its value."""


SECRET_WORDS = {"PAT", "KEY", "APIKEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "CREDENTIALS"}
HEX_TOKEN = re.compile(r"(?<![0-9A-Fa-f])[0-9A-Fa-f]{32}(?![0-9A-Fa-f])")  # how PATs and API keys look


def _value(text: str) -> object:
    """A parameter value as papermill's -p reads one: a number, true/false, or the text."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(text.lower(), text)


def check_parameters(pairs: list[tuple[str, str]] | list[list[str]]) -> dict[str, object]:
    """The notebook parameters NAME -> value; ParameterError for one that may carry a secret.

    A name with a word like PAT, KEY, TOKEN, SECRET or PASSWORD, or a value holding a 32-hex
    token, is refused: papermill writes parameters into the executed notebook, so secrets come
    only from the environment (CLARIFAI_PAT). The error names the parameter, never its value.
    """
    checked: dict[str, object] = {}
    for name, value in pairs:
        if not name.isidentifier():
            raise ParameterError(f"parameter {name[:40]!r} is not a Python name (use NAME=VALUE)")
        if name == "TARGET":
            raise ParameterError("parameter TARGET is set with --target")
        words = {word.upper() for word in re.split(r"_|(?<=[a-z])(?=[A-Z])", name) if word}
        if words & SECRET_WORDS or HEX_TOKEN.search(value):
            raise ParameterError(
                f"parameter {name} looks like a secret; secrets are never notebook parameters (papermill "
                "writes parameters into the executed notebook): set CLARIFAI_PAT in the environment"
            )
        checked[name] = _value(value)
    return checked
