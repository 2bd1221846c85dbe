"""The REST door: JSON over HTTP on the paths of the service's `google.api.http` bindings.

Routes come from the descriptors, never typed by hand. Bodies are read in the client's form
(proto field names, integer enums); keys that today's protos lack are lifted out as legacy
fields for the dated-change modules, instead of failing to parse.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from clarifai_grpc.grpc.api.status import status_pb2
from clarifai_grpc.grpc.api.utils import extensions_pb2
from google.protobuf import json_format
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from . import hosted, hosted_files, s3
from .api import Api
from .auth import credential_for, token_from
from .changes import read_catalog
from .descriptors import HttpBinding, Rpc, rpcs
from .legacy import json_with_legacy, split_json
from .progress import Room
from .statuses import ApiError, status

VARIABLE = re.compile(r"\{([\w.]+)\}")
MAX_BODY = 128 * 1024 * 1024  # the gRPC door's message limit (provenance: rest-limits)
READ_TIMEOUT = 60.0  # seconds a client may take to send its request
IDLE_TIMEOUT = 10.0  # seconds a kept-alive connection may wait for its next request (each holds a thread)
INFO_PATH = "/emulator/info"  # emulator-only: the gRPC ports, so a remote client needs only this door
PROGRESS_PATH = "/emulator/progress"  # emulator-only: check results in, the leader's table out
PROGRESS_METHODS = ["GET", "POST"]
log = logging.getLogger(__name__)
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


def routes(streaming: bool = False) -> dict[str, list[Route]]:
    """Every route of the unary RPCs (of the streaming ones with `streaming`) by HTTP method,
    most specific first."""
    table: dict[str, list[Route]] = {}
    for rpc in rpcs().values():
        if rpc.streaming != streaming:
            continue
        for binding in rpc.bindings:
            table.setdefault(binding.method, []).append(_compile(rpc, binding))
    for found in table.values():
        found.sort(key=lambda route: route.specificity)
    return table


def _set_path(tree: dict, path: str, value: object) -> None:
    """Set `value` at a dotted path; a TypeError names a part that is JSON but no object."""
    *parents, leaf = path.split(".")
    for part in parents:
        if tree.get(part) is None:  # null is the default value in proto JSON: an empty message
            tree[part] = {}
        tree = tree[part]
        if not isinstance(tree, dict):
            raise TypeError(f'"{part}" must be a JSON object, not {type(tree).__name__}')
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


_EMPTY_JSON = {  # proto3 JSON of a zero scalar; 64-bit integers are strings
    FieldDescriptor.CPPTYPE_INT64: "0",
    FieldDescriptor.CPPTYPE_UINT64: "0",
    FieldDescriptor.CPPTYPE_DOUBLE: 0.0,
    FieldDescriptor.CPPTYPE_FLOAT: 0.0,
    FieldDescriptor.CPPTYPE_BOOL: False,
    FieldDescriptor.CPPTYPE_STRING: "",
}


def _empty_json(field: FieldDescriptor) -> object:
    if field.is_repeated:
        return {} if field.message_type is not None and field.message_type.GetOptions().map_entry else []
    if field.type == FieldDescriptor.TYPE_BYTES:
        return ""
    return _EMPTY_JSON.get(field.cpp_type, 0)  # int32s and enums (as integers)


def show_if_empty(message: Message, body: dict) -> dict:
    """`body` (the JSON of `message`) with every field marked `cl_show_if_empty` printed even
    when empty, as the real API prints them: a JSON client fills an absent one with its
    `cl_default_float` (an absent Concept.value reads as 1.0, not 0). Singular messages and
    oneof members are left alone, as clarifai-grpc's own printer does."""
    for field in message.DESCRIPTOR.fields:
        if field.message_type is not None and field.name in body:
            _show_nested(field, getattr(message, field.name), body[field.name])
            continue
        options = field.GetOptions()
        if not options.Extensions[extensions_pb2.cl_show_if_empty] or field.containing_oneof is not None:
            continue
        if field.is_repeated or field.message_type is None:
            body.setdefault(field.name, _empty_json(field))
    return body


