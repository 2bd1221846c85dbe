"""CL003 2019-09-30: DELETE /inputs became always asynchronous.

Before the date deleting one input (DeleteInput, or DeleteInputs with one id) finished within
the call: GetInput right after answered 11101. A batch was already deleted in the background.
"""

import datetime as dt

from google.protobuf.message import Message

from ..call import Call
from . import Change

change = Change(__name__, code="CL003", date=dt.date(2019, 9, 30), rpcs={"DeleteInput", "DeleteInputs"})


def _finish_delete(call: Call, input_id: str) -> None:
    """Complete at once a delete that today's handler started (the store has no method for it)."""
    stored = call.app.inputs.get(input_id, call.now)
    if stored is not None and stored.deleted_tick is not None:
        stored.deleted_tick = call.now


@change.after
def after(call: Call, response: Message) -> Message:
    """A single input is gone when the call returns, as the synchronous API did."""
    if response.status.code != 10000:
        return response
    if call.rpc.name == "DeleteInput":
        _finish_delete(call, call.request.input_id)
    elif len(call.request.ids) == 1:
        _finish_delete(call, call.request.ids[0])
    return response
