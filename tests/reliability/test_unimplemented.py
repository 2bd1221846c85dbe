"""Every method of the V2 service the emulator does not implement says so, on both doors.

The methods are the service descriptor's without a handler (`tests.reliability.service`).
Over gRPC each gets the raw bytes of an empty request and of one with fields; over REST each
of its `google.api.http` bindings gets an empty body and one with fields, its path filled with
the world's ids. The answer must be NOT_IMPLEMENTED (10040, HTTP 501) with the details of
provenance.csv naming the RPC, within the timeout, and the store must be as it was. Two kinds
Streaming RPCs (every one streams its responses) answer one response with that status over
gRPC. One kind of binding answers otherwise, and is checked as it answers:

- a REST binding that several RPCs share (the service binds PostRunners and PatchRunners to
  one POST path): the door routes it to the first of them, whose name the answer carries.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from urllib.parse import quote

import pytest
import requests
from clarifai_grpc.grpc.api.status import status_code_pb2
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from emulator.descriptors import SERVICE, rpcs
from emulator.descriptors import rpc as rpc_named
from emulator.handlers import HANDLERS
from tests.reliability import fuzz
from tests.reliability.service import UNIMPLEMENTED
from tests.reliability.state import documented_problems, unchanged_unless_accepted
from tests.reliability.tally import Tally
from tests.reliability.world import TIMEOUT, World, key

TALLY = Tally("unimplemented RPCs")
NOT_IMPLEMENTED = status_code_pb2.NOT_IMPLEMENTED
BINDINGS = [(name, index) for name in UNIMPLEMENTED for index in range(len(rpc_named(name).bindings))]
STREAMING = [name for name in UNIMPLEMENTED if rpc_named(name).streaming]


def _sharing() -> dict[tuple[str, str], set[str]]:
    """The RPCs bound to each (HTTP method, path template)."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for rpc in rpcs().values():
        for binding in rpc.bindings:
            found[binding.method, binding.template].add(rpc.name)
    return found


SHARING = _sharing()


def world_ids(world: World) -> dict[str, str]:
    """The ids the world made, by the name of the field that holds such an id."""
    version = world.emulator.store.app(world.account.user_id, world.account.app_id).models["pets"].version()
    return {
        "user_id": world.account.user_id,
        "app_id": world.account.app_id,
        "model_id": "pets",
        "version_id": version.version.id,
        "model_version_id": version.version.id,
        "input_id": "in-0000",
        "workflow_id": "general",
        "concept_id": "dog",
        "dataset_id": "pets-set",
        "dataset_version_id": "v1",
        "key_id": world.other_app_key,
        "inputs_extraction_job_id": world.extraction_id,
    }


def _scalar(field: FieldDescriptor, ids: dict[str, str]) -> object:
    """A plain value of the field's type: the world's id for an id field."""
    if field.type == FieldDescriptor.TYPE_STRING:
        return ids.get(field.name, f"{field.name}-1")
    if field.type == FieldDescriptor.TYPE_BYTES:
        return fuzz.PNG
    if field.type == FieldDescriptor.TYPE_BOOL:
        return True
    if field.type in (FieldDescriptor.TYPE_FLOAT, FieldDescriptor.TYPE_DOUBLE):
        return 0.5
    if field.type == FieldDescriptor.TYPE_ENUM:
        return field.enum_type.values[-1].number
    return 1


def filled(message: Message, ids: dict[str, str], depth: int = 0) -> Message:
    """`message` with every field set (the first member of each oneof), nested messages one
    level deep; maps and the fields of well-known types are left empty."""
    for field in message.DESCRIPTOR.fields:
        oneof = field.containing_oneof
        if oneof is not None and message.WhichOneof(oneof.name) is not None:
            continue
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            continue
        if field.message_type is None:
            value = _scalar(field, ids)
            if field.is_repeated:
                getattr(message, field.name).append(value)
            else:
                setattr(message, field.name, value)
            continue
        child = getattr(message, field.name).add() if field.is_repeated else getattr(message, field.name)
        child.SetInParent()
        if depth < 1 and not field.message_type.full_name.startswith("google.protobuf."):
            filled(child, ids, depth + 1)
    return message


def requests_of(rpc_name: str, ids: dict[str, str]) -> dict[str, Message]:
    """The two requests each door sends: an empty one and one with fields."""
    rpc = rpc_named(rpc_name)
    return {"empty": rpc.new_request(), "with fields": filled(rpc.new_request(), ids)}


def names_the_rpc(details: str, rpc_names: set[str]) -> bool:
    return any(re.search(rf"\b{name}\b", details) for name in rpc_names)


