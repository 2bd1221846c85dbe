"""Run one notebook's 2.x snippet, unmodified, and print how it ended (stdlib only).

Run inside the ``legacy`` venv with the snippet on stdin, and CLARIFAI_API_BASE / CLARIFAI_API_KEY
pointing at an emulator served as of the day to test (``ClarifaiApp()`` reads both, as the
client's docs told users to set them). Prints one line, ``SNIPPET-OUTCOME {json}``:
``{"code": 10000, "result": <last printed line>}`` when the snippet ran to its end, the API's
status code when the client raised its ``ApiError``, else ``{"code": null, "raised": "KeyError: 'type'"}``.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys

PREFIX = "SNIPPET-OUTCOME "
OK = 10000


def outcome_of(source: str) -> dict[str, object]:
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            exec(compile(source, "<2.x snippet>", "exec"), {"__name__": "__main__"})  # noqa: S102
    except Exception as exc:  # noqa: BLE001 - how the snippet broke is the outcome
        code = getattr(exc, "error_code", None)
        if isinstance(code, int):
            return {"code": code, "raised": f"ApiError: {code} {getattr(exc, 'error_desc', '')}".strip()}
        return {"code": None, "raised": f"{type(exc).__name__}: {exc}"[:300]}
    lines = [line for line in printed.getvalue().splitlines() if line.strip()]
    return {"code": OK, "result": lines[-1] if lines else ""}


if __name__ == "__main__":
    print(PREFIX + json.dumps(outcome_of(sys.stdin.read())))
