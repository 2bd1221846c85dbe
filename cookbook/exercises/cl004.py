"""CL004: add the part of an image that `image.crop` used to keep, cropped on the client."""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from cookbook.exercise import Attempt, Exercise, Expectation
from cookbook.scaffolding import IMAGES
from cookbook.scaffolding.cl004 import px, stored_size
from recipes import delete_all_inputs, wait_for_inputs
from recipes.connect import Session
from recipes.images import crop_box, crop_to_base64, image_size

INPUT_ID = "cl004-ex"
IMAGE = IMAGES / "astronaut.jpg"  # 400 x 400
CROP = [0.1, 0.2, 0.6, 0.9]  # top, left, bottom, right: 280 x 200 px, not square
SAME = 0.95  # a search by the crop scores its own image 1.0, a region 5 % off about 0.76


def _prepare(session: Session) -> dict:
    """An empty app; the id, image bytes and crop the answer is given."""
    delete_all_inputs(session)
    return {"input_id": INPUT_ID, "image_bytes": IMAGE.read_bytes(), "crop": list(CROP)}


def _expected_size(fixture: dict) -> tuple[int, int]:
    left, top, right, bottom = crop_box(*image_size(fixture["image_bytes"]), fixture["crop"])
    return right - left, bottom - top


def _added(attempt: Attempt) -> str:
    if stored_size(attempt.session, INPUT_ID) is None:
        return f"{INPUT_ID} is not in the app: the request was refused or not sent"
    wait_for_inputs(attempt.session, [INPUT_ID])
    return ""


def _size(attempt: Attempt) -> str:
    kept, wanted = stored_size(attempt.session, INPUT_ID), _expected_size(attempt.fixture)
    if all(abs(a - b) <= 1 for a, b in zip(kept, wanted, strict=True)):
        return ""
    whole = kept == image_size(attempt.fixture["image_bytes"])
    return f"the API keeps {px(kept)}{', the whole image' if whole else ''}, not the crop's {px(wanted)}"


def _region(attempt: Attempt) -> str:
    wanted = crop_to_base64(attempt.fixture["image_bytes"], attempt.fixture["crop"])
    image = resources_pb2.Image(base64=wanted)
    rank = resources_pb2.Rank(annotation=resources_pb2.Annotation(data=resources_pb2.Data(image=image)))
    request = service_pb2.PostInputsSearchesRequest(
        user_app_id=attempt.session.user_app_id,
        searches=[resources_pb2.Search(query=resources_pb2.Query(ranks=[rank]))],
    )
    hits = attempt.session.stub.PostInputsSearches(request, metadata=attempt.session.metadata).hits
    score = next((hit.score for hit in hits if hit.input.id == INPUT_ID), 0.0)
    if score > SAME:
        return ""
    return f"a search by the crop scores {INPUT_ID} {score:.2f}: it is another part of the image"


EXERCISE = Exercise(
    change="CL004",
    prepare=_prepare,
    run=lambda answer, session, given: answer(session, **given),
    expectations=(
        Expectation(
            "the input is in the app",
            _added,
            "the API refuses a `crop` key: leave it out and send only the image's bytes as base64.",
        ),
        Expectation(
            "the API keeps the crop's size",
            _size,
            "crop the bytes before sending them: recipes.images.crop_to_base64(image_bytes, crop), "
            "or Pillow's Image.crop with the box in pixels.",
        ),
        Expectation(
            "it is the crop's part of the image",
            _region,
            "the crop is [top, left, bottom, right] in fractions of the height and width; Pillow's crop "
            "wants (left, top, right, bottom) in pixels.",
        ),
    ),
)