def _show_nested(field: FieldDescriptor, value: object, shown: object) -> None:
    """Apply `show_if_empty` inside a message field's JSON (skipping well-known types, whose
    JSON is not their fields)."""
    kind = field.message_type
    if kind.GetOptions().map_entry:
        value_field = kind.fields_by_name["value"]
        if value_field.message_type is not None and isinstance(shown, dict):
            for key, item in value.items():
                _show_nested(value_field, item, shown.get(str(key)))
        return
    if kind.full_name.startswith("google.protobuf."):
        return
    if field.is_repeated and isinstance(shown, list):
        for item, item_json in zip(value, shown, strict=False):
            if isinstance(item_json, dict):
                show_if_empty(item, item_json)
    elif isinstance(shown, dict):
        show_if_empty(value, shown)


def response_json(response: Message) -> tuple[int, bytes]:
    """The HTTP status and JSON body of a response, in the client's form."""
    body = json_format.MessageToDict(response, preserving_proto_field_name=True, use_integers_for_enums=True)
    body = json_with_legacy(response, show_if_empty(response, body))
    return HTTP_CODES.get(response.status.code, 400), json.dumps(body).encode()


class RestDoor:
    """Turns an HTTP request into a call on the core, and its response into JSON."""

    def __init__(self, api: Api, info: dict | None = None, room: Room | None = None) -> None:
        self.api = api
        self.routes = routes()
        # The door serves no streams: a streaming RPC's paths answer 10040 naming it (after the
        # unary routes, so ListLogEntries keeps the paths it shares with StreamLogEntries).
        self.streaming = routes(streaming=True)
        self.info = info  # what GET /emulator/info answers (emulator-only; provenance: emulator-info)
        # what /emulator/progress keeps and shows (emulator-only; provenance: emulator-progress)
        self.room = room
        self.exercises = frozenset(read_catalog()) if room is not None else frozenset()

    def hosted(self, method: str, target: str, headers: dict[str, str]) -> hosted.Served | None:
        """A download of hosted input bytes or of a file the API made, such as a dataset export
        (GET or HEAD on a hosted URL's path), or None: the emulator is the data host of the
        inputs it keeps (`emulator.hosted`) and of its files (`emulator.hosted_files`)."""
        if method not in ("GET", "HEAD"):
            return None
        path, store = urlsplit(target).path, self.api.store
        now = self.api.clock.now
        made = hosted_files.serve(store, path, headers)
        return made or s3.serve(store, path, headers, now) or hosted.serve(store, path, headers, now)

    def match(self, method: str, path: str, streaming: bool = False) -> tuple[Route, tuple[str, ...]] | None:
        for route in (self.streaming if streaming else self.routes).get(method, ()):
            found = route.pattern.match(path)
            if found:
                return route, tuple(unquote(value) for value in found.groups())  # /inputs/a%20b is 'a b'
        return None

    def methods_for(self, path: str) -> list[str]:
        """The HTTP methods some route answers on `path`."""
        if path == PROGRESS_PATH and self.room is not None:
            return PROGRESS_METHODS
        return sorted(
            {
                method
                for table in (self.routes, self.streaming)
                for method, found in table.items()
                if any(r.pattern.match(path) for r in found)
            }
        )

    def handle(self, method: str, target: str, headers: dict[str, str], raw: bytes) -> tuple[int, bytes]:
        """Serve one HTTP request; return the HTTP status and the JSON body."""
        url = urlsplit(target)
        if url.path == INFO_PATH and method == "GET" and self.info is not None:
            return 200, json.dumps(self.info).encode()  # no credential, no tick: not part of the API
        if url.path == PROGRESS_PATH and self.room is not None:
            return self._progress(method, headers, raw)
        matched = self.match(method, url.path)
        if matched is None:
            return self._streaming_or_no_route(method, url.path)
        route, values = matched
        try:
            request, legacy = self._request(route, values, url.query, raw)
        except ApiError as error:
            return self.refuse(error.status, response_class=route.rpc.response_class, what=route.rpc.name)
        return response_json(self.api.call(route.rpc.name, request, headers, legacy))

    def _progress(self, method: str, headers: dict[str, str], raw: bytes) -> tuple[int, bytes]:
        """POST: record the caller's check result; GET: the leader's table. No tick, and only
        refusals are journaled: neither is a call of the API."""
        what = f"{method} {PROGRESS_PATH}"
        if method not in PROGRESS_METHODS:
            return self._no_route(method, PROGRESS_PATH)
        try:
            token = token_from(headers)
            if method == "GET":
                return self._progress_table(token)
            user_id = credential_for(token, self.api.store).user_id
            exercise, passed = _progress_report(raw, self.exercises)
        except ApiError as error:
            return self.refuse(error.status, what=what)
        self.room.board.record(user_id, exercise, passed)
        return response_json(status_pb2.BaseResponse(status=status("SUCCESS")))

    def _progress_table(self, token: str) -> tuple[int, bytes]:
        leader = self.room.leader_token
        if not leader or not secrets.compare_digest(token.encode(), leader.encode()):
            raise ApiError("CONN_KEY_INVALID", "leader-only")
        code, body = response_json(status_pb2.BaseResponse(status=status("SUCCESS")))
        return code, json.dumps(json.loads(body) | {"table": self.room.table()}).encode()

    def _streaming_or_no_route(self, method: str, path: str) -> tuple[int, bytes]:
        """A streaming RPC's path: 10040 (HTTP 501) in the gRPC door's words, naming it; else no route."""
        matched = self.match(method, path, streaming=True)
        if matched is None:
            return self._no_route(method, path[:200])
        rpc = matched[0].rpc
        refusal = status("NOT_IMPLEMENTED", "streaming-not-implemented", rpc=rpc.name)
        return self.refuse(refusal, response_class=rpc.response_class, what=rpc.name)

    def _no_route(self, method: str, path: str) -> tuple[int, bytes]:
        allowed = self.methods_for(path)
        if not allowed:
            return self.refuse(status("CONN_DOES_NOT_EXIST", "no-route", method=method, path=path))
        refusal = status(
            "CONN_DOES_NOT_EXIST", "wrong-method", method=method, path=path, allowed=", ".join(allowed)
        )
        return self.refuse(refusal, http_code=405)

    def refuse(
        self,
        refusal: status_pb2.Status,
        http_code: int = 0,
        response_class: type[Message] = status_pb2.BaseResponse,
        what: str = "REST request",
    ) -> tuple[int, bytes]:
        """The answer to a request the door refuses itself; the core gives it its id and journals it."""
        code, body = response_json(self.api.refuse(response_class(status=refusal), what))
        return http_code or code, body

    def _request(self, route: Route, values: tuple[str, ...], query: str, raw: bytes):
        request = route.rpc.new_request()
        try:
            tree: dict = _query_tree(query, request) if query else {}
            if route.binding.body and raw.strip():
                body = _json_object(raw, request)
                if route.binding.body == "*":
                    tree.update(body)
                else:
                    tree[route.binding.body] = body
            for path, value in zip(route.fields, values, strict=True):
                _set_path(tree, path, value)
        except TypeError as error:  # found by tests/reliability/test_bad_input.py: {"user_app_id": true}
            raise _bad_json(request, error) from None
        legacy = split_json(tree, request.DESCRIPTOR)
        try:
            json_format.ParseDict(tree, request)
        except (json_format.ParseError, ValueError, TypeError) as error:
            raise _bad_json(request, error) from None
        return request, legacy


