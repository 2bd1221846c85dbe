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


def start_grpc(api: Api, host: str, port: int, workers: int = 16) -> tuple[grpc.Server, int]:
    """Start a plain gRPC server for `api`; return it and the port it bound."""
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="emulator-grpc"),
        options=[
            ("grpc.max_receive_message_length", MAX_MESSAGE),
            ("grpc.max_send_message_length", MAX_MESSAGE),
        ],
    )
    service_pb2_grpc.add_V2Servicer_to_server(EmulatorServicer(api), server)
    bound = server.add_insecure_port(f"{host}:{port}")
    server.start()
    return server, bound
