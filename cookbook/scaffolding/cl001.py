"""CL001: the images each upload run sends, a tally of what each run left in the app, and the
two uploads of old code (the 2.x snippet's loop, and batches without ids retried at once)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import grpc
import pandas as pd
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from recipes.connect import Session
from recipes.errors import describe

from ..then import OldAnswer, OldRequest, send

PREFIX = "https://samples.clarifai.com/cookbook/cl001"  # every URL of the notebook starts so
LIST_PAGE = 1000


def sample_inputs(run: str, count: int, with_ids: bool = False) -> list[resources_pb2.Input]:
    """`count` image inputs of one run, their URLs naming the run; ids `cl001-<run>-NNNN` if asked.

    Like Clarifai's docs examples they set allow_duplicate_url: without it the API refuses a
    URL already in the app (30100), so a blind retry would fail instead of adding it twice.
    """
    return [
        resources_pb2.Input(
            id=f"cl001-{run}-{n:04d}" if with_ids else "",
            data=resources_pb2.Data(
                image=resources_pb2.Image(url=f"{PREFIX}/{run}/{n}.jpg", allow_duplicate_url=True)
            ),
        )
        for n in range(count)
    ]


class Tally:
    """What each upload run left in the app, counted by URL through `session` (today's API, up)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.runs: dict[str, dict[str, int]] = {}

    def inputs(self) -> list[tuple[str, str]]:
        """(id, url) of every input in the app whose URL belongs to the notebook."""
        found, page = [], 1
        while True:
            request = service_pb2.ListInputsRequest(
                user_app_id=self.session.user_app_id, page=page, per_page=LIST_PAGE
            )
            listed = self.session.stub.ListInputs(request, metadata=self.session.metadata).inputs
            found += [
                (item.id, item.data.image.url) for item in listed if item.data.image.url.startswith(PREFIX)
            ]
            if len(listed) < LIST_PAGE:
                return found
            page += 1

    def record(self, run: str, label: str, acknowledged: int, images: int) -> dict[str, int]:
        """Count the run's inputs in the app: how many, how many images twice, how many missing."""
        urls = Counter(url for _, url in self.inputs() if url.startswith(f"{PREFIX}/{run}/"))
        self.runs[label] = {
            "images": images,
            "acknowledged": acknowledged,
            "in the app": sum(urls.values()),
            "duplicates": sum(urls.values()) - len(urls),
            "missing": images - len(urls),
        }
        return self.runs[label]

    def table(self) -> pd.DataFrame:
        """One row per run recorded."""
        return pd.DataFrame.from_dict(self.runs, orient="index")


def send_like_the_client(day: Session, request: OldRequest, attempts: int = 3) -> OldAnswer:
    """Send `request` as the 2.x client did: again at once after a 5xx answer, at most `attempts`
    times (its `ApiClient._grpc_request`)."""
    for _ in range(attempts):
        answer = send(day, request)
        if answer.http_status // 100 != 5:
            break
    return answer


def upload_then(day: Session, requests: Sequence[OldRequest]) -> tuple[int, OldAnswer]:
    """The 2.x snippet's loop: stop at the first failed call, as its ApiError did. How many
    calls were answered SUCCESS, and the last answer."""
    sent = 0
    for request in requests:
        answer = send_like_the_client(day, request)
        if not answer.ok:
            break
        sent += 1
    return sent, answer


def upload_blindly(
    session: Session, inputs: Sequence[resources_pb2.Input], batch: int, retries: int
) -> tuple[int, int, str]:
    """Post batches without ids, a failed batch again at once up to `retries` times: the
    inputs acknowledged, the PostInputs calls made, the first failure met ("" if none)."""
    acknowledged, calls, first_failure = 0, 0, ""
    for start in range(0, len(inputs), batch):
        request = service_pb2.PostInputsRequest(
            user_app_id=session.user_app_id, inputs=inputs[start : start + batch]
        )
        for _ in range(retries + 1):
            calls += 1
            try:
                response = session.stub.PostInputs(request, metadata=session.metadata)
                failure = "" if response.status.code == 10000 else describe(response.status)
            except grpc.RpcError as error:
                failure = f"gRPC {error.code().name}: {error.details()}"
            first_failure = first_failure or failure
            if not failure:
                acknowledged += len(response.inputs)
                break
        else:
            return acknowledged, calls, first_failure  # gave up
    return acknowledged, calls, first_failure
