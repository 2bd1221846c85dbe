"""What the `clarifai.api.V2` service descriptor says about each RPC.

Everything the emulator knows about RPC names, message classes, auth types and REST paths is
read here from clarifai-grpc's own descriptors, never typed by hand; the one exception is an
RPC the service has retired that old clients still call (`_retired`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from clarifai_grpc.grpc.api import service_pb2
from clarifai_grpc.grpc.api.status import status_pb2
from clarifai_grpc.grpc.auth.scope import scope_pb2
from clarifai_grpc.grpc.auth.types import types_pb2
from clarifai_grpc.grpc.auth.util import extension_pb2
from google.api import annotations_pb2
from google.protobuf import message_factory
from google.protobuf.descriptor import MethodDescriptor
from google.protobuf.message import Message

from . import legacy_protos

SERVICE = service_pb2.DESCRIPTOR.services_by_name["V2"]


@dataclass(frozen=True)
class HttpBinding:
    """One REST path of an RPC, from its `google.api.http` option."""

    method: str  # GET, POST, PATCH, PUT or DELETE
    template: str  # e.g. /v2/users/{user_app_id.user_id}/apps/{user_app_id.app_id}/inputs
    body: str  # "*", a field name, or "" for none


@dataclass(frozen=True)
class Rpc:
    """One method of the V2 service."""

    name: str
    request_class: type[Message]
    response_class: type[Message]
    auth_type: str  # "KeyAuth", "PATAuth", ...
    streaming: bool
    bindings: tuple[HttpBinding, ...]
    scopes: tuple[str, ...]  # the `cl_depending_scopes` it needs, e.g. ("Inputs_Add", "Inputs_Get")

    @property
    def read_only(self) -> bool:
        """Whether it only reads or predicts: every scope it needs is a `_Get` or `Predict`,
        and its name does not say it changes something (a few Patch RPCs need only `_Get`)."""
        changes = self.name.startswith(("Patch", "Put", "Delete"))
        return not changes and all(scope.endswith("_Get") or scope == "Predict" for scope in self.scopes)

    def new_request(self) -> Message:
        """An empty request message of this RPC."""
        return self.request_class()


def _bindings(method: MethodDescriptor) -> tuple[HttpBinding, ...]:
    rule = method.GetOptions().Extensions[annotations_pb2.http]
    rules = [rule, *rule.additional_bindings]
    found = []
    for item in rules:
        verb = item.WhichOneof("pattern")
        if verb and verb != "custom":
            found.append(HttpBinding(verb.upper(), getattr(item, verb), item.body))
    return tuple(found)


def _auth_type(method: MethodDescriptor) -> str:
    value = method.GetOptions().Extensions[extension_pb2.cl_auth_type]
    return types_pb2.AuthType.Name(value)


def _scopes(method: MethodDescriptor) -> tuple[str, ...]:
    values = method.GetOptions().Extensions[extension_pb2.cl_depending_scopes]
    return tuple(scope_pb2.S.Name(value) for value in values)


def _rpc(method: MethodDescriptor) -> Rpc:
    return Rpc(
        name=method.name,
        request_class=message_factory.GetMessageClass(method.input_type),
        response_class=message_factory.GetMessageClass(method.output_type),
        auth_type=_auth_type(method),
        streaming=method.client_streaming or method.server_streaming,
        bindings=_bindings(method),
        scopes=_scopes(method),
    )


# The 2.x client's `model.send_concept_feedback(...)` is PostModelFeedback (its own protos).
_APP = "/v2/users/{user_app_id.user_id}/apps/{user_app_id.app_id}"
MODEL_FEEDBACK_PATHS = (
    f"{_APP}/models/{{model_id}}/versions/{{version_id}}/feedback",
    "/v2/models/{model_id}/versions/{version_id}/feedback",
    f"{_APP}/models/{{model_id}}/feedback",
    "/v2/models/{model_id}/feedback",
)
SEARCH_FEEDBACK_PATHS = (f"{_APP}/searches/feedback", "/v2/searches/feedback")


def _retired() -> tuple[Rpc, ...]:
    """RPCs that today's service no longer has but old clients still call: the 2.x client's
    `app.workflows.get_all(public_only=True)` is `ListPublicWorkflows`, GET /v2/public_workflows,
    `model.send_concept_feedback` is `PostModelFeedback` and `app.inputs.send_search_feedback`
    is `PostSearchFeedback` (bindings, auth and requests as the 2.x client's own protos give
    them; the feedbacks' scopes are inferred)."""
    return (
        _retired_rpc(
            "ListPublicWorkflows",
            legacy_protos.ListPublicWorkflowsRequest,
            service_pb2.MultiWorkflowResponse,
            ("GET", ("/v2/public_workflows",), ""),
            "Workflows_Get",
        ),
        _retired_rpc(
            "PostModelFeedback",
            legacy_protos.PostModelFeedbackRequest,
            status_pb2.BaseResponse,
            ("POST", MODEL_FEEDBACK_PATHS, "*"),
            "Predict",
        ),
        _retired_rpc(
            "PostSearchFeedback",
            legacy_protos.PostSearchFeedbackRequest,
            status_pb2.BaseResponse,
            ("POST", SEARCH_FEEDBACK_PATHS, "*"),
            "Search",
        ),
    )


def _retired_rpc(
    name: str, request: type, response: type, http: tuple[str, tuple[str, ...], str], scope: str
) -> Rpc:
    """A unary, key-authorised retired RPC: `http` is (verb, paths, body) of its bindings."""
    verb, paths, body = http
    return Rpc(
        name=name,
        request_class=request,
        response_class=response,
        auth_type="KeyAuth",
        streaming=False,
        bindings=tuple(HttpBinding(verb, path, body) for path in paths),
        scopes=(scope,),
    )


@functools.cache
def rpcs() -> dict[str, Rpc]:
    """Every RPC of the V2 service, by name, and the retired ones old clients still call."""
    found = {method.name: _rpc(method) for method in SERVICE.methods}
    found.update((retired.name, retired) for retired in _retired())
    return found


def rpc(name: str) -> Rpc:
    """The RPC called `name`; KeyError if the service has none."""
    return rpcs()[name]
