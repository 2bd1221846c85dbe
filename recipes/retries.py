"""Retrying through planned downtime without losing or duplicating anything (CL001).

During maintenance Clarifai answers input, search and training calls with
REQUEST_DISABLED_FOR_MAINTENANCE (39997) or INPUT_WRITES_DISABLED_FOR_MAINTENANCE (39998), or
cannot be reached at all (gRPC UNAVAILABLE; through the REST/JSON channel a body with
RPC_SERVER_UNAVAILABLE, 40031). `with_retries` retries exactly those, with capped exponential
backoff and jitter. `add_inputs_safely` uploads with ids chosen by the client, so that a
PostInputs whose answer was lost, and which is sent again, cannot add an image twice.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import grpc
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2

from .connect import Session
from .errors import ClarifaiStatusError, check

T = TypeVar("T")
MAX_BATCH = 128  # inputs per PostInputs
RETRYABLE_CODES = frozenset(
    {
        status_code_pb2.REQUEST_DISABLED_FOR_MAINTENANCE,
        status_code_pb2.INPUT_WRITES_DISABLED_FOR_MAINTENANCE,
        status_code_pb2.RPC_SERVER_UNAVAILABLE,
    }
)
# What a PostInputs may answer when some of its ids are already taken. Clarifai's status-code
# table documents DATABASE_DUPLICATE_KEY (40010, "Object has a duplicate ID; another object with
# same ID already exist."), which is what the emulator answers; Clarifai's SDK shows such a call
# failing at top level (FAILURE or MIXED_STATUS) with "Input has a duplicate ID." on the input,
# and a URL already in the app is INPUT_DUPLICATE (30100). Each leads to a check of which ids
# exist (a genuine error is raised again when none do).
MAYBE_DUPLICATE = frozenset(
    {
        status_code_pb2.DATABASE_DUPLICATE_KEY,
        status_code_pb2.INPUT_DUPLICATE,
        status_code_pb2.FAILURE,
        status_code_pb2.MIXED_STATUS,
    }
)


def is_retryable(error: BaseException) -> bool:
    """Whether `error` is downtime: gRPC UNAVAILABLE or a maintenance status. Nothing else is."""
    if isinstance(error, ClarifaiStatusError):
        return error.code in RETRYABLE_CODES
    if isinstance(error, grpc.RpcError) and hasattr(error, "code"):
        return error.code() == grpc.StatusCode.UNAVAILABLE
    return False


def backoff_delay(
    retry: int, base_delay: float, max_delay: float, jitter: float, rng: random.Random
) -> float:
    """Seconds to wait before retry number `retry` (1 for the first).

    `base_delay * 2 ** (retry - 1)`, capped at `max_delay`, then shortened by a random
    fraction of at most `jitter` (0: no jitter, 1: "full jitter", anywhere from 0 to the cap),
    so that clients that failed together do not all come back at the same moment.
    """
    capped = min(max_delay, base_delay * 2 ** (retry - 1))
    return capped * (1 - jitter * rng.random())


def with_retries(
    fn: Callable[[], T],
    *,
    attempts: int = 8,
    base_delay: float = 0.5,
    max_delay: float = 30.0,
    jitter: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
    rng: random.Random | None = None,
    on_retry: Callable[[int, BaseException, float], None] | None = None,
) -> T:
    """Call `fn` until it returns, retrying only downtime errors; return what it returned.

    `fn` makes one API call and raises on failure, e.g.
    `lambda: check("GetInput", session.stub.GetInput(request, metadata=session.metadata))`.
    Downtime (`is_retryable`) is retried up to `attempts` calls in all, waiting
    `backoff_delay(...)` between them; any other error is raised at once, and so is the last
    downtime error when the attempts run out. `on_retry(attempt, error, delay)` is told about
    each failed attempt before the wait. Only retry calls that are safe to repeat: reads,
    deletes, and PostInputs with ids of your own (see `add_inputs_safely`).
    """
    if attempts < 1:
        raise ValueError(f"attempts must be at least 1, not {attempts}")
    rng = rng or random.Random()
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except Exception as error:
            if attempt == attempts or not is_retryable(error):
                raise
            delay = backoff_delay(attempt, base_delay, max_delay, jitter, rng)
            if on_retry is not None:
                on_retry(attempt, error, delay)
            sleep(delay)
    raise AssertionError("unreachable")  # the loop returns or raises


@dataclass
class BatchReport:
    """How one PostInputs batch of `add_inputs_safely` went."""

    ids: list[str]
    attempts: int = 0  # PostInputs calls made for it (the channel's own retries not counted)
    already_there: list[str] = field(default_factory=list)  # found added by an attempt whose answer was lost


@dataclass
class UploadReport:
    """What `add_inputs_safely` did: every id, and each batch's attempts."""

    ids: list[str]
    batches: list[BatchReport]

    @property
    def attempts(self) -> int:
        """PostInputs calls made in all."""
        return sum(batch.attempts for batch in self.batches)


