"""CL011 2020-10-20: training no longer waits for the app's inputs to be processed.

Before the date a new model version waited (queued) until every pending or downloading input
of the app was processed, and trained on those that then succeeded too. After it, training
uses only the inputs already processed when the version is created; check GetInputCount
first.
"""

import datetime as dt

from clarifai_grpc.grpc.api.status import status_code_pb2
from google.protobuf.message import Message

from .. import training, versions
from ..call import Call
from . import Change

change = Change(__name__, code="CL011", date=dt.date(2020, 10, 20), rpcs={"PostModelVersions"})
BUSY = ("INPUT_PENDING", "INPUT_IN_PROGRESS")
REVISABLE = {status_code_pb2.StatusCode.Value(name) for name in training.DATA_OUTCOMES}


@change.after
def after(call: Call, response: Message) -> Message:
    """The new version waits for the busy inputs and learns from them too."""
    if response.status.code != 10000:
        return response
    model = call.app.models[call.request.model_id]
    stored = model.version(response.model.model_version.id)
    if stored is None or stored.trained_tick is None or stored.version.status.code not in REVISABLE:
        return response
    busy = [s for s in call.app.inputs.all(call.now) if s.status_name(call.now) in BUSY]
    if not busy:
        return response
    processed_by = max(s.ready_tick for s in busy)
    training.conclude(stored.version, training.examples(call.app, stored.version, call.now, processed_by))
    stored.trained_tick = max(stored.trained_tick, processed_by + training.TRAINING_TICKS)
    stored.version.completed_at.CopyFrom(call.clock.timestamp(call.as_of, stored.trained_tick))
    response.model.model_version.CopyFrom(versions.render_version(call, stored))
    return response
