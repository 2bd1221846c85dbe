"""Three doors, one set of handlers: plain gRPC, TLS gRPC and REST answer alike.

The same scenario runs through four clients, each on a fresh emulator with the same seed:
the official gRPC channel (plain and TLS), the official JSON channel, and plain `requests`
the way Clarifai's REST docs call the API. Seeded ids and the virtual clock make the answers
comparable as they are, req_ids and timestamps included. Then the REST door's own refusals.
"""

from __future__ import annotations

import io
import socket
from collections.abc import Callable

import pytest
import requests
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc
from google.protobuf import json_format, text_format
from google.protobuf.message import Message
from PIL import Image

from emulator import Emulator
from emulator.descriptors import rpc as rpc_named
from emulator.handlers import handler_for
from emulator.rest_door import MAX_BODY

UNIMPLEMENTED = "ListTasks"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (12, 8), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


def _scenario(emulator: Emulator) -> list[tuple[str, Message]]:
    """(RPC, request) pairs: add, read, list, a refusal, an RPC the emulator does not implement."""
    scope = resources_pb2.UserAppIDSet(user_id=emulator.account.user_id, app_id=emulator.account.app_id)
    inputs = [
        resources_pb2.Input(id="by-url", data=resources_pb2.Data(image=resources_pb2.Image(url=URL))),
        resources_pb2.Input(id="by-bytes", data=resources_pb2.Data(image=resources_pb2.Image(base64=_png()))),
    ]
    return [
        ("PostInputs", service_pb2.PostInputsRequest(user_app_id=scope, inputs=inputs)),
        ("GetInput", service_pb2.GetInputRequest(user_app_id=scope, input_id="by-bytes")),
        ("ListInputs", service_pb2.ListInputsRequest(user_app_id=scope)),
        ("GetInput", service_pb2.GetInputRequest(user_app_id=scope, input_id="missing")),
        (UNIMPLEMENTED, service_pb2.ListTasksRequest(user_app_id=scope)),
    ]


URL = "https://samples.clarifai.com/metro-north.jpg"


def _metadata(emulator: Emulator) -> tuple[tuple[str, str], ...]:
    return (("authorization", "Key " + emulator.account.pat),)


def _through_stub(stub: service_pb2_grpc.V2Stub, emulator: Emulator) -> list[Message]:
    return [
        getattr(stub, name)(request, metadata=_metadata(emulator)) for name, request in _scenario(emulator)
    ]


def plain_grpc(emulator: Emulator) -> list[Message]:
    channel = ClarifaiChannel.get_insecure_grpc_channel(base=emulator.host, port=emulator.grpc_port)
    return _through_stub(service_pb2_grpc.V2Stub(channel), emulator)


def tls_grpc(emulator: Emulator) -> list[Message]:
    channel = ClarifaiChannel.get_grpc_channel(
        base=f"localhost:{emulator.tls_port}", root_certificates_path=str(emulator.certificate.path)
    )
    return _through_stub(service_pb2_grpc.V2Stub(channel), emulator)


def json_channel(emulator: Emulator) -> list[Message]:
    stub = service_pb2_grpc.V2Stub(ClarifaiChannel.get_json_channel(base_url=emulator.rest_url))
    return _through_stub(stub, emulator)


REST_CALLS = [  # the scenario as Clarifai's REST docs write it
    ("POST", "/inputs", "inputs"),
    ("GET", "/inputs/by-bytes", ""),
    ("GET", "/inputs", ""),
    ("GET", "/inputs/missing", ""),
    ("GET", "/tasks", ""),
]
HTTP_CODES = [200, 200, 200, 404, 501]


def plain_requests(emulator: Emulator) -> list[Message]:
    base = f"{emulator.rest_url}/v2/users/{emulator.account.user_id}/apps/{emulator.account.app_id}"
    headers = {"Authorization": "Key " + emulator.account.pat, "Content-Type": "application/json"}
    answers = []
    for (method, path, body_field), (name, request), code in zip(
        REST_CALLS, _scenario(emulator), HTTP_CODES, strict=True
    ):
        body = None
        if body_field:
            body = {
                body_field: json_format.MessageToDict(request, preserving_proto_field_name=True)[body_field]
            }
        reply = requests.request(method, base + path, json=body, headers=headers, timeout=10)
        assert reply.status_code == code, (name, reply.text)
        answers.append(json_format.ParseDict(reply.json(), rpc_named(name).response_class()))
    return answers


CLIENTS: list[Callable[[Emulator], list[Message]]] = [plain_grpc, tls_grpc, json_channel, plain_requests]


@pytest.fixture(scope="module")
def answers() -> dict[str, list[Message]]:
    assert handler_for(UNIMPLEMENTED) is None, "pick another RPC the emulator does not implement"
    found = {}
    for client in CLIENTS:
        with Emulator() as emulator:
            found[client.__name__] = [_hosted_anywhere(a, emulator) for a in client(emulator)]
    return found


