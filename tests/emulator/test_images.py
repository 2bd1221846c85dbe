"""Images in inputs: decoding, measuring and cropping bytes, and what PostInputs keeps."""

import base64
import io

import pytest
import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from PIL import Image

from cookbook.catalog import ROOT
from emulator import images
from emulator.statuses import provenance

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


def _url_input(input_id: str, url: str) -> resources_pb2.Input:
    return resources_pb2.Input(id=input_id, data=resources_pb2.Data(image=resources_pb2.Image(url=url)))


def test_sample_host_urls_are_downloaded_offline_and_measured(stub, pat, app_id):
    post(stub, pat, app_id, [_url_input("u", "https://samples.clarifai.com/dog2.jpeg")])
    for _ in range(2):  # let the download finish on the virtual clock
        shown = get(stub, pat, app_id, "u").input
    assert shown.status.code == 30000
    assert shown.data.image.image_info.format == "JPEG"
    assert shown.data.image.image_info.width >= 480


def test_file_urls_are_read_for_real(stub, pat, app_id):
    post(stub, pat, app_id, [_url_input("f", (ROOT / "data" / "images" / "astronaut.jpg").as_uri())])
    info = get(stub, pat, app_id, "f").input.data.image.image_info
    assert (info.width, info.height) == (400, 400)


def test_unreachable_urls_fail_the_documented_way(stub, pat, app_id):
    post(stub, pat, app_id, [_url_input("x", "https://no-such-host.invalid/cat.jpg")])
    for _ in range(2):
        status = get(stub, pat, app_id, "x").input.status
    assert (status.code, status.description) == (30002, "Download failed; check URL")
    assert "no-such-host.invalid" in status.details


def test_loopback_urls_are_fetched_for_real(stub, pat, app_id, tmp_path):
    import functools
    import http.server
    import threading

    (tmp_path / "a.jpg").write_bytes((ROOT / "data" / "images" / "chelsea.jpg").read_bytes())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        post(
            stub, pat, app_id, [_url_input("ok", f"{base}/a.jpg"), _url_input("missing", f"{base}/nope.jpg")]
        )
        get(stub, pat, app_id, "ok")
        assert get(stub, pat, app_id, "ok").input.data.image.image_info.width == 400
        missing = get(stub, pat, app_id, "missing").input.status
        assert missing.code == 30002 and missing.details.startswith("404 Client Error")
    finally:
        server.shutdown()


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
