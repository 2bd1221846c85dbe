"""CL008 2020-02-24: INPUT_IMAGE_* and INPUT_VIDEO_* status names became INPUT_*.

Flags the old names wherever they appear as a name, an attribute (`status_code_pb2.X`), an
imported name or an exact string, and renames them. Video names without an INPUT_*
counterpart (INPUT_VIDEO_PROCESSING_*) still exist and are left alone.

Not in REST or curl: those carry the numeric codes, and INPUT_IMAGE_* kept theirs; only names show.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..engine import Context, containing, named
from ..hits import Edit, Fix, Hit, replace, replace_tail
from ..names import is_clarifai
from ..syntax import is_docstring

CODE = "CL008"
TRIGGERS = ("INPUT_IMAGE_", "INPUT_VIDEO_")
NEEDS_CLARIFAI = False
FIX = "renames the status name to INPUT_*"

_SUFFIXES = (
    "DOWNLOAD_SUCCESS",
    "DOWNLOAD_PENDING",
    "DOWNLOAD_FAILED",
    "DOWNLOAD_IN_PROGRESS",
    "DUPLICATE",
    "UNSUPPORTED_FORMAT",
    "DOES_NOT_EXIST",
    "PERMISSION_DENIED",
    "INVALID_ARGUMENT",
    "OVER_LIMIT",
    "INVALID_URL",
    "MODIFY_SUCCESS",
    "MODIFY_PENDING",
    "MODIFY_FAILED",
    "STORAGE_HOST_FAILED",
)
RENAMES = {
    f"INPUT_{media}_{suffix}": "INPUT_" + suffix.removeprefix("DOWNLOAD_")
    for media in ("IMAGE", "VIDEO")
    for suffix in _SUFFIXES
}


def _hit(node: ast.AST, old: str, edit: Edit | None) -> Hit:
    new = RENAMES[old]
    fix = Fix(f"{old} -> {new}", (edit,)) if edit else None
    return Hit(node, f"{old} is gone since the input status codes were consolidated: use {new}", fix)


@named(*RENAMES)
def visit_Attribute(node: ast.Attribute, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`status_code_pb2.INPUT_IMAGE_DOWNLOAD_SUCCESS`."""
    if node.attr in RENAMES:
        yield _hit(node, node.attr, replace_tail(node, RENAMES[node.attr]))


@named(*RENAMES)
def visit_Name(node: ast.Name, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """A bare old name; renamed when it was imported from Clarifai under that name."""
    if node.id not in RENAMES or isinstance(node.ctx, ast.Store):
        return
    names = ctx.names
    origin = names.origins.get(node.id)
    if (origin is not None and not is_clarifai(origin)) or (origin is None and node.id in names.assigned):
        return
    star = any(is_clarifai(module) for module in names.star_imports)
    safe = (origin is not None and origin.endswith("." + node.id)) or (origin is None and star)
    yield _hit(node, node.id, replace(node, RENAMES[node.id], expect=node.id) if safe else None)


def visit_ImportFrom(node: ast.ImportFrom, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`from ...status_code_pb2 import INPUT_IMAGE_DOWNLOAD_SUCCESS`."""
    if not is_clarifai(node.module):
        return
    for alias in node.names:
        if alias.name in RENAMES:
            end = (alias.lineno, alias.col_offset + len(alias.name))
            edit = Edit((alias.lineno, alias.col_offset), end, RENAMES[alias.name], expect=alias.name)
            yield _hit(alias, alias.name, edit)


@containing(*TRIGGERS)
def visit_Constant(node: ast.Constant, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`StatusCode.Name(code) == "INPUT_IMAGE_DOWNLOAD_SUCCESS"`."""
    if isinstance(node.value, str) and node.value in RENAMES:
        if is_docstring(parents) or (parents and isinstance(parents[-1], ast.JoinedStr)):
            return
        source = ctx.segment(node)
        safe = source.count(node.value) == 1
        edit = replace(node, source.replace(node.value, RENAMES[node.value]), expect=source) if safe else None
        yield _hit(node, node.value, edit)
