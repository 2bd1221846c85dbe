"""CL015 2022-11-22: POST /searches deprecated for PostInputsSearches and PostAnnotationsSearches.

A deprecation, not a removal: Clarifai's text says POST /searches "will still be supported for
now, but will not receive any feature updates". So the old call is served the same hits on
both sides of the date. What the emulator shows from the date on is a notice in the
response's `status.details` (its own wording: no public response shows one, provenance:
post-searches-deprecated); before the date the generic search was simply the search API.
PostInputsSearches and PostAnnotationsSearches answer alike on both sides: the announcement
recommends them as existing endpoints.
"""

import datetime as dt

from clarifai_grpc.grpc.api.status import status_code_pb2
from google.protobuf.message import Message

from ..call import Call
from . import Change

change = Change(__name__, code="CL015", date=dt.date(2022, 11, 22), rpcs={"PostSearches"})


@change.after
def after(call: Call, response: Message) -> Message:
    """No deprecation notice before the date: PostSearches was the generic search."""
    if response.status.code == status_code_pb2.SUCCESS:
        response.status.details = ""
    return response
