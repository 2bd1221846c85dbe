"""Message types that old Clarifai clients knew and today's protos dropped (facts §2).

Built at import from a descriptor, so removed message-typed fields (`data.face`,
`data.focus`) can be encoded for old gRPC clients and decoded from them. Field numbers are
from clarifai-grpc releases before 0.1.1; the inner `concepts = 1` is inferred. The requests
of the retired `ListPublicWorkflows`, `PostModelFeedback` and `PostSearchFeedback` RPCs are as
the 2.x client's own protos define them.
"""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

PACKAGE = "clarifai.api.legacy"
_CONCEPT = ".clarifai.api.Concept"
_OPTIONAL, _REPEATED = (
    descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL,
    descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED,
)
_MESSAGE, _FLOAT, _UINT32, _STRING = (
    descriptor_pb2.FieldDescriptorProto.TYPE_MESSAGE,
    descriptor_pb2.FieldDescriptorProto.TYPE_FLOAT,
    descriptor_pb2.FieldDescriptorProto.TYPE_UINT32,
    descriptor_pb2.FieldDescriptorProto.TYPE_STRING,
)


def _field(name: str, number: int, kind: int, label: int = _OPTIONAL, type_name: str = "") -> dict:
    spec = {"name": name, "number": number, "type": kind, "label": label}
    return {**spec, "type_name": type_name} if type_name else spec


def _file() -> descriptor_pb2.FileDescriptorProto:
    attribute = f".{PACKAGE}.FaceAttribute"
    messages = {
        "FaceAttribute": [_field("concepts", 1, _MESSAGE, _REPEATED, _CONCEPT)],
        "Face": [
            _field("identity", 1, _MESSAGE, type_name=attribute),
            _field("age_appearance", 2, _MESSAGE, type_name=attribute),
            _field("gender_appearance", 3, _MESSAGE, type_name=attribute),
            _field("multicultural_appearance", 4, _MESSAGE, type_name=attribute),
        ],
        "Focus": [_field("density", 1, _FLOAT), _field("value", 2, _FLOAT)],
        "ListPublicWorkflowsRequest": [_field("page", 1, _UINT32), _field("per_page", 2, _UINT32)],
        "PostModelFeedbackRequest": [
            _field("user_app_id", 1, _MESSAGE, type_name=".clarifai.api.UserAppIDSet"),
            _field("model_id", 2, _STRING),
            _field("version_id", 3, _STRING),
            _field("input", 4, _MESSAGE, type_name=".clarifai.api.Input"),
        ],
        "FeedbackInfo": [
            _field(name, number, _STRING)
            for number, name in enumerate(
                ("end_user_id", "session_id", "event_type", "output_id", "search_id"), start=1
            )
        ],
        # The 2.x client's Input, which still had `feedback_info` (3): what search feedback sends.
        "FeedbackInput": [
            _field("id", 1, _STRING),
            _field("data", 2, _MESSAGE, type_name=".clarifai.api.Data"),
            _field("feedback_info", 3, _MESSAGE, type_name=f".{PACKAGE}.FeedbackInfo"),
        ],
        "PostSearchFeedbackRequest": [
            _field("user_app_id", 1, _MESSAGE, type_name=".clarifai.api.UserAppIDSet"),
            _field("input", 2, _MESSAGE, type_name=f".{PACKAGE}.FeedbackInput"),
        ],
    }
    proto = descriptor_pb2.FileDescriptorProto(
        name="emulator/legacy.proto",
        package=PACKAGE,
        dependency=[resources_pb2.DESCRIPTOR.name],
        syntax="proto3",
    )
    for name, fields in messages.items():
        message = proto.message_type.add(name=name)
        for spec in fields:
            message.field.add(**spec)
    return proto


def _load() -> None:
    pool = descriptor_pool.Default()
    try:
        pool.FindFileByName("emulator/legacy.proto")
    except KeyError:
        pool.Add(_file())


_load()
Face = message_factory.GetMessageClass(descriptor_pool.Default().FindMessageTypeByName(f"{PACKAGE}.Face"))
Focus = message_factory.GetMessageClass(descriptor_pool.Default().FindMessageTypeByName(f"{PACKAGE}.Focus"))
ListPublicWorkflowsRequest = message_factory.GetMessageClass(
    descriptor_pool.Default().FindMessageTypeByName(f"{PACKAGE}.ListPublicWorkflowsRequest")
)
PostModelFeedbackRequest = message_factory.GetMessageClass(
    descriptor_pool.Default().FindMessageTypeByName(f"{PACKAGE}.PostModelFeedbackRequest")
)
PostSearchFeedbackRequest = message_factory.GetMessageClass(
    descriptor_pool.Default().FindMessageTypeByName(f"{PACKAGE}.PostSearchFeedbackRequest")
)