@pytest.mark.parametrize("rpc_name", [name for name in UNIMPLEMENTED if name not in STREAMING])
def test_grpc_answers_10040_naming_the_rpc_and_changes_nothing(world, baseline, rpc_name):
    rpc = rpc_named(rpc_name)
    send = world.channel.unary_unary(
        f"/{SERVICE.full_name}/{rpc_name}",
        request_serializer=None,  # raw bytes, as test_bad_input sends them
        response_deserializer=rpc.response_class.FromString,
    )
    for kind, request in requests_of(rpc_name, world_ids(world)).items():
        with unchanged_unless_accepted(world.emulator, baseline) as answered:
            with TALLY.timed("gRPC"):
                response = send(request.SerializeToString(), metadata=key(world.account.pat), timeout=TIMEOUT)
            answered.append(response.status.code)
            TALLY.count("gRPC", status_code_pb2.StatusCode.Name(response.status.code))
            assert response.status.code == NOT_IMPLEMENTED, f"{kind}: {response.status}"
            assert names_the_rpc(response.status.details, {rpc_name}), response.status.details
            assert not documented_problems(response.status)


@pytest.mark.parametrize("rpc_name", STREAMING)
def test_grpc_streaming_rpcs_answer_one_10040_naming_the_rpc_and_change_nothing(world, baseline, rpc_name):
    method = SERVICE.methods_by_name[rpc_name]
    path, response_class = f"/{SERVICE.full_name}/{rpc_name}", rpc_named(rpc_name).response_class
    for kind, request in requests_of(rpc_name, world_ids(world)).items():
        raw = request.SerializeToString()
        with unchanged_unless_accepted(world.emulator, baseline) as answered:
            with TALLY.timed("gRPC"):
                if method.client_streaming:
                    call = world.channel.stream_stream(path, None, response_class.FromString)
                    responses = list(call(iter([raw]), metadata=key(world.account.pat), timeout=TIMEOUT))
                else:
                    call = world.channel.unary_stream(path, None, response_class.FromString)
                    responses = list(call(raw, metadata=key(world.account.pat), timeout=TIMEOUT))
            assert len(responses) == 1, f"{kind}: {len(responses)} responses"
            response = responses[0]
            answered.append(response.status.code)
            TALLY.count("gRPC", status_code_pb2.StatusCode.Name(response.status.code))
            assert response.status.code == NOT_IMPLEMENTED, f"{kind}: {response.status}"
            assert names_the_rpc(response.status.details, {rpc_name}), response.status.details
            assert not documented_problems(response.status)


def _field(descriptor, path: str) -> FieldDescriptor:
    """The field at a dotted path of a message, e.g. `user_app_id.user_id`."""
    *parents, leaf = path.split(".")
    for part in parents:
        descriptor = descriptor.fields_by_name[part].message_type
    return descriptor.fields_by_name[leaf]


def _path(template: str, request: Message, ids: dict[str, str]) -> str:
    """`template` with each variable the world's id for it (a number or an enum name for a field
    of such a type), percent-encoded."""
    path = template
    for name in fuzz.path_variables(template):
        field = _field(request.DESCRIPTOR, name)
        if field.type == FieldDescriptor.TYPE_ENUM:
            value = field.enum_type.values[-1].name
        elif field.type in (FieldDescriptor.TYPE_STRING, FieldDescriptor.TYPE_BYTES):
            value = ids.get(name.rpartition(".")[2], f"{field.name}-1")
        else:
            value = "1"
        path = path.replace("{" + name + "}", quote(value, safe=""))
    return path


@pytest.mark.parametrize(("rpc_name", "index"), BINDINGS)
def test_rest_answers_10040_naming_the_rpc_at_each_binding_and_changes_nothing(
    world, baseline, rpc_name, index
):
    binding = rpc_named(rpc_name).bindings[index]
    ids = world_ids(world)
    sharing = SHARING[binding.method, binding.template]
    headers = {"Authorization": f"Key {world.account.pat}", "Content-Type": "application/json"}
    for kind, request in requests_of(rpc_name, ids).items():
        url = world.emulator.rest_url + _path(binding.template, request, ids)
        body = json.dumps(fuzz.proto_json(request)).encode() if binding.body else b""
        with unchanged_unless_accepted(world.emulator, baseline) as answered:
            with TALLY.timed("REST"):
                reply = requests.request(binding.method, url, data=body, headers=headers, timeout=TIMEOUT)
            status = reply.json()["status"]
            answered.append(int(status.get("code", 0)))
            name = status_code_pb2.StatusCode.Name(int(status.get("code", 0)))
            TALLY.count("REST", f"{name} (HTTP {reply.status_code})")
            assert (reply.status_code, status.get("code")) == (501, NOT_IMPLEMENTED), (
                f"{kind} {url}: {status}"
            )
            assert names_the_rpc(status.get("details", ""), sharing), f"{sharing}: {status}"
            assert not documented_problems(status)


def test_the_unimplemented_rpcs_are_the_service_methods_without_a_handler():
    service = {method.name for method in SERVICE.methods}
    assert set(UNIMPLEMENTED) == service - set(HANDLERS)
    assert STREAMING, "the service has streaming RPCs: the test of their gRPC answer must see them"
    assert all(rpc_named(name).bindings for name in UNIMPLEMENTED), "every method has a REST path"
