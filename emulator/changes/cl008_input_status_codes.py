"""CL008 2020-02-24: input status codes consolidated under INPUT_*.

The INPUT_IMAGE_* names became INPUT_* with the same numbers (30000-30003, ...), so image
inputs answer as before. The INPUT_VIDEO_* numbers (31000-...) are no longer answered: since
the date a video input reports the INPUT_* codes too. Before it, video inputs answered their
INPUT_VIDEO_* codes, which this module restores.
"""

import datetime as dt

from clarifai_grpc.grpc.api import resources_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2
from google.protobuf.message import Message

from ..call import Call
from ..statuses import status
from . import Change

change = Change(
    __name__,
    code="CL008",
    date=dt.date(2020, 2, 24),
    rpcs={"PostInputs", "GetInput", "ListInputs", "PatchInputs"},
)
VIDEO_CODES = {  # today's name -> the video code a video input answered before the date
    "INPUT_SUCCESS": "INPUT_VIDEO_DOWNLOAD_SUCCESS",
    "INPUT_PENDING": "INPUT_VIDEO_DOWNLOAD_PENDING",
    # clarifai-grpc has no video in-progress code (provenance: cl008-video-in-progress)
    "INPUT_IN_PROGRESS": "INPUT_VIDEO_DOWNLOAD_PENDING",
    "INPUT_FAILED": "INPUT_VIDEO_DOWNLOAD_FAILED",
    "INPUT_MODIFY_SUCCESS": "INPUT_VIDEO_MODIFY_SUCCESS",
}
BY_CODE = {status_code_pb2.StatusCode.Value(today): video for today, video in VIDEO_CODES.items()}


def _as_video(shown: resources_pb2.Input) -> None:
    video = BY_CODE.get(shown.status.code)
    if video and shown.data.HasField("video"):
        details = shown.status.details
        shown.status.CopyFrom(status(video))
        shown.status.details = details


@change.after
def after(call: Call, response: Message) -> Message:
    """Video inputs in the response show the INPUT_VIDEO_* code of their status."""
    if call.rpc.name == "GetInput":
        _as_video(response.input)
    else:
        for shown in response.inputs:
            _as_video(shown)
    return response