def _bad_json(request: Message, error: object) -> ApiError:
    return ApiError("CONN_BAD_REQUEST_FORMAT", "bad-json", message=request.DESCRIPTOR.name, error=error)


def _progress_report(raw: bytes, exercises: frozenset[str]) -> tuple[str, bool]:
    """The exercise and result of a progress report's body; 11100 naming what is wrong."""
    try:
        body = json.loads(raw)
    except ValueError as error:
        raise ApiError(
            "CONN_BAD_REQUEST_FORMAT", "bad-json", message="a progress report", error=error
        ) from None
    if not isinstance(body, dict):
        raise ApiError(
            "CONN_BAD_REQUEST_FORMAT", "progress-field", field="the body", expected="a JSON object"
        )
    exercise, passed = body.get("exercise"), body.get("passed")
    if not isinstance(exercise, str) or exercise not in exercises:
        shown = json.dumps(exercise)[:40]
        raise ApiError(
            "CONN_BAD_REQUEST_FORMAT",
            "progress-exercise",
            value=shown,
            first=min(exercises),
            last=max(exercises),
        )
    if not isinstance(passed, bool):
        raise ApiError(
            "CONN_BAD_REQUEST_FORMAT", "progress-field", field='"passed"', expected="true or false"
        )
    return exercise, passed


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
    timeout = READ_TIMEOUT
    # Headers and body are two writes: with Nagle on, the body waits for the client's delayed
    # ACK of the headers, about 40 ms on every keep-alive request.
    disable_nagle_algorithm = True
    door: RestDoor  # set on the subclass made by start_rest

    def handle_one_request(self) -> None:
        """Wait at most IDLE_TIMEOUT for a request to start, then READ_TIMEOUT to read it.

        http.server gives each connection a thread; without this, idle keep-alive connections
        (or connections opened and never used) would hold their threads for READ_TIMEOUT each
        (tests/reliability/test_limits.py).
        """
        self.connection.settimeout(IDLE_TIMEOUT)
        try:
            started = self.rfile.peek(1)
        except (TimeoutError, ConnectionError):
            started = b""
        if not started:  # idle too long, or the client closed the connection
            self.close_connection = True
            return
        self.connection.settimeout(self.timeout)
        super().handle_one_request()

    def _serve(self) -> None:
        try:
            raw = self._body()
            if raw is None:
                return
            headers = {key.lower(): value for key, value in self.headers.items()}
            served = self.door.hosted(self.command, self.path, headers)
            if served is not None:
                self._send(served.code, served.body, served.content_type)
                return
            code, body = self.door.handle(self.command, self.path, headers, raw)
        except Exception:  # a bug must not cost the client its JSON status
            log.exception("emulator bug at the REST door: %s %s", self.command, self.path[:200])
            code, body = self.door.refuse(status("INTERNAL_UNCATEGORIZED"), http_code=500)
        self._send(code, body)

    def _body(self) -> bytes | None:
        """The request body, or None when it was refused (answered) or never fully came."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._refuse_body(411, "length-required")
        text = self.headers.get("Content-Length") or "0"
        length = int(text) if text.strip().isdigit() else -1
        if length < 0:
            return self._refuse_body(400, "bad-length", length=text[:40])
        if length > MAX_BODY:
            return self._refuse_body(413, "body-too-large", length=length, limit=MAX_BODY)
        raw = self.rfile.read(length) if length else b""
        if len(raw) < length:  # the client went away mid-body: nobody to answer
            self.close_connection = True
            return None
        return raw

    def _refuse_body(self, http_code: int, details_key: str, **values: object) -> None:
        self.close_connection = True  # the unread body must not be taken for the next request
        refusal = status("CONN_BAD_REQUEST_FORMAT", details_key, **values)
        self._send(*self.door.refuse(refusal, http_code=http_code))

    def _send(self, code: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if code == 405:
            allowed = self.door.methods_for(urlsplit(self.path).path)
            self.send_header("Allow", ", ".join(allowed))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (a bad request line, huge headers...) as JSON statuses too."""
        self.close_connection = True
        if not self.request_version.startswith("HTTP/1."):  # else http.server sends an HTTP/0.9 bare body
            self.request_version = "HTTP/1.1"
        refusal = status("CONN_BAD_REQUEST_FORMAT", "bad-http", code=code, reason=message or "")
        self._send(*self.door.refuse(refusal, http_code=code))

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = _serve

    def log_message(self, format: str, *args: object) -> None:  # requests go to the journal
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default listen backlog is 5: a burst of new connections (a room of clients,
    # a pool opening) overflowed it and each one past it waited a 1 s SYN retry (test_limits.py).
    request_queue_size = 1024

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that went away is no error of ours; anything else goes to the log, not stderr."""
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            log.exception("emulator: REST connection from %s failed", client_address)


def start_rest(
    api: Api, host: str, port: int, info: dict | None = None, room: Room | None = None
) -> tuple[ThreadingHTTPServer, int]:
    """Start the REST door for `api` in a thread; return the server and the port it bound.

    `info` (the other doors' ports) is answered at GET /emulator/info, for remote sessions;
    `room` keeps the check results posted to /emulator/progress and shows its leader the table.
    """
    handler = type("Handler", (_Handler,), {"door": RestDoor(api, info, room)})
    try:
        server = _Server((host, port), handler)
    except OSError as error:
        raise OSError(f"cannot listen on {host}:{port} ({error.strerror or error})") from None
    threading.Thread(target=server.serve_forever, args=(0.05,), name="emulator-rest", daemon=True).start()
    return server, server.server_address[1]