def existing_ids(session: Session, input_ids: Sequence[str]) -> set[str]:
    """Which of `input_ids` (at most 1000) exist in the session's app: one ListInputs call."""
    request = service_pb2.ListInputsRequest(
        user_app_id=session.user_app_id, ids=list(input_ids), per_page=max(1, len(input_ids))
    )
    response = check("ListInputs", session.stub.ListInputs(request, metadata=session.metadata))
    return {item.id for item in response.inputs} & set(input_ids)


def _checked_ids(inputs: Sequence[resources_pb2.Input]) -> list[str]:
    ids = [item.id for item in inputs]
    missing = sum(1 for input_id in ids if not input_id)
    if missing:
        raise ValueError(f"{missing} of {len(ids)} inputs have no id: give each input an id of your own")
    repeated = sorted({input_id for input_id in ids if ids.count(input_id) > 1})
    if repeated:
        raise ValueError(f"input ids must be unique; repeated: {', '.join(repeated[:5])}")
    return ids


def _post_batch(session: Session, batch: Sequence[resources_pb2.Input], retry: Callable) -> BatchReport:
    """Post one batch through `retry`; after a possible duplicate refusal, post only what is missing."""
    report = BatchReport([item.id for item in batch])
    remaining = list(batch)
    while remaining:

        def post(chunk: list[resources_pb2.Input] = remaining) -> None:
            report.attempts += 1
            request = service_pb2.PostInputsRequest(user_app_id=session.user_app_id, inputs=chunk)
            check("PostInputs", session.stub.PostInputs(request, metadata=session.metadata))

        try:
            retry(post)
            return report
        except ClarifaiStatusError as error:
            if error.code not in MAYBE_DUPLICATE:
                raise
            present = retry(lambda chunk=remaining: existing_ids(session, [item.id for item in chunk]))
            if not present:
                raise  # a genuinely invalid input, not an earlier attempt that went through
            report.already_there.extend(item.id for item in remaining if item.id in present)
            remaining = [item for item in remaining if item.id not in present]
    return report


def add_inputs_safely(
    session: Session,
    inputs: Sequence[resources_pb2.Input],
    *,
    batch: int = MAX_BATCH,
    attempts: int = 8,
    base_delay: float = 0.5,
    max_delay: float = 30.0,
    jitter: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
    rng: random.Random | None = None,
) -> UploadReport:
    """Add inputs that carry ids of your own, each exactly once, through downtime (CL001).

    PostInputs calls of at most `batch` inputs are retried through maintenance and
    unreachability (`with_retries`, same options). When an answer was lost, the call went
    through but the client saw a failure; sent again, it is refused because its ids exist
    (40010 DATABASE_DUPLICATE_KEY; see MAYBE_DUPLICATE). Then this checks which ids of the batch
    exist, counts those as added, and sends only the rest. An input whose id already existed
    before the upload counts as added too: ids must name images uniquely. Raises ValueError
    for inputs without ids or repeated ids, ClarifaiStatusError for any other refusal.
    """
    ids = _checked_ids(inputs)
    rng = rng or random.Random()

    def retry(fn: Callable[[], T]) -> T:
        options = {"base_delay": base_delay, "max_delay": max_delay, "jitter": jitter}
        return with_retries(fn, attempts=attempts, sleep=sleep, rng=rng, **options)

    size = max(1, min(batch, MAX_BATCH))
    batches = [
        _post_batch(session, inputs[start : start + size], retry) for start in range(0, len(inputs), size)
    ]
    return UploadReport(ids, batches)
