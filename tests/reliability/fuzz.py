"""Hypothesis strategies for malformed Clarifai requests, built from the request descriptors.

gRPC: every field of a request message gets a value of its own type (protobuf allows no
other), chosen to hurt: huge and empty strings, ids that exist and ids that cannot, 129 ids,
bytes that are not an image, extreme numbers, unknown enum numbers, nested messages, and raw
unknown fields appended at any depth (which is how removed fields of old clients arrive).
REST: the same fields as JSON of any type, bodies that are not JSON, paths no route has.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import string
from typing import Any

from google.protobuf import json_format
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.internal import encoder
from google.protobuf.message import DecodeError, Message
from hypothesis import strategies as st
from PIL import Image

HUGE = "A" * 100_000
MAX_DEPTH = 3


def _png(width: int = 6, height: int = 4) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 160, 90)).save(out, "PNG")
    return out.getvalue()


PNG = _png()
WORDS = [
    "",
    " ",
    "me",
    "cookbook",
    "migrations",
    "other",
    "clarifai",
    "main",
    "stranger",
    "secret-app",
    "in-0000",
    "in-0001",
    "missing",
    "pets",
    "general-image-recognition",
    "face-detection",
    "Demographics",
    "aa7f35c01e0642fda5cf400f543e7c40",
    "ai_8S2Vq3cR",
    "embedding-classifier",
    "visual-classifier",
    "merge",
    "remove",
    "overwrite",
    "Automatic",
    "app_specific_key",
    "personal_access_token",
    "All",
    "Inputs:Add",
    "/clarifai.api.V2/GetInput",
    "../../etc/passwd",
    "a/b?c=d#e",
    "%2F%00",
    "\x00",
    "ümlaut-🙂-\u202e",
    "in-0000\n",
    "x" * 65,
    HUGE,
    "https://samples.clarifai.com/metro-north.jpg",
    "https://samples.clarifai.com/fuzz.png",
    "file:///definitely/not/here.jpg",
    "http://127.0.0.1:9/nothing.jpg",
    "ftp://example.invalid/x.jpg",
    "not a url",
    "2019-09-10",
]
BLOBS = [
    b"",
    b"not an image",
    PNG,
    PNG[: len(PNG) // 2],  # truncated
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,  # a PNG signature and garbage
    b"\xff\xd8\xff" + b"\xff" * 100,  # a JPEG start and garbage
    base64.b64encode(PNG),  # base64 text where raw bytes belong
    b"\x00" * 300_000,
]
INT_RANGES = {
    FieldDescriptor.TYPE_INT32: (-(2**31), 2**31 - 1),
    FieldDescriptor.TYPE_SINT32: (-(2**31), 2**31 - 1),
    FieldDescriptor.TYPE_SFIXED32: (-(2**31), 2**31 - 1),
    FieldDescriptor.TYPE_UINT32: (0, 2**32 - 1),
    FieldDescriptor.TYPE_FIXED32: (0, 2**32 - 1),
    FieldDescriptor.TYPE_INT64: (-(2**63), 2**63 - 1),
    FieldDescriptor.TYPE_SINT64: (-(2**63), 2**63 - 1),
    FieldDescriptor.TYPE_SFIXED64: (-(2**63), 2**63 - 1),
    FieldDescriptor.TYPE_UINT64: (0, 2**64 - 1),
    FieldDescriptor.TYPE_FIXED64: (0, 2**64 - 1),
}

words = st.sampled_from(WORDS) | st.text(max_size=12)
ids_129 = st.just([f"in-{n:04d}" for n in range(129)])


def _int(low: int, high: int) -> st.SearchStrategy[int]:
    return st.sampled_from([low, high, 0, -1 if low < 0 else 1, 128, 129, 1001]).filter(
        lambda n: low <= n <= high
    ) | st.integers(low, high)


def scalar(field: FieldDescriptor) -> st.SearchStrategy[Any]:
    """A value of the field's own type, biased to extremes."""
    kind = field.type
    if kind == FieldDescriptor.TYPE_STRING:
        return words
    if kind == FieldDescriptor.TYPE_BYTES:
        return st.sampled_from(BLOBS) | st.binary(max_size=64)
    if kind == FieldDescriptor.TYPE_BOOL:
        return st.booleans()
    if kind in (FieldDescriptor.TYPE_FLOAT, FieldDescriptor.TYPE_DOUBLE):
        width = 32 if kind == FieldDescriptor.TYPE_FLOAT else 64
        return st.floats(width=width, allow_nan=True, allow_infinity=True)
    if kind == FieldDescriptor.TYPE_ENUM:
        known = [value.number for value in field.enum_type.values]
        return st.sampled_from(known) | st.integers(-3, 2**31 - 1)  # open enums take any number
    return _int(*INT_RANGES[kind])


