"""CL004 2019-11-20: `image.crop` is gone; crop on the client and send the bytes.

Flags `crop=` given to Clarifai image builders (`resources_pb2.Image`, the 2.x client's
`Image`, `create_image_from_*`, `search_by_image`), writes to `.image.crop` (and to `img.crop`
of an `img = Image(...)` of the 2.x client), and `"crop"` in an image dict of a REST body (a
Python dict, or the JSON of a curl command in a string or a notebook's `!curl`). PIL's
`image.crop(box)` is a call, not the field, and is left alone.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..curl import json_pairs
from ..engine import Context, containing, named
from ..forms import assigned_call
from ..hits import Hit
from ..rest import curl_command
from ..syntax import callee, chain, dict_keys, is_called, key_of, keyword

CODE = "CL004"
TRIGGERS = ("crop",)

CROP_TAKERS = frozenset(
    {
        "Image",
        "ClImage",
        "create_image_from_url",
        "create_image_from_filename",
        "create_image_from_bytes",
        "create_image_from_base64",
        "search_by_image",
        "OutputSearchTerm",
    }
)
MESSAGE = (
    "image.crop is no longer accepted: crop the image on the client and send the cropped bytes as base64"
)


def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`resources_pb2.Image(url=..., crop=[...])`, `app.inputs.create_image_from_url(url, crop=...)`."""
    crop = keyword(node, "crop")
    if crop is None:
        return
    name = callee(node)
    # A bare `Image(crop=...)` is Clarifai's only in a file that imports Clarifai (PIL has an Image too).
    known = name in CROP_TAKERS and (name != "Image" or ctx.names.imports_clarifai)
    if known or ctx.names.clarifai_name(node.func):
        yield Hit(crop, MESSAGE)


@named("crop")
def visit_Attribute(node: ast.Attribute, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`input.data.image.crop.extend([...])`, `image.crop[:] = ...` (not `image.crop(box)`)."""
    if node.attr != "crop" or is_called(node, parents):
        return
    if not ctx.names.imports_clarifai:
        return
    parts = chain(node.value)
    on_image = parts[-1] == "image" and len(parts) > 1
    if on_image or (isinstance(node.ctx, ast.Store) and _built_image(node.value, parents)):
        yield Hit(node, MESSAGE)


def _built_image(value: ast.expr, parents: tuple) -> bool:
    """`img` of `img.crop = [...]` was built by a Clarifai image builder (`img = Image(url=u)`)."""
    built = assigned_call(value, parents)
    return built is not None and callee(built) in CROP_TAKERS


def visit_Dict(node: ast.Dict, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`{"image": {"url": ..., "crop": [...]}}` in a REST body."""
    keys = dict_keys(node)
    if "crop" not in keys:
        return
    under_image = bool(parents) and key_of(parents[-1], node) == "image"
    if under_image or keys & {"url", "base64"}:
        for key in node.keys:
            if isinstance(key, ast.Constant) and key.value == "crop":
                yield Hit(key, MESSAGE)


@named("crop")
def visit_Subscript(node: ast.Subscript, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`body["image"]["crop"] = [...]`."""
    parts = chain(node)
    if parts[-1] == "crop" and len(parts) > 1 and parts[-2] == "image" and isinstance(node.ctx, ast.Store):
        yield Hit(node, MESSAGE)


@containing("curl", "crop")
def visit_Constant(node: ast.Constant, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`"curl -X POST .../v2/inputs -d '{\"inputs\": [{\"data\": {\"image\": {\"crop\": ...}}}]}'"`."""
    command = curl_command(node, parents, ctx.names)
    if command is None:
        return
    if any(
        key == "image" and isinstance(value, dict) and "crop" in value
        for key, value, _ in json_pairs(command.body)
    ):
        yield Hit(node, MESSAGE)
