"""What a notebook reports to the runner: one outcome per step, shown as a plain line.

The line is what a reader sees; the metadata beside it is what `python -m cookbook run`
reads from the executed notebook to fill its table.
"""

from __future__ import annotations

STEPS = ("old_before", "old_after", "new_call", "verified")
MIME = "text/plain"


def outcome(step: str, ok: bool, text: str, summary: str = "", then: dict | list[dict] | None = None) -> None:
    """Show `text` and record how `step` went; `summary` is the runner table's short cell.

    `then` (an old call's `cookbook.then.OldAnswer.record()`, or a list of them when the step
    tried the old call on several days) is what the notebook's 2.x snippet must meet when it
    is run for real on the same days."""
    if step not in STEPS:
        raise ValueError(f"step must be one of {', '.join(STEPS)}, not {step!r}")
    from IPython.display import display

    record = {"step": step, "ok": bool(ok), "summary": summary or text}
    if then is not None:
        record["then"] = then
    display({MIME: text}, metadata={"cookbook": record}, raw=True)


def outcomes(notebook: dict) -> dict[str, dict]:
    """The recorded outcomes of an executed notebook (as nbformat JSON), by step."""
    found = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("cookbook")
            if record:
                found[record["step"]] = record
    return found
