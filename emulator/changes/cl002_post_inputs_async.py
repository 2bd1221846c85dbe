"""CL002 2019-09-24: POST /inputs became always asynchronous.

Before the date one input added alone was downloaded within the call and answered 30000;
a batch was already asynchronous.
"""

import datetime as dt

from google.protobuf.message import Message

from ..call import Call
from ..statuses import status
from . import Change

change = Change(__name__, code="CL002", date=dt.date(2019, 9, 24), rpcs={"PostInputs"})


@change.after
def after(call: Call, response: Message) -> Message:
    """A single input comes back already downloaded, as the synchronous API did."""
    if response.status.code == 10000 and len(response.inputs) == 1:
        shown = response.inputs[0]
        call.app.inputs.finish(shown.id, call.now)
        shown.status.CopyFrom(status("INPUT_SUCCESS"))
    return response
