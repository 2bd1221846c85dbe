"""Removed fields that old clients still send, found on either door.

Today's protos cannot hold them, so they are lifted out of the request by path
(`delete_all`, `inputs[0].data.image.crop`) for the change modules to read: from unknown
JSON keys on the REST door, from the unknown-field set on the gRPC door.
"""

from __future__ import annotations

import functools
import struct
from typing import Any

from google.protobuf import unknown_fields
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

from .changes import legacy_fields

WELL_KNOWN = "google.protobuf."


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _is_message(field: FieldDescriptor) -> bool:
    return field.message_type is not None and not field.message_type.GetOptions().map_entry


def split_json(body: dict, descriptor: Descriptor, prefix: str = "") -> dict[str, Any]:
    """Remove from `body` (in place) the keys its message does not have; return them by path."""
    legacy: dict[str, Any] = {}
    if descriptor.full_name.startswith(WELL_KNOWN):
        return legacy
    for key in list(body):
        field = descriptor.fields_by_name.get(key) or descriptor.fields_by_camelcase_name.get(key)
        if field is None:
            legacy[_join(prefix, key)] = body.pop(key)
        elif _is_message(field):
            value = body[key]
            items = value if field.is_repeated and isinstance(value, list) else [value]
            for index, item in enumerate(items):
                if isinstance(item, dict):
                    path = f"{_join(prefix, key)}[{index}]" if field.is_repeated else _join(prefix, key)
                    legacy.update(split_json(item, field.message_type, path))
    return legacy


def _decode(kind: str, wire_type: int, data: Any) -> Any:
    if kind == "bool":
        return bool(data)
    if kind == "string":
        return bytes(data).decode("utf-8", "replace")
    if kind == "floats":  # packed repeated float
        raw = bytes(data)
        return list(struct.unpack(f"<{len(raw) // 4}f", raw))
    if kind == "float" and wire_type == 5:
        return struct.unpack("<f", struct.pack("<I", data))[0]
    return data


def _children(descriptor: Descriptor) -> list[Descriptor]:
    return [
        f.message_type
        for f in descriptor.fields
        if _is_message(f) and not f.message_type.full_name.startswith(WELL_KNOWN)
    ]


@functools.cache
def _carriers() -> frozenset[str]:
    """Message types that can contain, at any depth, a declared legacy field."""
    from .descriptors import rpcs

    seen: dict[str, Descriptor] = {}
    todo = [rpc.request_class.DESCRIPTOR for rpc in rpcs().values()]
    while todo:
        descriptor = todo.pop()
        if descriptor.full_name not in seen:
            seen[descriptor.full_name] = descriptor
            todo.extend(_children(descriptor))
    carriers = set(legacy_fields())
    grew = True
    while grew:
        before = len(carriers)
        carriers |= {n for n, d in seen.items() if any(c.full_name in carriers for c in _children(d))}
        grew = len(carriers) > before
    return frozenset(carriers)


def from_unknown_fields(message: Message, prefix: str = "") -> dict[str, Any]:
    """Declared legacy fields found in the unknown-field sets of `message` and its children."""
    name = message.DESCRIPTOR.full_name
    if name not in _carriers():
        return {}
    legacy: dict[str, Any] = {}
    declared = legacy_fields().get(name, {})
    for unknown in unknown_fields.UnknownFieldSet(message) if declared else ():
        if unknown.field_number in declared:
            field_name, kind = declared[unknown.field_number]
            legacy[_join(prefix, field_name)] = _decode(kind, unknown.wire_type, unknown.data)
    for field, value in message.ListFields():
        if not _is_message(field):
            continue
        if field.is_repeated:
            for index, item in enumerate(value):
                legacy.update(from_unknown_fields(item, f"{_join(prefix, field.name)}[{index}]"))
        else:
            legacy.update(from_unknown_fields(value, _join(prefix, field.name)))
    return legacy
