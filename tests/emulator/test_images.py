"""Images in inputs: decoding, measuring and cropping bytes, and what PostInputs keeps."""

import base64
import io

import pytest
import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from PIL import Image

from emulator import images
from emulator.statuses import provenance
from recipes.catalog import ROOT

ASTRONAUT = (ROOT / "data" / "images" / "astronaut.jpg").read_bytes()


def encoded(size=(40, 30), mode="RGB", format="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "white").save(buffer, format)
    return buffer.getvalue()


def image_input(data: bytes, input_id: str) -> resources_pb2.Input:
    return resources_pb2.Input(id=input_id, data=resources_pb2.Data(image=resources_pb2.Image(base64=data)))


def post(stub, pat, app_id, inputs):
    return stub.PostInputs(service_pb2.PostInputsRequest(user_app_id=app_id, inputs=inputs), metadata=pat)


def get(stub, pat, app_id, input_id):
    return stub.GetInput(service_pb2.GetInputRequest(user_app_id=app_id, input_id=input_id), metadata=pat)


def test_image_info_of_the_shipped_astronaut():
    info = images.image_info(ASTRONAUT)
    assert (info.width, info.height, info.format, info.color_mode) == (400, 400, "JPEG", "RGB")


def test_image_info_of_a_grayscale_png():
    info = images.image_info(encoded((7, 5), mode="L"))
    assert (info.width, info.height, info.format, info.color_mode) == (7, 5, "PNG", "L")


@pytest.mark.parametrize("data", [b"", b"not an image", ASTRONAUT[:200]])
def test_bytes_that_are_not_a_whole_image_raise_image_error(data):
    with pytest.raises(images.ImageError):
        images.decode(data)


@pytest.mark.parametrize(
    ("crop", "box"),
    [
        ((0.0, 0.0, 1.0, 1.0), (0, 0, 40, 30)),
        ((0.1, 0.25, 0.9, 0.75), (10, 3, 30, 27)),
        ((0.5, 0.5, 0.5001, 0.5001), (20, 15, 21, 16)),  # less than a pixel keeps one
        ((0.99, 0.99, 1.0, 1.0), (39, 29, 40, 30)),
    ],
)
def test_pixel_box_rounds_half_up_and_keeps_at_least_one_pixel(crop, box):
    assert images.pixel_box(40, 30, crop) == box


def test_float32_crop_values_give_the_same_pixels_as_exact_ones():
    import struct

    exact = (0.1, 0.2, 0.9, 0.8)
    as_sent = struct.unpack("<4f", struct.pack("<4f", *exact))  # what a gRPC client sends
    assert images.pixel_box(400, 400, as_sent) == images.pixel_box(400, 400, exact) == (80, 40, 320, 360)


def test_crop_keeps_the_format_and_gives_the_cropped_size():
    cropped = images.crop(ASTRONAUT, [0.0, 0.25, 0.4, 0.65])
    info = images.image_info(cropped)
    assert (info.width, info.height, info.format) == (160, 160, "JPEG")
    png = images.image_info(images.crop(encoded(), [0.5, 0.5, 1.0, 1.0]))
    assert (png.width, png.height, png.format) == (20, 15, "PNG")


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ([0.1, 0.2, 0.9], "crop-shape"),
        ("0.1,0.2,0.9,0.8", "crop-shape"),
        ([0.1, "a", 0.9, 0.8], "crop-shape"),
        ([True, 0.2, 0.9, 0.8], "crop-shape"),
        ([0.1, 0.2, 1.5, 0.8], "crop-range"),
        ([-0.1, 0.2, 0.9, 0.8], "crop-range"),
        ([float("nan"), 0.2, 0.9, 0.8], "crop-range"),
        ([0.9, 0.2, 0.1, 0.8], "crop-order"),
        ([0.1, 0.5, 0.9, 0.5], "crop-order"),
    ],
)
def test_invalid_crops_name_their_problem(values, key):
    with pytest.raises(images.CropError) as raised:
        images.check_crop(values)
    assert raised.value.key == key


def test_every_crop_problem_has_a_details_text():
    for key in images.CROP_PROBLEMS:
        assert ("details", key) in provenance()


def test_post_inputs_measures_base64_images(stub, pat, app_id):
    response = post(stub, pat, app_id, [image_input(ASTRONAUT, "astro"), image_input(encoded(), "png")])
    assert response.status.code == 10000
    assert response.inputs[0].data.image.image_info.width == 400
    shown = get(stub, pat, app_id, "png").input.data.image.image_info
    assert (shown.width, shown.height, shown.format, shown.color_mode) == (40, 30, "PNG", "RGB")


def test_url_images_get_no_image_info(stub, pat, app_id):
    url_input = resources_pb2.Input(
        id="u",
        data=resources_pb2.Data(image=resources_pb2.Image(url="https://samples.clarifai.com/dog2.jpeg")),
    )
    post(stub, pat, app_id, [url_input])
    assert not get(stub, pat, app_id, "u").input.data.image.HasField("image_info")


def test_undecodable_bytes_refuse_the_whole_batch(stub, pat, app_id):
    response = post(
        stub, pat, app_id, [image_input(ASTRONAUT, "good"), image_input(b"\x89PNG oops", "broken")]
    )
    status = response.status
    assert (status.code, status.description) == (30104, "Input invalid argument")
    assert "'broken'" in status.details
    assert get(stub, pat, app_id, "good").status.code == 11101
    listed = stub.ListInputs(service_pb2.ListInputsRequest(user_app_id=app_id), metadata=pat)
    assert list(listed.inputs) == []


def test_rest_base64_images_are_measured_and_bad_ones_refused(emulator):
    url = emulator.rest_url + "/v2/inputs"
    headers = {"Authorization": "Key " + emulator.account.api_key}
    good = {"id": "r", "data": {"image": {"base64": base64.b64encode(ASTRONAUT).decode()}}}
    answer = requests.post(url, json={"inputs": [good]}, headers=headers).json()
    assert answer["inputs"][0]["data"]["image"]["image_info"]["height"] == 400
    bad = {"id": "b", "data": {"image": {"base64": base64.b64encode(b"hello").decode()}}}
    refused = requests.post(url, json={"inputs": [bad]}, headers=headers).json()["status"]
    assert refused["code"] == 30104 and "'b'" in refused["details"]
