"""CL004: what the API kept of an image (its size), and the whole image's size to measure a crop by."""

from __future__ import annotations

import time
from collections.abc import Sequence

from clarifai_grpc.grpc.api import service_pb2

from recipes.connect import Session
from recipes.images import crop_box
from recipes.inputs import delete_and_wait

from ..then import OldRequest, send

WHOLE_ID = "cl004-whole"  # the uncropped copy the old call's crop is measured against


def stored_size(session: Session, input_id: str) -> tuple[int, int] | None:
    """(width, height) of the image the API keeps for `input_id` (its `image_info`), or None
    if there is no such input."""
    request = service_pb2.GetInputRequest(user_app_id=session.user_app_id, input_id=input_id)
    response = session.stub.GetInput(request, metadata=session.metadata)
    if response.status.code != 10000:
        return None
    info = response.input.data.image.image_info
    return info.width, info.height


def px(size: Sequence[int] | None) -> str:
    """A size as a reader wants it: `160 x 160 px`, or `nothing stored`."""
    return f"{size[0]} x {size[1]} px" if size else "nothing stored"


def downloaded(day: Session, input_id: str, tries: int = 20) -> bool:
    """GET /v2/inputs/{input_id} (the old path) until its status is 30000, as the 2.x snippet waits."""
    for _ in range(tries):
        answer = send(day, OldRequest("GET", f"/v2/inputs/{input_id}"))
        if answer.body.get("input", {}).get("status", {}).get("code") == 30000:
            return True
        time.sleep(0.5)
    return False


def crop_of_whole(
    day: Session, url: str, crop: Sequence[float]
) -> tuple[tuple[int, int] | None, tuple[int, int]]:
    """Add the whole image at `url` (the old path, a duplicate URL allowed), measure what the API
    keeps, delete it again; return its size and the size `crop` keeps of it."""
    body = {"inputs": [{"id": WHOLE_ID, "data": {"image": {"url": url, "allow_duplicate_url": True}}}]}
    added = send(day, OldRequest("POST", "/v2/inputs", body))
    whole = stored_size(day, WHOLE_ID) if added.ok and downloaded(day, WHOLE_ID) else None
    delete_and_wait(day, [WHOLE_ID])
    left, top, right, bottom = crop_box(*whole, crop) if whole else (0, 0, 0, 0)
    return whole, (right - left, bottom - top)
