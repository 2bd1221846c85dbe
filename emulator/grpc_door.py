"""The gRPC door: a `V2Servicer` whose every method hands the request to the core.

Methods are made from the service descriptor, so RPCs the emulator does not implement still
answer (a NOT_IMPLEMENTED status naming them) instead of gRPC's bare UNIMPLEMENTED.
"""

from __future__ import annotations

from concurrent import futures

import grpc
from clarifai_grpc.grpc.api import service_pb2_grpc
from google.protobuf.message import DecodeError, Message

from .api import UNREACHABLE, Api
from .descriptors import SERVICE, rpcs
from .descriptors import rpc as rpc_named
from .legacy import from_unknown_fields
from .statuses import status

MAX_MESSAGE = 128 * 1024 * 1024
QUICK_CHECK_BYTES = 64 * 1024  # requests up to this size are checked for unknown fields by a copy


class Undecodable:
    """Request bytes that are no message of the RPC's request type (kept to answer a status)."""

    def __init__(self, message: str, error: DecodeError) -> None:
        self.message, self.error = message, error


def _lenient(request_class: type[Message]):
    """A request deserializer that gives bad bytes to the method instead of failing the call."""

    def parse(raw: bytes) -> Message | Undecodable:
        try:
            return request_class.FromString(raw)
        except DecodeError as error:
            return Undecodable(request_class.DESCRIPTOR.name, error)

    return parse


def _unary(name: str):
    def method(self: EmulatorServicer, request, context: grpc.ServicerContext):
        if isinstance(request, Undecodable):  # found by tests/reliability/test_bad_input.py
            refusal = status(
                "CONN_BAD_REQUEST_FORMAT", "bad-protobuf", message=request.message, error=request.error
            )
            return self.api.refuse(rpc_named(name).response_class(status=refusal), name)
        metadata = {key: value for key, value in context.invocation_metadata() if isinstance(value, str)}
        legacy = from_unknown_fields(request) if _has_unknown_fields(request) else {}
        response = self.api.call(name, request, metadata, legacy)
        if response.status.code == UNREACHABLE:
            context.abort(grpc.StatusCode.UNAVAILABLE, response.status.details or response.status.description)
        return response

    method.__name__ = name
    return method


def _has_unknown_fields(request: Message) -> bool:
    """Whether `request` (or a message inside it) may have unknown fields, where removed fields
    come as; a copy without them tells, cheaper than `from_unknown_fields` walks a request that
    has none (most). A large request is not copied: it is read as it is."""
    size = request.ByteSize()
    if size > QUICK_CHECK_BYTES:
        return True
    known = type(request)()
    known.CopyFrom(request)
    known.DiscardUnknownFields()
    return known.ByteSize() != size


def _streaming(name: str):
    """A streaming RPC (every one streams its responses): one response, 10040 naming it, as the
    REST door answers its paths; the core gives it its id and journals it."""
    response_class = rpc_named(name).response_class

    def method(self: EmulatorServicer, request, context: grpc.ServicerContext):
        refusal = status("NOT_IMPLEMENTED", "streaming-not-implemented", rpc=name)
        yield self.api.refuse(response_class(status=refusal), what=name)

    method.__name__ = name
    return method


class EmulatorServicer(service_pb2_grpc.V2Servicer):
    """The V2 service, served by the emulator's core."""

    def __init__(self, api: Api) -> None:
        self.api = api


for _rpc in rpcs().values():
    setattr(EmulatorServicer, _rpc.name, (_streaming if _rpc.streaming else _unary)(_rpc.name))


def _lenient_handlers(servicer: EmulatorServicer) -> grpc.GenericRpcHandler:
    """The unary methods with lenient deserializers: undecodable bytes get an API status, not
    grpcio's bare INTERNAL "Exception deserializing request!" and a traceback in the log."""
    handlers = {
        rpc.name: grpc.unary_unary_rpc_method_handler(
            getattr(servicer, rpc.name),
            request_deserializer=_lenient(rpc.request_class),
            response_serializer=rpc.response_class.SerializeToString,
        )
        for rpc in rpcs().values()
        if not rpc.streaming
    }
    return grpc.method_handlers_generic_handler(SERVICE.full_name, handlers)


def start_grpc(
    api: Api,
    host: str,
    port: int,
    tls: tuple[int, grpc.ServerCredentials] | None = None,
    workers: int = 16,
) -> tuple[grpc.Server, int, int]:
    """Start the gRPC doors for `api`: plain on `port`, and TLS when `tls` = (port, credentials).

    Both ports belong to one server, so they share its servicer. Return the server and the
    ports bound (the TLS one 0 without TLS). A port in use is an OSError naming it.
    """
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="emulator-grpc"),
        options=[
            ("grpc.max_receive_message_length", MAX_MESSAGE),
            ("grpc.max_send_message_length", MAX_MESSAGE),
            ("grpc.so_reuseport", 0),  # else a second server on a busy port binds without a word
        ],
    )
    servicer = EmulatorServicer(api)
    server.add_generic_rpc_handlers((_lenient_handlers(servicer),))  # asked first: unary RPCs
    service_pb2_grpc.add_V2Servicer_to_server(servicer, server)  # the streaming ones
    try:
        bound = _bind(server.add_insecure_port, f"{host}:{port}")
        tls_bound = (
            _bind(lambda address: server.add_secure_port(address, tls[1]), f"{host}:{tls[0]}") if tls else 0
        )
    except OSError:
        server.stop(grace=None)
        raise
    server.start()
    return server, bound, tls_bound


def _bind(add_port, address: str) -> int:
    try:
        bound = add_port(address)
    except RuntimeError:  # grpcio raises for a port it cannot bind (older ones return 0)
        bound = 0
    if not bound:
        raise OSError(f"cannot listen on {address} (port in use, or not an address of this machine)")
    return bound
