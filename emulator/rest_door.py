"""The REST door: JSON over HTTP on the paths of the service's `google.api.http` bindings.

Routes come from the descriptors, never typed by hand. Bodies are read in the client's form
(proto field names, integer enums); keys that today's protos lack are lifted out as legacy
fields for the dated-change modules, instead of failing to parse.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from clarifai_grpc.grpc.api.status import status_pb2
from google.protobuf import json_format
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from .api import Api
from .descriptors import HttpBinding, Rpc, rpcs
from .legacy import json_with_legacy, split_json
from .statuses import ApiError, status

VARIABLE = re.compile(r"\{([\w.]+)\}")
HTTP_CODES = {  # status code -> HTTP status (provenance: http-codes)
    10000: 200,
    10010: 200,
    10040: 501,
    11007: 403,
    11008: 401,
    11009: 401,
    11100: 400,
    11101: 404,
    11102: 400,
    30102: 404,
    30104: 400,
    39997: 503,  # maintenance and the unreachable service (provenance: cl001-http-503)
    39998: 503,
    40031: 503,
    99009: 500,
}


@dataclass(frozen=True)
class Route:
    """One binding of one RPC, compiled."""

    rpc: Rpc
    binding: HttpBinding
    pattern: re.Pattern
    fields: tuple[str, ...]  # field paths of the path variables, in order

    @property
    def specificity(self) -> tuple[int, ...]:
        """Literal segments sort before variables, so /inputs/status beats /inputs/{id}."""
        return tuple(1 if "{" in part else 0 for part in self.binding.template.split("/"))


def _compile(rpc: Rpc, binding: HttpBinding) -> Route:
    fields = tuple(VARIABLE.findall(binding.template))
    literals = VARIABLE.split(binding.template)[::2]
    regex = "([^/]+)".join(re.escape(literal) for literal in literals)
    return Route(rpc, binding, re.compile(f"^{regex}$"), fields)


def routes() -> dict[str, list[Route]]:
    """Every route by HTTP method, most specific first."""
    table: dict[str, list[Route]] = {}
    for rpc in rpcs().values():
        if rpc.streaming:
            continue
        for binding in rpc.bindings:
            table.setdefault(binding.method, []).append(_compile(rpc, binding))
    for found in table.values():
        found.sort(key=lambda route: route.specificity)
    return table


def _set_path(tree: dict, path: str, value: object) -> None:
    *parents, leaf = path.split(".")
    for part in parents:
        tree = tree.setdefault(part, {})
    tree[leaf] = value


def _query_tree(query: str, request: Message) -> dict:
    tree: dict = {}
    for key, values in parse_qs(query).items():
        field = _field_at(request.DESCRIPTOR, key)
        repeated = field is not None and field.is_repeated
        _set_path(tree, key, values if repeated else values[-1])
    return tree


def _field_at(descriptor, path: str) -> FieldDescriptor | None:
    field = None
    for part in path.split("."):
        if descriptor is None:
            return None
        field = descriptor.fields_by_name.get(part)
        descriptor = field.message_type if field is not None else None
    return field


def response_json(response: Message) -> tuple[int, bytes]:
    """The HTTP status and JSON body of a response, in the client's form."""
    body = json_format.MessageToDict(response, preserving_proto_field_name=True, use_integers_for_enums=True)
    body = json_with_legacy(response, body)
    return HTTP_CODES.get(response.status.code, 400), json.dumps(body).encode()


class RestDoor:
    """Turns an HTTP request into a call on the core, and its response into JSON."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.routes = routes()

    def match(self, method: str, path: str) -> tuple[Route, tuple[str, ...]] | None:
        for route in self.routes.get(method, ()):
            found = route.pattern.match(path)
            if found:
                return route, found.groups()
        return None

    def handle(self, method: str, target: str, headers: dict[str, str], raw: bytes) -> tuple[int, bytes]:
        """Serve one HTTP request; return the HTTP status and the JSON body."""
        url = urlsplit(target)
        matched = self.match(method, url.path)
        if matched is None:
            error = status("CONN_DOES_NOT_EXIST", "no-route", method=method, path=url.path[:200])
            return self._refuse(status_pb2.BaseResponse(status=error))
        route, values = matched
        try:
            request, legacy = self._request(route, values, url.query, raw)
        except ApiError as error:
            return self._refuse(route.rpc.response_class(status=error.status))
        return response_json(self.api.call(route.rpc.name, request, headers, legacy))

    def _refuse(self, response: Message) -> tuple[int, bytes]:
        response.status.req_id = self.api.ids.hex32("req")
        return response_json(response)

    def _request(self, route: Route, values: tuple[str, ...], query: str, raw: bytes):
        request = route.rpc.new_request()
        tree: dict = _query_tree(query, request) if query else {}
        if route.binding.body and raw.strip():
            body = _json_object(raw, request)
            if route.binding.body == "*":
                tree.update(body)
            else:
                tree[route.binding.body] = body
        for path, value in zip(route.fields, values, strict=True):
            _set_path(tree, path, value)
        legacy = split_json(tree, request.DESCRIPTOR)
        try:
            json_format.ParseDict(tree, request)
        except (json_format.ParseError, ValueError, TypeError) as error:
            raise _bad_json(request, error) from None
        return request, legacy


def _bad_json(request: Message, error: object) -> ApiError:
    return ApiError("CONN_BAD_REQUEST_FORMAT", "bad-json", message=request.DESCRIPTOR.name, error=error)


def _json_object(raw: bytes, request: Message) -> dict:
    try:
        body = json.loads(raw)
    except ValueError as error:
        raise _bad_json(request, error) from None
    if not isinstance(body, dict):
        raise _bad_json(request, "the body must be a JSON object")
    return body


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "clarifai-emulator"
    door: RestDoor  # set on the subclass made by start_rest

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = {key.lower(): value for key, value in self.headers.items()}
        code, body = self.door.handle(self.command, self.path, headers, raw)
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

    def log_message(self, format: str, *args: object) -> None:  # requests go to the journal
        pass


def start_rest(api: Api, host: str, port: int) -> tuple[ThreadingHTTPServer, int]:
    """Start the REST door for `api` in a thread; return the server and the port it bound."""
    handler = type("Handler", (_Handler,), {"door": RestDoor(api)})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.05,), name="emulator-rest", daemon=True).start()
    return server, server.server_address[1]
