"""Removed fields both ways: lifted out of old requests, attached to old-style responses."""

import pytest
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from google.protobuf import json_format

from emulator import legacy

DECLARED = {
    "clarifai.api.DeleteInputsRequest": {3: ("delete_all", "bool")},
    "clarifai.api.Image": {3: ("crop", "floats")},
    "clarifai.api.Data": {
        4: ("face", "message:clarifai.api.legacy.Face"),
        10: ("focus", "message:clarifai.api.legacy.Focus"),
    },
}


@pytest.fixture(autouse=True)
def declared(monkeypatch):
    monkeypatch.setattr(legacy, "legacy_fields", lambda: DECLARED)
    legacy._carriers.cache_clear()
    yield
    legacy._carriers.cache_clear()


def test_unknown_json_keys_are_lifted_out_by_path():
    body = {"inputs": [{"data": {"image": {"url": "u", "crop": [0.1, 0.2, 0.9, 0.8]}}}], "delete_all": True}
    found = legacy.split_json(body, service_pb2.PostInputsRequest.DESCRIPTOR)
    assert found == {"inputs[0].data.image.crop": [0.1, 0.2, 0.9, 0.8], "delete_all": True}
    assert body == {"inputs": [{"data": {"image": {"url": "u"}}}]}


def test_camel_case_keys_are_known_fields():
    body = {"userAppId": {"appId": "a"}}
    assert legacy.split_json(body, service_pb2.ListInputsRequest.DESCRIPTOR) == {}


def test_grpc_unknown_fields_are_decoded_at_depth():
    request = service_pb2.PostInputsRequest(inputs=[resources_pb2.Input(data=resources_pb2.Data())])
    legacy.attach(request.inputs[0].data.image, "crop", [0.25, 0.5, 0.75, 1.0])
    parsed = service_pb2.PostInputsRequest.FromString(request.SerializeToString())
    assert legacy.from_unknown_fields(parsed) == {"inputs[0].data.image.crop": [0.25, 0.5, 0.75, 1.0]}


def test_attached_messages_reach_old_clients_and_json():
    response = service_pb2.MultiOutputResponse(outputs=[resources_pb2.Output(id="o")])
    face = {"age_appearance": {"concepts": [{"id": "ai_fbRxTRbd", "name": "46", "value": 0.5}]}}
    legacy.attach(response.outputs[0].data, "face", face)
    legacy.attach(response.outputs[0].data, "focus", {"density": 0.5, "value": 0.25})
    wire = service_pb2.MultiOutputResponse.FromString(response.SerializeToString())
    body = json_format.MessageToDict(wire, preserving_proto_field_name=True)
    body = legacy.json_with_legacy(wire, body)
    assert body["outputs"][0]["data"]["face"] == face
    assert body["outputs"][0]["data"]["focus"] == {"density": 0.5, "value": 0.25}


def test_attaching_an_undeclared_field_is_a_programming_error():
    with pytest.raises(KeyError, match="clarifai.api.Data.colour"):
        legacy.attach(resources_pb2.Data(), "colour", 1)


def _image_with_raw_crop(extra: bytes) -> service_pb2.PostInputsRequest:
    request = service_pb2.PostInputsRequest(inputs=[resources_pb2.Input(data=resources_pb2.Data())])
    request.inputs[0].data.image.MergeFromString(extra)
    return service_pb2.PostInputsRequest.FromString(request.SerializeToString())


def test_unpacked_repeated_floats_accumulate():
    import struct

    entries = b"".join(bytes([3 << 3 | 5]) + struct.pack("<f", value) for value in (0.25, 0.5, 0.75, 1.0))
    found = legacy.from_unknown_fields(_image_with_raw_crop(entries))
    assert found == {"inputs[0].data.image.crop": [0.25, 0.5, 0.75, 1.0]}


def test_malformed_entries_read_as_malformed_not_a_crash():
    packed_badly = bytes([3 << 3 | 2, 3, 1, 2, 3])  # 3 bytes cannot be floats
    found = legacy.from_unknown_fields(_image_with_raw_crop(packed_badly))
    assert found == {"inputs[0].data.image.crop": legacy.MALFORMED}
