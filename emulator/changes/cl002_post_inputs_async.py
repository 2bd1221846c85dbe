"""CL002 2019-09-24: POST /inputs became always asynchronous.

Before the date one input added alone was downloaded within the call, so its answer was the
download's final outcome (the seed page: "a single image added with POST /inputs was a
synchronous operation, but a batch of images was asynchronous"):

- downloaded: the input's status is 30000 INPUT_SUCCESS (then named
  INPUT_IMAGE_DOWNLOAD_SUCCESS), the call SUCCESS;
- not downloadable: the input's status is 30002 (then INPUT_IMAGE_DOWNLOAD_FAILED,
  "Download failed; check URL" with the fetch's details) and the call itself FAILURE (10020),
  the way the other synchronous call, a prediction on a URL that does not download, answered
  then (the 2.x client's own tests, tests/unit_tests/test_invalid_respones.py, a response of
  2019-01-20); the input is kept, failed, as GetInput shows it today (provenance:
  cl002-sync-failure, inferred: no failed PostInputs of the time is public).

A batch was already asynchronous: its inputs come back pending.
"""

import datetime as dt

from google.protobuf.message import Message

from ..call import Call
from ..statuses import status
from . import Change

change = Change(__name__, code="CL002", date=dt.date(2019, 9, 24), rpcs={"PostInputs"})


@change.after
def after(call: Call, response: Message) -> Message:
    """A single input comes back downloaded, or failed, as the synchronous API answered it."""
    if response.status.code != 10000 or len(response.inputs) != 1:
        return response
    shown = response.inputs[0]
    call.app.inputs.finish(shown.id, call.now)
    failure = call.app.inputs.get(shown.id, call.now).failure
    if not failure:
        shown.status.CopyFrom(status("INPUT_SUCCESS"))
        return response
    shown.status.CopyFrom(status("INPUT_FAILED"))
    shown.status.details = failure
    response.status.CopyFrom(status("FAILURE"))
    return response
