"""Client-side cropping (CL004): exact pixel sizes, clear errors, and the API's own answer; and a
client-side blur measure where the Focus model answered (CL005)."""

import base64
import io

import pytest
import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from PIL import Image

from cookbook.catalog import ROOT
from recipes.images import blurred, check_crop, crop_box, crop_to_base64, image_size, sharpness
from recipes.inputs import add_inputs

IMAGES = ROOT / "data" / "images"
ASTRONAUT = (IMAGES / "astronaut.jpg").read_bytes()  # 400 x 400


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("crop", "size"),
    [
        ([0.0, 0.0, 1.0, 1.0], (400, 400)),
        ([0.1, 0.2, 0.9, 0.8], (240, 320)),
        ([0.0, 0.25, 0.4, 0.65], (160, 160)),
        ((0.5, 0.5, 0.501, 0.501), (1, 1)),
    ],
)
def test_crop_to_base64_gives_exact_pixel_sizes(crop, size):
    cropped = crop_to_base64((IMAGES / "astronaut.jpg").read_bytes(), crop)
    assert image_size(cropped) == size
    assert Image.open(io.BytesIO(cropped)).format == "JPEG"


def test_crop_box_rounds_edges_half_up():
    assert crop_box(101, 51, [0.5, 0.5, 1.0, 1.0]) == (51, 26, 101, 51)  # 50.5 -> 51, 25.5 -> 26
    assert crop_box(3, 3, [0.0, 0.0, 0.1, 0.1]) == (0, 0, 1, 1)


def test_a_png_stays_a_png():
    cropped = crop_to_base64(png(40, 30), [0.5, 0.5, 1.0, 1.0])
    assert Image.open(io.BytesIO(cropped)).format == "PNG"
    assert image_size(cropped) == (20, 15)


def test_grayscale_images_stay_grayscale():
    cropped = crop_to_base64((IMAGES / "camera.jpg").read_bytes(), [0.1, 0.2, 0.5, 0.6])
    assert Image.open(io.BytesIO(cropped)).mode == "L"
    assert image_size(cropped) == (160, 160)


@pytest.mark.parametrize(
    ("crop", "problem"),
    [
        ([0.1, 0.2, 0.9], "4 numbers"),
        ("0.1,0.2,0.9,0.8", "4 numbers"),
        ([0.1, "x", 0.9, 0.8], "must be numbers"),
        ([0.1, 0.2, 1.2, 0.8], "fractions from 0 to 1"),
        ([-0.1, 0.2, 0.9, 0.8], "fractions from 0 to 1"),
        ([0.9, 0.2, 0.1, 0.8], "top (0.9) must be less than bottom (0.1)"),
        ([0.1, 0.8, 0.9, 0.2], "left (0.8) must be less than right (0.2)"),
    ],
)
def test_invalid_crops_raise_value_error_naming_the_problem(crop, problem):
    with pytest.raises(ValueError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        check_crop(crop)
    with pytest.raises(ValueError):
        crop_to_base64(png(10, 10), crop)


def test_bytes_that_are_not_an_image_raise_value_error():
    with pytest.raises(ValueError, match="not an image"):
        crop_to_base64(b"hello", [0.1, 0.2, 0.9, 0.8])


def stored_size(session, input_id):
    request = service_pb2.GetInputRequest(user_app_id=session.user_app_id, input_id=input_id)
    info = session.stub.GetInput(request, metadata=session.metadata).input.data.image.image_info
    return info.width, info.height


def test_client_crop_matches_what_the_old_api_kept(session):
    """Before the change the API cropped; today the client does: the stored sizes agree."""
    original = (IMAGES / "chelsea.jpg").read_bytes()  # 400 x 266
    crop = [0.05, 0.3, 0.95, 0.7]
    body = {
        "inputs": [
            {"id": "server", "data": {"image": {"base64": base64.b64encode(original).decode(), "crop": crop}}}
        ]
    }
    before = session.as_of("2019-11-19")
    answer = requests.post(before.rest_url("inputs"), json=body, headers=before.rest_headers).json()
    assert answer["status"]["code"] == 10000
    image = resources_pb2.Image(base64=crop_to_base64(original, crop))
    add_inputs(session, [resources_pb2.Input(id="client", data=resources_pb2.Data(image=image))])
    assert stored_size(session, "client") == stored_size(session, "server") == (160, 240)


def test_a_blurred_copy_is_less_sharp_and_more_blur_is_less_sharp_still():
    original = sharpness(ASTRONAUT)
    assert original > sharpness(blurred(ASTRONAUT, 1.0)) > sharpness(blurred(ASTRONAUT, 3.0)) > 0


def test_a_flat_image_has_no_sharpness():
    buffer = io.BytesIO()
    Image.new("RGB", (50, 40), "grey").save(buffer, "PNG")
    assert sharpness(buffer.getvalue()) == 0.0


def test_sharpness_of_bytes_that_are_not_an_image_is_a_value_error():
    with pytest.raises(ValueError, match="not an image"):
        sharpness(b"not an image")
