"""CL021: download inputs' hosted bytes when old inputs are on public S3 and new ones on SDH."""

from __future__ import annotations

import datetime as dt

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from cookbook.exercise import Attempt, Exercise, Expectation, day_after
from cookbook.scaffolding import IMAGES
from recipes import wait_for_deleted
from recipes.connect import Session
from recipes.hosted import hosted_url, is_sdh_url

OLD_INPUT, NEW_INPUT = "cl021-yours-old", "cl021-yours-new"  # added the day before, the day of
PHOTOS = {OLD_INPUT: "coffee.jpg", NEW_INPUT: "chelsea.jpg"}
DAY_BEFORE = day_after("CL021") - dt.timedelta(days=2)  # the last day of public S3 uploads


def photo(input_id: str) -> bytes:
    """The bytes uploaded as `input_id`: a photo of the repository's data/images/."""
    return (IMAGES / PHOTOS[input_id]).read_bytes()


def upload(session: Session, input_id: str) -> None:
    """PostInputs with the photo's bytes, as of the session's day."""
    image = resources_pb2.Image(base64=photo(input_id))
    item = resources_pb2.Input(id=input_id, data=resources_pb2.Data(image=image))
    request = service_pb2.PostInputsRequest(user_app_id=session.user_app_id, inputs=[item])
    reply = session.stub.PostInputs(request, metadata=session.metadata)
    assert reply.status.code == 10000, reply.status.description


def fresh_inputs(session: Session) -> list[str]:
    """The two inputs, made anew: OLD_INPUT the day before the change (a public S3 file),
    NEW_INPUT on the session's day (an SDH one)."""
    ids = list(PHOTOS)
    delete = service_pb2.DeleteInputsRequest(user_app_id=session.user_app_id, ids=ids)
    session.stub.DeleteInputs(delete, metadata=session.metadata)  # what an earlier check left
    wait_for_deleted(session, ids)
    upload(session.as_of(DAY_BEFORE), OLD_INPUT)
    upload(session, NEW_INPUT)
    return ids


def url_kind(session: Session, input_id: str) -> str:
    """`an SDH URL` or `a public S3 URL`: what GetInput answers for the input."""
    request = service_pb2.GetInputRequest(user_app_id=session.user_app_id, input_id=input_id)
    image = session.stub.GetInput(request, metadata=session.metadata).input.data.image
    return "an SDH URL" if is_sdh_url(hosted_url(image)) else "a public S3 URL"


def came_back(attempt: Attempt, input_id: str) -> str:
    """ "" when the answer returned the input's bytes, else what it returned instead."""
    if not isinstance(attempt.result, dict):
        return f"it returned {type(attempt.result).__name__}, not a dict of bytes by input id"
    got = attempt.result.get(input_id)
    if got == photo(input_id):
        return ""
    shown = (
        f"{len(got)} bytes, not the {len(photo(input_id))} of its image"
        if isinstance(got, bytes)
        else repr(got)[:40]
    )
    return f"{input_id} ({url_kind(attempt.session, input_id)}) came back as {shown}"


EXERCISE = Exercise(
    change="CL021",
    prepare=fresh_inputs,
    run=lambda answer, session, ids: answer(session, ids),
    expectations=(
        Expectation(
            f"the new input's bytes come back ({NEW_INPUT}, on SDH)",
            lambda attempt: came_back(attempt, NEW_INPUT),
            "an SDH URL needs your token: send the header Authorization with the session's "
            "credential (dict(session.metadata)['authorization']), and check the HTTP status.",
        ),
        Expectation(
            f"the old input's bytes come back ({OLD_INPUT}, on public S3)",
            lambda attempt: came_back(attempt, OLD_INPUT),
            "a public S3 URL refuses a request that carries a token: send it only when "
            "recipes.hosted.is_sdh_url(url) says the URL is an SDH one.",
        ),
    ),
)
