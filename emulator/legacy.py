"""Removed fields, in both directions, on either door.

Requests: today's protos cannot hold fields old clients still send, so they are lifted out
by path (`delete_all`, `inputs[0].data.image.crop`) for the change modules to read: from
unknown JSON keys on the REST door, from the unknown-field set on the gRPC door.

Responses: a change module that must answer a removed field (`data.face` before CL009)
`attach`es it to the response message as the bytes old clients decode; the REST door turns
those back into JSON keys with `json_with_legacy`.

Kinds of a declared field: bool, int, string, float, floats (packed), or
`message:<full name>` (today's types, or the old ones of `emulator.legacy_protos`); a
message-typed value is its JSON form (a dict with proto field names).
"""

from __future__ import annotations

import functools
import re
import struct
from collections.abc import Callable
from typing import Any

from google.protobuf import json_format, unknown_fields
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.internal import encoder
from google.protobuf.message import Message

WELL_KNOWN = "google.protobuf."
# The removed fields, as `{message full name: {field number: (name, kind)}}`.
LegacyFields = dict[str, dict[int, tuple[str, str]]]
_SOURCES: list[Callable[[], LegacyFields]] = []


def declared_by(source: Callable[[], LegacyFields]) -> None:
    """Read the removed fields from `source` too: `emulator.changes` gives its modules' this way,
    so this module does not import the changes that use it."""
    _SOURCES.append(source)
    legacy_fields.cache_clear()
    _carriers.cache_clear()


@functools.cache
def legacy_fields() -> LegacyFields:
    """Every declared removed field, merged from the sources."""
    merged: LegacyFields = {}
    for source in _SOURCES:
        for message, fields in source().items():
            merged.setdefault(message, {}).update(fields)
    return merged


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


def _message_class(kind: str) -> type[Message]:
    from google.protobuf import descriptor_pool, message_factory

    from . import legacy_protos  # noqa: F401  (adds the old message types to the pool)

    return message_factory.GetMessageClass(
        descriptor_pool.Default().FindMessageTypeByName(kind[len("message:") :])
    )


MALFORMED = "<malformed>"  # what a field that cannot be decoded reads as; validation refuses it

LENGTH_DELIMITED, FIXED32 = 2, 5


def _float(bits: int) -> float:
    return struct.unpack("<f", struct.pack("<I", bits))[0]


def _decode(kind: str, wire_type: int, data: Any) -> Any:
    """One unknown-field entry as a JSON-like value; MALFORMED when the bytes do not fit."""
    try:
        if kind.startswith("message:"):
            parsed = _message_class(kind).FromString(bytes(data))
            return json_format.MessageToDict(parsed, preserving_proto_field_name=True)
        if kind == "floats" and wire_type == LENGTH_DELIMITED:  # packed
            raw = bytes(data)
            return list(struct.unpack(f"<{len(raw) // 4}f", raw)) if len(raw) % 4 == 0 else MALFORMED
        if kind in ("float", "floats") and wire_type == FIXED32:
            return [_float(data)] if kind == "floats" else _float(data)
        if kind in ("bool", "int") and isinstance(data, int):
            return bool(data) if kind == "bool" else data
        if kind == "string" and wire_type == LENGTH_DELIMITED:
            return bytes(data).decode("utf-8", "replace")
    except Exception:  # noqa: BLE001  (any decoding failure is the client's malformed field)
        return MALFORMED
    return MALFORMED


def _add(legacy: dict[str, Any], path: str, value: Any) -> None:
    """Repeated entries (unpacked floats) accumulate into one list."""
    if isinstance(value, list) and isinstance(legacy.get(path), list):
        legacy[path] = legacy[path] + value
    else:
        legacy[path] = value


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
    todo = [cls.DESCRIPTOR for rpc in rpcs().values() for cls in (rpc.request_class, rpc.response_class)]
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
            _add(legacy, _join(prefix, field_name), _decode(kind, unknown.wire_type, unknown.data))
    for field, value in message.ListFields():
        if not _is_message(field):
            continue
        if field.is_repeated:
            for index, item in enumerate(value):
                legacy.update(from_unknown_fields(item, f"{_join(prefix, field.name)}[{index}]"))
        else:
            legacy.update(from_unknown_fields(value, _join(prefix, field.name)))
    return legacy


def _encode(number: int, kind: str, value: Any) -> bytes:
    if kind.startswith("message:"):
        payload = json_format.ParseDict(value, _message_class(kind)()).SerializeToString()
        return encoder.TagBytes(number, 2) + encoder._VarintBytes(len(payload)) + payload
    if kind in ("bool", "int"):
        return encoder.TagBytes(number, 0) + encoder._VarintBytes(int(value))
    if kind == "string":
        raw = str(value).encode()
        return encoder.TagBytes(number, 2) + encoder._VarintBytes(len(raw)) + raw
    if kind == "float":
        return encoder.TagBytes(number, 5) + struct.pack("<f", value)
    if kind == "floats":
        raw = struct.pack(f"<{len(value)}f", *value)
        return encoder.TagBytes(number, 2) + encoder._VarintBytes(len(raw)) + raw
    raise ValueError(f"unknown legacy field kind {kind!r}")


def attach(message: Message, name: str, value: Any) -> None:
    """Give `message` the removed field `name` (declared by a change module) with `value`."""
    declared = legacy_fields().get(message.DESCRIPTOR.full_name, {})
    found = [(number, kind) for number, (field_name, kind) in declared.items() if field_name == name]
    if not found:
        raise KeyError(f"no change module declares {message.DESCRIPTOR.full_name}.{name}")
    number, kind = found[0]
    message.MergeFromString(_encode(number, kind, value))


_STEP = re.compile(r"(\w+)(?:\[(\d+)\])?")


def _insert(tree: dict, path: str, value: Any) -> None:
    steps = _STEP.findall(path)
    for name, index in steps[:-1]:
        tree = tree.setdefault(name, [] if index else {})
        if index:
            while len(tree) <= int(index):
                tree.append({})
            tree = tree[int(index)]
    tree[steps[-1][0]] = value


def json_with_legacy(message: Message, body: dict) -> dict:
    """`body` (the JSON of `message`) with the removed fields attached to `message` added back."""
    for path, value in from_unknown_fields(message).items():
        _insert(body, path, value)
    return body
