"""Deleting inputs now that every delete is asynchronous (CL003)."""

from __future__ import annotations

from collections.abc import Sequence

from .connect import Session
from .inputs import delete_inputs, wait_for_deleted


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
