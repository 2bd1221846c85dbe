"""Resource limits: image size as Clarifai documents it, and clients that hoard connections.

Clarifai's upload limits (docs.clarifai.com, create-manage/inputs/upload): 128 inputs a
request (tests/emulator/test_inputs.py), each image less than 20 MB and at most 85 megapixels.
The pixel count is read from the image's header, so a small file declaring a huge image is
refused before any pixel is decoded. Idle connections cost the REST door a thread each for at
most IDLE_TIMEOUT; neither door stops answering a normal client while hundreds are open.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
import zlib

import grpc
import pytest
import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2

from emulator import Emulator, images, rest_door
from tests.reliability.fuzz import PNG
from tests.reliability.state import Baseline, unchanged_unless_accepted
from tests.reliability.world import key

IDLE = 200  # connections a hoarding client opens


@pytest.fixture
def emulator():
    with Emulator(tls=False) as running:
        yield running


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header declares `width` x `height` pixels, with no pixels at all."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def post_image(emulator: Emulator, raw: bytes, input_id: str = "big"):
    from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
    from clarifai_grpc.grpc.api import service_pb2_grpc

    channel = ClarifaiChannel.get_insecure_grpc_channel(base=emulator.host, port=emulator.grpc_port)
    scope = resources_pb2.UserAppIDSet(user_id=emulator.account.user_id, app_id=emulator.account.app_id)
    inputs = [
        resources_pb2.Input(id="small", data=resources_pb2.Data(image=resources_pb2.Image(base64=PNG))),
        resources_pb2.Input(id=input_id, data=resources_pb2.Data(image=resources_pb2.Image(base64=raw))),
    ]
    request = service_pb2.PostInputsRequest(user_app_id=scope, inputs=inputs)
    return service_pb2_grpc.V2Stub(channel).PostInputs(
        request, metadata=key(emulator.account.pat), timeout=30
    )


def test_an_image_of_20_mb_or_more_is_refused_naming_the_limit_and_nothing_is_kept(emulator):
    with unchanged_unless_accepted(emulator, Baseline(emulator)) as answered:
        response = post_image(emulator, PNG + b"\x00" * (images.MAX_BYTES - len(PNG)))
        answered.append(response.status.code)
    assert response.status.code == status_code_pb2.INPUT_INVALID_ARGUMENT
    assert response.status.details == (
        f"Input 'big': the image is {images.MAX_BYTES} bytes; an image must be less than "
        f"{images.MAX_BYTES} bytes (20 MB)."
    )


def test_a_small_file_declaring_more_than_85_megapixels_is_refused_before_decoding(emulator):
    with unchanged_unless_accepted(emulator, Baseline(emulator)) as answered:
        response = post_image(emulator, png_header(10_000, 8_501))
        answered.append(response.status.code)
    assert response.status.code == status_code_pb2.INPUT_INVALID_ARGUMENT
    assert "10000 x 8501 pixels; an image may have at most 85000000 pixels" in response.status.details


def test_images_within_the_limits_are_kept(emulator):
    response = post_image(emulator, PNG, "fine")
    assert response.status.code == status_code_pb2.SUCCESS
    assert [item.id for item in response.inputs] == ["small", "fine"]


def _rest_answers_quickly(emulator: Emulator) -> float:
    started = time.perf_counter()
    reply = requests.get(
        f"{emulator.rest_url}/v2/users/cookbook/apps/migrations/inputs/status",
        headers={"Authorization": f"Key {emulator.account.pat}"},
        timeout=5,
    )
    assert reply.json()["status"]["code"] == status_code_pb2.SUCCESS
    return time.perf_counter() - started


def test_hundreds_of_idle_connections_do_not_stop_either_door(emulator):
    started = time.perf_counter()
    idle = [socket.create_connection((emulator.host, emulator.rest_port), timeout=5) for _ in range(IDLE)]
    burst = time.perf_counter() - started  # with a listen backlog of 5, every 6th waited a 1 s SYN retry
    half = [
        socket.create_connection((emulator.host, emulator.rest_port), timeout=5) for _ in range(IDLE // 2)
    ]
    for connection in half:  # a request that never finishes its body
        connection.sendall(b"POST /v2/inputs HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
    options = [("grpc.use_local_subchannel_pool", 1)]
    channels = [grpc.insecure_channel(emulator.grpc_address, options=options) for _ in range(IDLE)]
    try:
        for channel in channels:
            grpc.channel_ready_future(channel).result(timeout=10)
        assert burst < 1.0
        assert _rest_answers_quickly(emulator) < 2.0
        from clarifai_grpc.grpc.api import service_pb2_grpc

        stub = service_pb2_grpc.V2Stub(channels[-1])
        answer = stub.GetInputCount(
            service_pb2.GetInputCountRequest(), metadata=key(emulator.account.api_key), timeout=5
        )
        assert answer.status.code == status_code_pb2.SUCCESS
    finally:
        for connection in idle + half:
            connection.close()
        for channel in channels:
            channel.close()


def test_the_rest_door_closes_idle_connections_and_frees_their_threads(emulator, monkeypatch):
    monkeypatch.setattr(rest_door, "IDLE_TIMEOUT", 0.3)
    before = threading.active_count()
    idle = [socket.create_connection((emulator.host, emulator.rest_port), timeout=5) for _ in range(50)]
    used = socket.create_connection((emulator.host, emulator.rest_port), timeout=5)
    used.sendall(b"GET /v2/nothing HTTP/1.1\r\nHost: x\r\n\r\n")  # kept alive after its answer
    try:
        answer = b""
        while chunk := used.recv(65536):  # the answer, then the server closes the idle connection
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 404") and answer.endswith(b"}")
        for connection in idle:
            assert connection.recv(1) == b""  # closed by the server (recv would time out otherwise)
        deadline = time.monotonic() + 5
        while threading.active_count() > before + 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert threading.active_count() <= before + 1
    finally:
        for connection in [*idle, used]:
            connection.close()


def test_keep_alive_requests_are_not_held_back_by_nagle(emulator):
    """Headers and body are two writes: with Nagle on, each request waited ~40 ms for an ACK."""
    session = requests.Session()
    url = f"{emulator.rest_url}/v2/users/cookbook/apps/migrations/inputs"
    headers = {"Authorization": f"Key {emulator.account.pat}"}
    session.get(url, headers=headers, timeout=5)  # the connection is made
    started = time.perf_counter()
    for _ in range(20):
        assert session.get(url, headers=headers, timeout=5).status_code == 200
    assert time.perf_counter() - started < 0.5  # 20 x 40 ms would be 0.8 s
