"""Tell a workshop room's emulator how an attendee's check went, for the leader's table.

Only a remote emulator session reports (`connect("emulator-remote")`, a room served with
`python -m emulator serve --workshop N`): the embedded emulator and the live API have no leader
to tell. What goes out is the exercise's code and pass or fail, with the session's own
credential in the header: never the attendee's code.
"""

from __future__ import annotations

import http.client
import json
import urllib.request

from recipes.connect import Session

PROGRESS_PATH = "/emulator/progress"  # emulator-only (emulator/provenance.csv: emulator-progress)
TIMEOUT = 2.0  # seconds: a check waits no longer for a room's server that is away


def is_remote_emulator(session: Session) -> bool:
    """Whether `session` works on an emulator served elsewhere (a workshop room's)."""
    return session.target == "emulator" and session.emulator is None


def report(session: Session, exercise: str, passed: bool) -> None:
    """Record one check's outcome on the room's emulator: only when session is a remote emulator
    session (session.target == "emulator" and session.emulator is None); a no-op otherwise.
    Never raises for a network problem (a check must not fail because the room's server is away):
    it returns quietly."""
    if not is_remote_emulator(session):
        return
    request = urllib.request.Request(
        session.rest_base.rstrip("/") + PROGRESS_PATH,
        data=json.dumps({"exercise": exercise, "passed": bool(passed)}).encode(),
        headers={**session.rest_headers, "Content-Type": "application/json"},
        method="POST",
    )
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # the room's machine, not the web
    try:
        with direct.open(request, timeout=TIMEOUT) as answer:
            answer.read()
    except (OSError, ValueError, http.client.HTTPException):  # away, refused, timed out, an HTTP error
        return
