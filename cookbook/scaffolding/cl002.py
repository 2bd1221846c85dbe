"""CL002 and CL003: what each input's status was, poll after poll, for the notebooks' timelines,
and what GetInput answers for one input."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

from clarifai_grpc.grpc.api import service_pb2
from clarifai_grpc.grpc.api.status import status_pb2

from recipes import describe
from recipes.connect import Session

NOT_LISTED = "not listed (deleted)"  # ListInputs no longer shows the input


def statuses_per_poll(
    session: Session, ids: Sequence[str], polls: int, first: Mapping[str, str] | None = None
) -> dict[str, list[str]]:
    """Each input's status at each of `polls` ListInputs calls (one call for all the ids, a poll
    interval apart), as `"INPUT_PENDING (30001)"`, or `NOT_LISTED` once it is gone. `first`: the
    statuses already seen (a PostInputs answer), put before the polls."""
    timeline = {input_id: [first[input_id]] if first else [] for input_id in ids}
    for poll in range(polls):
        if poll:
            time.sleep(session.poll_interval)
        request = service_pb2.ListInputsRequest(
            user_app_id=session.user_app_id, ids=list(ids), per_page=len(ids)
        )
        listed = {
            item.id: item.status
            for item in session.stub.ListInputs(request, metadata=session.metadata).inputs
        }
        for input_id in ids:
            timeline[input_id].append(short(listed[input_id]) if input_id in listed else NOT_LISTED)
    return timeline


def short(status: status_pb2.Status | dict) -> str:
    """`INPUT_PENDING (30001)`: a status's name and code, without its description."""
    return describe(status).split(":")[0]


def get_input_status(session: Session, input_id: str) -> status_pb2.Status:
    """The status GetInput answers for `input_id`: 10000 while it is there, 11101 once it is gone."""
    request = service_pb2.GetInputRequest(user_app_id=session.user_app_id, input_id=input_id)
    return session.stub.GetInput(request, metadata=session.metadata).status