def _unknown_entry(number: int, wire: int, payload: Any) -> bytes:
    tag = encoder.TagBytes(number, wire)
    if wire == 0:
        return tag + encoder._VarintBytes(payload)
    if wire == 1:
        return tag + payload.to_bytes(8, "little")
    if wire == 5:
        return tag + payload.to_bytes(4, "little")
    return tag + encoder._VarintBytes(len(payload)) + payload


unknown_fields: st.SearchStrategy[bytes] = st.lists(
    st.one_of(
        st.tuples(st.integers(1, 40) | st.integers(1000, 536_870_911), st.just(0), st.integers(0, 2**64 - 1)),
        st.tuples(st.integers(1, 40), st.just(1), st.integers(0, 2**64 - 1)),
        st.tuples(st.integers(1, 40), st.just(5), st.integers(0, 2**32 - 1)),
        st.tuples(st.integers(1, 40), st.just(2), st.sampled_from(BLOBS[:6]) | st.binary(max_size=40)),
    ),
    max_size=3,
).map(lambda entries: b"".join(_unknown_entry(*entry) for entry in entries))


def _field_value(field: FieldDescriptor, depth: int) -> st.SearchStrategy[Any]:
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        key, value = field.message_type.fields_by_name["key"], field.message_type.fields_by_name["value"]
        return st.dictionaries(scalar(key), _single(value, depth + 1), max_size=2)
    single = _single(field, depth)
    if not field.is_repeated:
        return single
    many = st.lists(single, max_size=3)
    if field.type == FieldDescriptor.TYPE_STRING and field.name.endswith("ids"):
        many = many | ids_129
    if field.message_type is not None:  # one more than the API's 128 a request
        many = many | st.just([{}] * 129)
    return many


def _single(field: FieldDescriptor, depth: int) -> st.SearchStrategy[Any]:
    if field.message_type is None:
        return scalar(field)
    return message_fields(field.message_type, depth + 1)


def message_fields(descriptor: Descriptor, depth: int = 0) -> st.SearchStrategy[dict]:
    """A few fields of `descriptor` with values, plus raw unknown-field bytes under "" ."""
    if depth >= MAX_DEPTH or descriptor.full_name.startswith("google.protobuf."):
        return st.just({})
    fields = list(descriptor.fields)
    if not fields:
        return st.fixed_dictionaries({}, optional={"": unknown_fields})

    @st.composite
    def draw(draw_from) -> dict:
        chosen = draw_from(st.lists(st.sampled_from(fields), max_size=4, unique_by=lambda f: f.number))
        values = {field.name: draw_from(_field_value(field, depth)) for field in chosen}
        if draw_from(st.integers(0, 3)) == 0:
            values[""] = draw_from(unknown_fields)
        return values

    return draw()


def fill(message: Message, values: dict) -> Message:
    """Set `values` (from `message_fields`) on `message`; values protobuf refuses are skipped."""
    for name, value in values.items():
        if name == "":
            with contextlib.suppress(DecodeError):  # a known number with its own wire type may not parse
                message.MergeFromString(value)
            continue
        field = message.DESCRIPTOR.fields_by_name[name]
        target = getattr(message, name)
        try:
            if field.message_type is not None and field.message_type.GetOptions().map_entry:
                _fill_map(field, target, value)
            elif field.is_repeated:
                for item in value:
                    if field.message_type is not None:
                        fill(target.add(), item)
                    else:
                        target.append(item)
            elif field.message_type is not None:
                fill(target, value)
                target.SetInParent()
            else:
                setattr(message, name, value)
        except (ValueError, TypeError):  # e.g. a string that is not valid UTF-8 for protobuf
            continue
    return message


def _fill_map(field: FieldDescriptor, target: Any, value: dict) -> None:
    value_field = field.message_type.fields_by_name["value"]
    for key, item in value.items():
        if value_field.message_type is not None:
            fill(target[key], item)
        else:
            target[key] = item


# --- REST ---------------------------------------------------------------------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | words
)
any_json = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(words, inner, max_size=3),
    max_leaves=8,
)


