"""CL012 2021-02-12: DELETE /inputs lost `delete_all`; delete by ids, at most 128 a call.

`delete_all` is field 3 of DeleteInputsRequest in clients before clarifai-grpc 8.0.0.
After the date the field is refused as unknown, and nothing is deleted.
"""

import datetime as dt

from google.protobuf.message import Message

from ..call import Call
from . import Change

change = Change(
    __name__,
    code="CL012",
    date=dt.date(2021, 2, 12),
    rpcs={"DeleteInputs"},
    legacy_fields={"clarifai.api.DeleteInputsRequest": {3: ("delete_all", "bool")}},
)


@change.answer
def delete_all(call: Call) -> Message | None:
    """`{"delete_all": true}` starts deleting every input of the app."""
    if not call.take_legacy("delete_all"):
        return None
    everything = [stored.input.id for stored in call.app.inputs.all(call.now)]
    call.app.inputs.delete(everything, call.now)
    return call.ok()
