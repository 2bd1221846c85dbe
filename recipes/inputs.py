"""Inputs after they became asynchronous (CL002, CL003) and lost `delete_all` (CL012)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from .connect import Session
from .errors import check
from .statuses import status_name

MAX_BATCH = 128  # inputs per PostInputs, ids per DeleteInputs
LIST_PAGE = 1000  # the largest page ListInputs serves
# By today's name (CL008): before 2020-02-24 a video still downloading answered 31001, INPUT_PENDING too.
BUSY = {"INPUT_PENDING", "INPUT_IN_PROGRESS"}


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def add_inputs(session: Session, inputs: Sequence[resources_pb2.Input], batch: int = MAX_BATCH) -> list[str]:
    """Add inputs in PostInputs calls of at most `batch`; return their ids, in order.

    Give inputs ids of your own to make a retried call safe (CL001): a repeat is refused as
    a duplicate instead of adding the images twice.
    """
    ids: list[str] = []
    for chunk in _chunks(inputs, min(batch, MAX_BATCH)):
        request = service_pb2.PostInputsRequest(user_app_id=session.user_app_id, inputs=chunk)
        response = check("PostInputs", session.stub.PostInputs(request, metadata=session.metadata))
        ids.extend(item.id for item in response.inputs)
    return ids


def _listed(session: Session, input_ids: Sequence[str]) -> dict[str, int]:
    """Status codes of those of `input_ids` that still exist."""
    found: dict[str, int] = {}
    for chunk in _chunks(input_ids, LIST_PAGE):
        request = service_pb2.ListInputsRequest(
            user_app_id=session.user_app_id, ids=chunk, per_page=len(chunk)
        )
        response = check("ListInputs", session.stub.ListInputs(request, metadata=session.metadata))
        found.update({item.id: item.status.code for item in response.inputs})
    return found


def _poll(session: Session, done, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while True:
        result = done()
        if result is not None:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} after {timeout:g} s")
        time.sleep(session.poll_interval)


def wait_for_inputs(session: Session, input_ids: Sequence[str], timeout: float = 600.0) -> dict[str, str]:
    """Poll until none of the inputs is pending or downloading (CL002).

    Returns each input's final status name (`INPUT_SUCCESS` or `INPUT_FAILED`), by today's
    name whatever number the API answered (CL008: a video's 31000 before 2020-02-24); an input
    that no longer exists is `INPUT_DOES_NOT_EXIST`. Raises TimeoutError naming how many
    inputs were still busy.
    """
    ids = list(dict.fromkeys(input_ids))

    def settled() -> dict[str, str] | None:
        names = {input_id: status_name(code) for input_id, code in _listed(session, ids).items()}
        if any(name in BUSY for name in names.values()):
            return None
        return {input_id: names.get(input_id, "INPUT_DOES_NOT_EXIST") for input_id in ids}

    return _poll(session, settled, timeout, f"inputs still downloading: {len(ids)} asked")


def wait_for_deleted(session: Session, input_ids: Sequence[str], timeout: float = 600.0) -> None:
    """Poll until none of the inputs can be read any more (CL003: deletes are asynchronous)."""
    ids = list(dict.fromkeys(input_ids))
    _poll(session, lambda: True if not _listed(session, ids) else None, timeout, "inputs still present")


def list_input_ids(session: Session) -> list[str]:
    """The ids of every input of the session's app, page by page."""
    ids: list[str] = []
    page = 1
    while True:
        request = service_pb2.ListInputsRequest(
            user_app_id=session.user_app_id, page=page, per_page=LIST_PAGE
        )
        response = check("ListInputs", session.stub.ListInputs(request, metadata=session.metadata))
        ids.extend(item.id for item in response.inputs)
        if len(response.inputs) < LIST_PAGE:
            return list(dict.fromkeys(ids))
        page += 1


def delete_inputs(
    session: Session, input_ids: Sequence[str], batch: int = MAX_BATCH, workers: int = 4
) -> None:
    """Delete inputs by id, in DeleteInputs calls of at most `batch` ids, `workers` at a time."""

    def delete(chunk: Sequence[str]) -> None:
        request = service_pb2.DeleteInputsRequest(user_app_id=session.user_app_id, ids=chunk)
        check("DeleteInputs", session.stub.DeleteInputs(request, metadata=session.metadata))

    chunks = list(_chunks(list(input_ids), min(batch, MAX_BATCH)))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(delete, chunks))


def delete_and_wait(session: Session, input_ids: Sequence[str], timeout: float = 600.0) -> int:
    """Delete inputs by id and return only once none can be read any more; return how many (CL003).

    Since 2019-09-30 DeleteInput and DeleteInputs return before the inputs are gone, one
    input as much as many: GetInput keeps answering them for a while. This deletes in batches
    of at most 128 ids, then polls until they are gone (TimeoutError after `timeout` seconds).
    """
    ids = list(dict.fromkeys(input_ids))
    delete_inputs(session, ids)
    wait_for_deleted(session, ids, timeout)
    return len(ids)


def delete_all_inputs(
    session: Session, batch: int = MAX_BATCH, workers: int = 4, wait: bool = True, timeout: float = 600.0
) -> int:
    """Delete every input of the session's app; return how many were deleted.

    Replaces `DELETE /inputs {"delete_all": true}` (CL012): pages through ListInputs,
    deletes by ids in batches of at most 128, then (with `wait`) polls until they are gone.
    Safe to run again after an interruption: it starts from what is left.
    """
    ids = list_input_ids(session)
    delete_inputs(session, ids, batch, workers)
    if wait:
        wait_for_deleted(session, ids, timeout)
    return len(ids)
