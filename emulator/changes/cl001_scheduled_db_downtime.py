"""CL001 2019-09-11: planned database downtime; input, search and training calls fail for a while.

Clarifai announced up to an hour of downtime for POST/GET/PATCH/DELETE inputs, search, custom
training and model evaluation. The emulator plays it on the virtual clock (ticks = requests
served), in windows of `DOWN` ticks that each unfold the same way (provenance: cl001-mix):

- offset 0, the lost answer: the request is served and its changes are kept, but the client
  sees the service unreachable, as when the database drops out mid-request (a request that
  today's handler refuses anyway keeps its refusal);
- offsets 1 to 6, unreachable: gRPC UNAVAILABLE (REST: HTTP 503 with RPC_SERVER_UNAVAILABLE).
  Six is one more than the 5 attempts of ClarifaiChannel's own retry, so the channel alone
  cannot hide the outage;
- offsets 7 and on, maintenance: the status REQUEST_DISABLED_FOR_MAINTENANCE (39997).

Refused requests (unreachable or maintenance) change nothing. Windows come from two places:

- served as of 2019-09-11 itself: counting ticks from the first affected request served as
  of that day (which is answered normally), the API is down for offsets 1 to 12 of every 20
  (the upgrade "did not go as expected": the outage comes back until the day ends);
- `python -m emulator serve --downtime START,END` (or `Emulator(downtime=...)`, kept in
  `Store.downtime`): ticks START to END-1, whatever the date a request is served as of.

Before and after that day, and outside the windows, nothing is down.
"""

from __future__ import annotations

import datetime as dt

from google.protobuf.message import Message

from ..call import Call
from ..statuses import ApiError, status
from . import Change

change = Change(
    __name__,
    code="CL001",
    date=dt.date(2019, 9, 11),
    rpcs={
        "PostInputs",
        "GetInput",
        "ListInputs",
        "PatchInputs",
        "DeleteInput",
        "DeleteInputs",
        "GetInputCount",
        "PostSearches",
        "PostInputsSearches",
        "PostModelVersions",
    },
)
UNREACHABLE_TICKS = 6  # more than ClarifaiChannel's 5 attempts
DOWN = 12  # ticks of each window on the day: 1 lost answer, 6 unreachable, 5 in maintenance
CYCLE = 20  # on the day, a window starts again every CYCLE ticks

LOST, UNREACHABLE, MAINTENANCE = "lost answer", "unreachable", "maintenance"


def phase_at(offset: int) -> str:
    """How a window answers the request `offset` ticks after it started."""
    if offset == 0:
        return LOST
    return UNREACHABLE if offset <= UNREACHABLE_TICKS else MAINTENANCE


def phase(call: Call) -> str | None:
    """The downtime phase the request falls in, or None when the service is up."""
    state = call.store.downtime
    if state.scheduled is not None and call.now in state.scheduled:
        return phase_at(call.now - state.scheduled.start)
    if call.as_of != change.date:
        return None
    if state.day_opened is None:
        state.day_opened = call.now
    offset = (call.now - state.day_opened) % CYCLE
    return phase_at(offset - 1) if 1 <= offset <= DOWN else None


@change.applies
def applies(call: Call) -> bool:
    """Whether the request falls in a downtime window."""
    return phase(call) is not None


@change.guard
def guard(call: Call) -> None:
    """Refuse the request, changing nothing, unless it is the one whose answer gets lost.

    Guards run before any other hook, so no older behaviour slips past an outage.
    """
    found = phase(call)
    if found == UNREACHABLE:
        raise ApiError("RPC_SERVER_UNAVAILABLE", "maintenance-unreachable")
    if found == MAINTENANCE:
        raise ApiError("REQUEST_DISABLED_FOR_MAINTENANCE")


@change.after
def after(call: Call, response: Message) -> Message:
    """The lost answer: the request was served, but the client only sees the service unreachable."""
    if phase(call) != LOST:
        return response
    return call.rpc.response_class(status=status("RPC_SERVER_UNAVAILABLE", "maintenance-unreachable"))
