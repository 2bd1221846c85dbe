"""Hosted input bytes (Secure Data Hosting): inputs are shown with `hosted` URLs on the
emulator's own data host, never with their bytes, and the REST door serves those URLs with the
documented credentials (clarifai-facts.md, CL021)."""

import io

import pytest
import requests
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc
from google.protobuf import json_format
from PIL import Image

from emulator import downloads
from emulator.store import Credential
from tests.helpers import image

SAMPLE = "https://samples.clarifai.com/metro-north.jpg"


def jpeg(width=600, height=400) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def by_bytes(input_id="b", data=None) -> resources_pb2.Input:
    return resources_pb2.Input(
        id=input_id, data=resources_pb2.Data(image=resources_pb2.Image(base64=data or jpeg()))
    )


@pytest.fixture(params=["grpc", "json"])
def door(request, emulator):
    """A V2 stub on the gRPC door or on the REST door (clarifai-grpc's JSON channel)."""
    if request.param == "grpc":
        channel = ClarifaiChannel.get_insecure_grpc_channel(base=emulator.host, port=emulator.grpc_port)
    else:
        channel = ClarifaiChannel.get_json_channel(base_url=emulator.rest_url)
    return service_pb2_grpc.V2Stub(channel)


def posted(door, pat, app_id, inputs):
    request = service_pb2.PostInputsRequest(user_app_id=app_id, inputs=inputs)
    assert door.PostInputs(request, metadata=pat).status.code == 10000
    return {
        i.id: i
        for i in door.ListInputs(service_pb2.ListInputsRequest(user_app_id=app_id), metadata=pat).inputs
    }


def download(hosted, size, **auth):
    return requests.get(f"{hosted.prefix}/{size}/{hosted.suffix}", timeout=10, **auth)


def test_uploaded_bytes_are_never_echoed_but_hosted(emulator, door, pat, app_id):
    shown = posted(door, pat, app_id, [by_bytes()])["b"].data.image
    assert shown.base64 == b""
    assert shown.hosted.prefix == emulator.rest_url
    assert shown.hosted.suffix.startswith(f"users/{app_id.user_id}/apps/{app_id.app_id}/inputs/image/")
    assert list(shown.hosted.sizes) == ["orig", "tiny", "small", "large"]
    assert shown.url == f"{shown.hosted.prefix}/orig/{shown.hosted.suffix}"
    assert (shown.image_info.width, shown.image_info.height, shown.image_info.format) == (600, 400, "JPEG")


def test_get_input_and_list_inputs_give_the_same_hosted_url(door, pat, app_id):
    listed = posted(door, pat, app_id, [by_bytes()])["b"]
    got = door.GetInput(service_pb2.GetInputRequest(user_app_id=app_id, input_id="b"), metadata=pat).input
    assert got.data.image.url == listed.data.image.url


def test_a_listed_input_survives_the_sdks_dict_round_trip(door, pat, app_id):
    """The SDK turns listed inputs into dicts and back into `Input(**d)`: no bytes field may be set."""
    listed = posted(door, pat, app_id, [by_bytes()])["b"]
    again = json_format.ParseDict(json_format.MessageToDict(listed), resources_pb2.Input())
    assert again.data.image.url == listed.data.image.url


def test_a_url_input_keeps_its_url_and_is_hosted_too(door, pat, app_id):
    shown = posted(door, pat, app_id, [image(SAMPLE, "u")])["u"].data.image
    assert shown.url == SAMPLE
    assert list(shown.hosted.sizes) == ["orig", "tiny", "small", "large"]


def test_orig_is_the_uploaded_bytes_and_the_other_sizes_are_smaller(emulator, stub, pat, app_id):
    original = jpeg(1600, 1200)
    hosted = posted(stub, pat, app_id, [by_bytes(data=original)])["b"].data.image.hosted
    auth = {"headers": {"Authorization": "Key " + emulator.account.pat}}
    orig = download(hosted, "orig", **auth)
    assert (orig.status_code, orig.headers["Content-Type"], orig.content) == (200, "image/jpeg", original)
    widths = {}
    for size in ("tiny", "small", "large"):
        reply = download(hosted, size, **auth)
        assert reply.status_code == 200
        widths[size] = Image.open(io.BytesIO(reply.content)).width
        assert download(hosted, size, **auth).content == reply.content  # deterministic
    assert widths["tiny"] < widths["small"] < widths["large"] < 1600


def test_a_url_inputs_orig_is_what_its_url_gives(emulator, stub, pat, app_id):
    hosted = posted(stub, pat, app_id, [image(SAMPLE, "u")])["u"].data.image.hosted
    reply = download(hosted, "orig", headers={"Authorization": "Key " + emulator.account.pat})
    assert reply.content == downloads.fetch(SAMPLE).content


@pytest.mark.parametrize(
    "auth",
    [
        {"headers": {"Authorization": "Key {pat}"}},
        {"headers": {"Authorization": "Key {api_key}"}},
        {"cookies": {"x-clarifai-api-key": "{pat}"}},
        {"cookies": {"x-clarifai-api-key": "{api_key}"}},
    ],
)
def test_the_documented_credentials_download(emulator, stub, pat, app_id, auth):
    hosted = posted(stub, pat, app_id, [by_bytes()])["b"].data.image.hosted
    filled = {
        kind: {k: v.format(**vars(emulator.account)) for k, v in values.items()}
        for kind, values in auth.items()
    }
    assert download(hosted, "orig", **filled).status_code == 200


@pytest.mark.parametrize(
    "auth",
    [
        {"headers": {"Authorization": "Key " + "0" * 32}},
        {"headers": {"X-Clarifai-Session-Token": "0" * 32}},
        {"cookies": {"x-clarifai-api-key": "0" * 32}},
        {"cookies": {"x_clarifai_session_token": "0" * 32}},
    ],
)
def test_a_wrong_credential_is_401(stub, pat, app_id, auth):
    hosted = posted(stub, pat, app_id, [by_bytes()])["b"].data.image.hosted
    assert download(hosted, "orig", **auth).status_code == 401


def test_no_credential_is_404(stub, pat, app_id):
    hosted = posted(stub, pat, app_id, [by_bytes()])["b"].data.image.hosted
    assert download(hosted, "orig").status_code == 404


def test_another_users_credential_and_an_unknown_asset_are_404(emulator, stub, pat, app_id):
    hosted = posted(stub, pat, app_id, [by_bytes()])["b"].data.image.hosted
    other = emulator.store.add_user("someone").add_app("theirs")
    emulator.store.add_credential(Credential("f" * 32, other.user_id, other.id))
    assert download(hosted, "orig", headers={"Authorization": "Key " + "f" * 32}).status_code == 404
    unknown = requests.get(
        f"{hosted.prefix}/orig/users/{app_id.user_id}/apps/{app_id.app_id}/inputs/image/{'0' * 32}",
        headers={"Authorization": "Key " + emulator.account.pat},
        timeout=10,
    )
    assert unknown.status_code == 404


def test_a_deleted_input_is_no_longer_hosted(emulator, stub, pat, app_id):
    hosted = posted(stub, pat, app_id, [by_bytes()])["b"].data.image.hosted
    stub.DeleteInput(service_pb2.DeleteInputRequest(user_app_id=app_id, input_id="b"), metadata=pat)
    for _ in range(3):  # the delete finishes on the virtual clock
        stub.ListInputs(service_pb2.ListInputsRequest(user_app_id=app_id), metadata=pat)
    assert (
        download(hosted, "orig", headers={"Authorization": "Key " + emulator.account.pat}).status_code == 404
    )
