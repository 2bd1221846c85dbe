"""The table of passes, ``report.json`` and ``census.md`` (failures grouped by root cause)."""

from __future__ import annotations

import json
from pathlib import Path

from cookbook.fidelity.causes import CAUSES, classify
from cookbook.fidelity.results import Check, ClientRun

CELL = 110  # characters of a failed step's error shown in the steps table


def table(runs: list[ClientRun]) -> str:
    """client | passed / total, the peer suite's per-file counts (one column per channel),
    then each flow's steps (one column per run: the SDK, the 2.x client's dates)."""
    lines = ["client | passed / total | not runnable offline | note", "--- | --- | --- | ---"]
    for run in runs:
        offline = run.count("offline")
        lines.append(f"{run.client} | {run.passed} / {run.runnable} | {offline or ''} | {_note(run)}")
    peer = [run for run in runs if run.client.startswith("clarifai-grpc")]
    if peer:
        files = sorted({group for run in peer for group in run.by_group()})
        header = "file | " + " | ".join(run.client.split()[-1] for run in peer)
        lines += ["", header, "---" + " | ---" * len(peer)]
        for name in files:
            cells = []
            for run in peer:
                passed, total = run.by_group().get(name, (0, 0))
                offline = sum(1 for c in run.checks if c.group == name and c.outcome == "offline")
                cells.append(f"{passed} / {total}" + (f" (+{offline} offline)" if offline else ""))
            lines.append(f"{name} | " + " | ".join(cells))
    for flow in _flows(runs).values():
        lines += ["", *steps_table(flow)]
    return "\n".join(lines)


def _note(run: ClientRun) -> str:
    """Why the run itself failed, else how many of its checks could not run at all."""
    skipped = [check for check in run.checks if check.outcome == "skipped" and check.error]
    if run.note or not skipped:
        return run.note
    return f"{len(skipped)} not run: {skipped[0].error.removeprefix('not runnable: ')}"


def _flows(runs: list[ClientRun]) -> dict[str, list[ClientRun]]:
    """The flow runs (not the peer suite), by client: the 2.x runs of every date together."""
    flows: dict[str, list[ClientRun]] = {}
    for run in runs:
        if not run.client.startswith("clarifai-grpc"):
            flows.setdefault(run.client.split(" as of ")[0], []).append(run)
    return flows


def step_cell(check: Check | None) -> str:
    """`ok`, `ok: <the documented failure met>`, or `FAIL: <what happened instead>`."""
    if check is None:
        return "-"
    if check.outcome == "skipped":
        return "not run: " + check.error.removeprefix("not runnable: ")[:CELL]
    if check.outcome == "passed":
        return (
            "ok" if check.expected in ("", "success") else f"ok, documented: {check.expected.split(',')[0]}"
        )
    return "FAIL: " + check.error[:CELL].replace("|", "/")


def steps_table(flow: list[ClientRun]) -> list[str]:
    """One flow's steps, one column per run (for the 2.x client: per date)."""
    names = list(dict.fromkeys(check.name for run in flow for check in run.checks))
    columns = [run.client.split(" as of ")[-1] if " as of " in run.client else "today" for run in flow]
    lines = [f"{flow[0].client.split(' as of ')[0]}: step | " + " | ".join(columns)]
    lines.append("---" + " | ---" * len(flow))
    for name in names:
        found = [{check.name: check for check in run.checks}.get(name) for run in flow]
        lines.append(f"{name} | " + " | ".join(step_cell(check) for check in found))
    return lines


def write_json(runs: list[ClientRun], builds: dict[str, float], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"venv_build_seconds": builds, "runs": [run.to_json() for run in runs]}
    path.write_text(json.dumps(data, indent=1) + "\n")


def census(runs: list[ClientRun]) -> str:
    """Markdown: every failure, grouped by the emulator root cause it is matched to."""
    grouped: dict[str, list[str]] = {cause.key: [] for cause in CAUSES}
    unclassified: list[str] = []
    offline: list[str] = []
    for run in runs:
        for check in run.checks:
            line = f"- `{check.name}` ({run.client}): {check.error}"
            if check.outcome == "offline":
                offline.append(line)
            elif check.outcome == "failed":
                cause = classify(f"{run.client} | {check.name} | {check.error}")
                (grouped[cause.key] if cause else unclassified).append(line)
    failures = sum(len(found) for found in grouped.values()) + len(unclassified)
    causes_hit = sum(1 for found in grouped.values() if found)
    out = ["# Fidelity census: what real clients hit in the emulator", ""]
    out += [
        f"{failures} failed checks in {causes_hit} root causes"
        + (f" and {len(unclassified)} unclassified" if unclassified else "")
        + f"; {len(offline)} not runnable offline. Causes and diagnoses: cookbook/fidelity/causes.py "
        "(a failure is matched by its text; one that matches none is listed as unclassified).",
        "",
    ]
    out += ["```", table(runs), "```", ""]
    for cause in CAUSES:
        found = grouped[cause.key]
        if not found:
            continue
        out += [f"## {cause.title} ({len(found)})", "", f"RPCs: {cause.rpcs}", ""]
        out += [f"What the emulator must do: {cause.diagnosis}", ""] + found + [""]
    if unclassified:
        out += [f"## Unclassified ({len(unclassified)})", ""] + unclassified + [""]
    documented = [
        f"- `{check.name}` ({run.client}): {check.expected}; got {check.got}"
        for run in runs
        for check in run.checks
        if check.outcome == "passed" and check.expected not in ("", "success")
    ]
    if documented:
        out += [f"## Documented failures met: passes, as the catalog's dates expect ({len(documented)})", ""]
        out += documented + [""]
    if offline:
        out += [f"## Not runnable offline: the client itself fetches an internet URL ({len(offline)})", ""]
        out += offline + [""]
    return "\n".join(out)