def _hosted_anywhere(answer: Message, emulator: Emulator) -> Message:
    """The answer with the emulator's own address (the prefix of hosted URLs) as "HOST"."""
    return text_format.Parse(str(answer).replace(emulator.store.data_host, "HOST"), type(answer)())


def test_the_scenario_gets_the_answers_it_should(answers):
    codes = [answer.status.code for answer in answers["plain_grpc"]]
    assert codes == [10000, 10000, 10000, 11101, 10040]
    assert [i.id for i in answers["plain_grpc"][2].inputs] == ["by-bytes", "by-url"]
    assert UNIMPLEMENTED in answers["plain_grpc"][4].status.details


@pytest.mark.parametrize("client", [c.__name__ for c in CLIENTS[1:]])
def test_every_door_answers_exactly_as_plain_grpc(answers, client):
    for expected, got in zip(answers["plain_grpc"], answers[client], strict=True):
        assert got == expected, f"{client}: {got.status} vs {expected.status}"


# The REST door's own refusals: always a JSON status and a fitting HTTP code, never a hang.


def _raw(emulator: Emulator, data: bytes) -> bytes:
    """Send raw bytes to the REST door; return all it answers before closing the connection."""
    with socket.create_connection((emulator.host, emulator.rest_port), timeout=10) as connection:
        connection.sendall(data)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    return received


def test_an_unknown_path_is_404_with_a_status(emulator):
    reply = requests.get(emulator.rest_url + "/v3/anything", timeout=10)
    assert (reply.status_code, reply.json()["status"]["code"]) == (404, 11101)


def test_a_wrong_method_is_405_naming_the_methods_the_path_has(emulator):
    reply = requests.put(emulator.rest_url + "/v2/inputs", json={}, timeout=10)
    assert (reply.status_code, reply.json()["status"]["code"]) == (405, 11101)
    assert reply.headers["Allow"] == "DELETE, GET, PATCH, POST"
    assert "DELETE, GET, PATCH, POST" in reply.json()["status"]["details"]


@pytest.mark.parametrize("body", [b"not json", b"\xff\xfe\x00", b"[1, 2]", b'"text"'])
def test_a_body_that_is_not_a_json_object_is_11100(emulator, body):
    reply = requests.post(
        emulator.rest_url + "/v2/inputs", data=body, headers={"Authorization": "Key x"}, timeout=10
    )
    assert (reply.status_code, reply.json()["status"]["code"]) == (400, 11100)


def test_a_huge_body_is_refused_without_being_read(emulator):
    head = f"POST /v2/inputs HTTP/1.1\r\nHost: x\r\nContent-Length: {MAX_BODY + 1}\r\n\r\n".encode()
    answer = _raw(emulator, head + b"{")  # the server answers and closes at once
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b'"code": 11100' in answer and f"the limit is {MAX_BODY} bytes".encode() in answer


def test_a_chunked_body_needs_a_length(emulator):
    answer = _raw(
        emulator,
        b"POST /v2/inputs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
    )
    assert answer.startswith(b"HTTP/1.1 411 ") and b'"code": 11100' in answer


@pytest.mark.parametrize(
    ("request_bytes", "code"),
    [
        (b"nonsense\r\n\r\n", 400),
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414),
        (b"BREW /v2/inputs HTTP/1.1\r\nHost: x\r\n\r\n", 501),
        (b"POST /v2/inputs HTTP/1.1\r\nContent-Length: lots\r\n\r\n", 400),
    ],
)
def test_requests_that_are_not_http_the_door_reads_get_a_json_status(emulator, request_bytes, code):
    answer = _raw(emulator, request_bytes)
    assert answer.startswith(f"HTTP/1.1 {code} ".encode()), answer[:100]
    assert b'"code": 11100' in answer


def test_a_client_that_leaves_mid_body_costs_nothing(emulator):
    with socket.create_connection((emulator.host, emulator.rest_port), timeout=10) as connection:
        connection.sendall(b"POST /v2/inputs HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
    reply = requests.get(emulator.rest_url + "/v2/inputs", headers={"Authorization": "Key x"}, timeout=10)
    assert reply.json()["status"]["code"] == 11008


def test_head_answers_headers_only(emulator):
    reply = requests.head(emulator.rest_url + "/v2/inputs", timeout=10)
    assert reply.status_code == 405 and reply.content == b""


def test_a_bug_behind_the_rest_door_is_a_500_with_a_status(emulator, monkeypatch):
    door = emulator._servers[1].RequestHandlerClass.door

    def broken(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(door, "_request", broken)
    reply = requests.post(emulator.rest_url + "/v2/inputs", json={}, timeout=10)
    assert (reply.status_code, reply.json()["status"]["code"]) == (500, 99009)
