"""The table of passes, ``report.json`` and ``census.md`` (failures grouped by root cause)."""

from __future__ import annotations

import json
from pathlib import Path

from cookbook.fidelity.causes import CAUSES, classify
from cookbook.fidelity.results import ClientRun


def table(runs: list[ClientRun]) -> str:
    """client | passed / total, then the peer suite's per-file counts, one column per channel."""
    lines = ["client | passed / total | not runnable offline | note", "--- | --- | --- | ---"]
    for run in runs:
        offline = run.count("offline")
        lines.append(f"{run.client} | {run.passed} / {run.runnable} | {offline or ''} | {run.note}")
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
    return "\n".join(lines)


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
    if offline:
        out += [f"## Not runnable offline: the client itself fetches an internet URL ({len(offline)})", ""]
        out += offline + [""]
    return "\n".join(out)