def _json_value(field: FieldDescriptor, depth: int) -> st.SearchStrategy[Any]:
    """JSON for one field: of its own type (built by protobuf) or of any type at all."""
    if field.message_type is not None and not field.message_type.GetOptions().map_entry:
        own = json_body(field.message_type, depth + 1)
        own = st.lists(own, max_size=2) if field.is_repeated else own
    elif field.type == FieldDescriptor.TYPE_BYTES:
        own = st.sampled_from(BLOBS[:7]).map(lambda raw: base64.b64encode(raw).decode()) | st.sampled_from(
            ["%%%not base64", "aGVsbG8", "=" * 5]
        )
    elif field.is_repeated and field.type == FieldDescriptor.TYPE_STRING:
        own = st.lists(words, max_size=3) | ids_129
    else:
        own = any_json
    return own | any_json


def json_body(descriptor: Descriptor, depth: int = 0) -> st.SearchStrategy[dict]:
    """A JSON object for `descriptor`: some fields, right or wrong types, and unknown keys."""
    if depth >= MAX_DEPTH:
        return st.dictionaries(words, json_scalars, max_size=2)
    names = [field.name for field in descriptor.fields] or ["nothing"]
    by_name = {field.name: field for field in descriptor.fields}

    @st.composite
    def draw(draw_from) -> dict:
        chosen = draw_from(st.lists(st.sampled_from(names), max_size=4, unique=True))
        body = {
            name: draw_from(_json_value(by_name[name], depth) if name in by_name else any_json)
            for name in chosen
        }
        body.update(
            draw_from(
                st.dictionaries(st.text(string.ascii_lowercase + "_", max_size=10), any_json, max_size=2)
            )
        )
        return body

    return draw()


def body_bytes(descriptor: Descriptor) -> st.SearchStrategy[bytes]:
    """A request body: a JSON object for the request, JSON that is no object, or no JSON at all."""
    return st.one_of(
        json_body(descriptor).map(lambda body: json.dumps(body).encode()),
        json_body(descriptor).map(lambda body: json.dumps(body).encode()),
        any_json.map(lambda value: json.dumps(value).encode()),
        st.sampled_from(
            [b"", b"{", b"not json", b"\xff\xfe\x00", b"[]", b"null", b'{"a": NaN}', HUGE.encode()]
        ),
        st.binary(max_size=64),
    )


def proto_json(message: Message) -> dict:
    """A message as the JSON channel sends it."""
    return json_format.MessageToDict(message, preserving_proto_field_name=True, use_integers_for_enums=True)


def path_variables(template: str) -> list[str]:
    """The field paths of a REST template's variables, e.g. `input_id`."""
    import re

    return re.findall(r"\{([\w.]+)\}", template)


def _leaves(message: Message) -> list[tuple[Message, FieldDescriptor]]:
    """Every set field of `message` and its children, as (owner, field)."""
    found = []
    for field, value in message.ListFields():
        found.append((message, field))
        if field.message_type is None or field.message_type.GetOptions().map_entry:
            continue
        for item in value if field.is_repeated else [value]:
            found.extend(_leaves(item))
    return found


@st.composite
def spoiled(draw: st.DrawFn, request: Message) -> Message:
    """`request` with up to three of its fields, at any depth, given another value or cleared."""
    for _ in range(draw(st.integers(0, 3))):
        leaves = _leaves(request)
        if not leaves:
            break
        owner, field = draw(st.sampled_from(leaves))
        if draw(st.integers(0, 3)) == 0 or field.message_type is not None:
            owner.ClearField(field.name)
            if field.message_type is not None and not field.message_type.GetOptions().map_entry:
                fill(
                    getattr(owner, field.name).add() if field.is_repeated else getattr(owner, field.name),
                    draw(message_fields(field.message_type, 1)),
                )
            continue
        try:
            value = draw(scalar(field))
            if field.is_repeated:
                getattr(owner, field.name).append(value)
            else:
                setattr(owner, field.name, value)
        except (ValueError, TypeError):
            pass
    return request


def _json_leaves(tree: Any, path: tuple = ()) -> list[tuple]:
    found = [path] if path else []
    if isinstance(tree, dict):
        for key, value in tree.items():
            found.extend(_json_leaves(value, (*path, key)))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            found.extend(_json_leaves(value, (*path, index)))
    return found


@st.composite
def spoiled_json(draw: st.DrawFn, body: dict) -> dict:
    """`body` with up to three values, at any depth, replaced by JSON of any type, or removed."""
    for _ in range(draw(st.integers(0, 3))):
        paths = _json_leaves(body)
        if not paths:
            break
        *parents, last = draw(st.sampled_from(paths))
        owner = body
        for step in parents:
            owner = owner[step]
        if isinstance(owner, dict) and draw(st.integers(0, 3)) == 0:
            del owner[last]
        else:
            owner[last] = draw(any_json)
    return body
