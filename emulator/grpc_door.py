"""The gRPC door: a `V2Servicer` whose every method hands the request to the core.

Methods are made from the service descriptor, so RPCs the emulator does not implement still
answer (a NOT_IMPLEMENTED status naming them) instead of gRPC's bare UNIMPLEMENTED.
"""

from __future__ import annotations

from concurrent import futures

import grpc
from clarifai_grpc.grpc.api import service_pb2_grpc

from .api import UNREACHABLE, Api
from .descriptors import rpcs
from .legacy import from_unknown_fields
from .statuses import details

MAX_MESSAGE = 128 * 1024 * 1024


def _unary(name: str):
    def method(self: EmulatorServicer, request, context: grpc.ServicerContext):
        metadata = {key: value for key, value in context.invocation_metadata() if isinstance(value, str)}
        response = self.api.call(name, request, metadata, from_unknown_fields(request))
        if response.status.code == UNREACHABLE:
            context.abort(grpc.StatusCode.UNAVAILABLE, response.status.details or response.status.description)
        return response

    method.__name__ = name
    return method


def _streaming(name: str):
    def method(self: EmulatorServicer, request, context: grpc.ServicerContext):
        context.abort(grpc.StatusCode.UNIMPLEMENTED, details("streaming-not-implemented", rpc=name))

    method.__name__ = name
    return method


class EmulatorServicer(service_pb2_grpc.V2Servicer):
    """The V2 service, served by the emulator's core."""

    def __init__(self, api: Api) -> None:
        self.api = api


for _rpc in rpcs().values():
    setattr(EmulatorServicer, _rpc.name, (_streaming if _rpc.streaming else _unary)(_rpc.name))


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
    service_pb2_grpc.add_V2Servicer_to_server(EmulatorServicer(api), server)
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
