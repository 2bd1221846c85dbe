"""CL008's scaffolding: inputs added by URL (images or videos), an input's status read back,
codes named, the snippet's requests sent and polled, and the media added on each date."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping

from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2, status_pb2

from recipes.connect import Session
from recipes.errors import check

from ..then import OldAnswer, OldRequest, send

VIDEO_DONE = 31000  # INPUT_VIDEO_DOWNLOAD_SUCCESS, the number the snippet waits for


def _data(kind: str, url: str) -> resources_pb2.Data:
    if kind == "image":
        return resources_pb2.Data(image=resources_pb2.Image(url=url, allow_duplicate_url=True))
    return resources_pb2.Data(video=resources_pb2.Video(url=url))


def add(session: Session, media: Mapping[str, tuple[str, str]]) -> dict[str, int]:
    """Add inputs `{input_id: (kind, url)}`, kind "image" or "video"; the status code each was
    answered by PostInputs."""
    inputs = [resources_pb2.Input(id=input_id, data=_data(*item)) for input_id, item in media.items()]
    request = service_pb2.PostInputsRequest(user_app_id=session.user_app_id, inputs=inputs)
    response = check("PostInputs", session.stub.PostInputs(request, metadata=session.metadata))
    return {item.id: item.status.code for item in response.inputs}


def input_status(session: Session, input_id: str) -> status_pb2.Status:
    """The input's status, as GetInput answers it."""
    request = service_pb2.GetInputRequest(user_app_id=session.user_app_id, input_id=input_id)
    return session.stub.GetInput(request, metadata=session.metadata).input.status


def names(codes: Iterable[int]) -> str:
    """`INPUT_PENDING (30001) -> INPUT_SUCCESS (30000)`: codes by today's clarifai-grpc names."""
    return " -> ".join(f"{status_code_pb2.StatusCode.Name(code)} ({code})" for code in codes)


def add_and_wait_the_old_way(
    day: Session, post: OldRequest, get: OldRequest, polls: int
) -> tuple[OldAnswer, OldAnswer, list[int], str]:
    """The snippet's requests as of `day`: `post`, then `get` until it answers 31000 or
    `polls` tries are spent. The POST answer, the last GET answer, the codes seen, and the
    line the snippet prints."""
    posted, seen = send(day, post), []
    for _ in range(polls):
        fetched = send(day, get)
        status = fetched.body["input"]["status"]
        seen.append(status["code"])
        if status["code"] == VIDEO_DONE:
            break
        time.sleep(day.poll_interval)
    ready = status["code"] == VIDEO_DONE
    line = f"Video ready: {ready} (status {status['code']}, {status['description']})"
    return posted, fetched, seen, line


def media_for(day: str, video_url: str, image_url: str, missing_url: str) -> dict[str, tuple[str, str]]:
    """A video and an image that download, and a video and an image that cannot, with ids
    `cl008-<day>-...`: every state an input ends in."""
    return {
        f"cl008-{day}-video": ("video", video_url),
        f"cl008-{day}-video-missing": ("video", missing_url + ".mp4"),
        f"cl008-{day}-image": ("image", image_url),
        f"cl008-{day}-image-missing": ("image", missing_url + ".jpg"),
    }
