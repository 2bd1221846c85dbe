"""CL013 2021-11-24: the `type` option of POST /models and /models/searches became `model_type_id`.

Flags `ModelQuery(type=...)` and `{"model_query": {"type": ...}}` (both fixed by renaming the
key to `model_type_id`), `type` inside a model's `output_info` (`OutputInfo(type=...)`,
`{"output_info": {"type": ...}}`, `model.output_info.type`), and the 2.x client's
`models.search(..., model_type=...)`, which sends the old option.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..engine import Context
from ..hits import Edit, Fix, Hit, replace
from ..syntax import callee, chain, dict_items, key_of

CODE = "CL013"
TRIGGERS = ("type",)
FIX = "renames the type key of a model query to model_type_id"

QUERY = "the type option of a model query is gone: use model_type_id"
OUTPUT_INFO = "output_info.type is gone: set the model's model_type_id instead"
CLIENT = (
    "the 2.x client's models.search(model_type=...) sends the removed type option: "
    "call PostModelsSearches with ModelQuery(model_type_id=...)"
)


def _rename_keyword(item: ast.keyword) -> Fix:
    start = (item.lineno, item.col_offset)
    edit = Edit(start, (item.lineno, item.col_offset + len("type")), "model_type_id", expect="type")
    return Fix("type= -> model_type_id=", (edit,))


def _is_rest_client_models(call: ast.Call, ctx: Context) -> bool:
    return ctx.names.imports_rest_client and chain(call.func)[-2:-1] == ["models"]


def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`ModelQuery(type="...")`, `OutputInfo(type="...")`, `app.models.search("x", model_type="...")`."""
    name = callee(node)
    for item in node.keywords:
        if item.arg == "type" and name == "ModelQuery":
            taken = any(other.arg == "model_type_id" for other in node.keywords)
            yield Hit(item, QUERY, None if taken else _rename_keyword(item))
        elif item.arg == "type" and name == "OutputInfo":
            yield Hit(item, OUTPUT_INFO)
        elif item.arg == "model_type" and name == "search" and _is_rest_client_models(node, ctx):
            yield Hit(item, CLIENT)


def _rename_key(key: ast.expr, ctx: Context) -> Fix | None:
    """`"type"` -> `"model_type_id"`, keeping the quotes."""
    source = ctx.segment(key)
    if source.count("type") != 1:
        return None
    return Fix('"type" -> "model_type_id"', (replace(key, source.replace("type", "model_type_id"), source),))


def visit_Dict(node: ast.Dict, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`{"model_query": {"type": "..."}}` (fixed), `{"output_info": {"type": "..."}}`."""
    holder = key_of(parents[-1], node) if parents else None
    if holder not in ("model_query", "output_info"):
        return
    for text, key, _value in dict_items(node):
        if text != "type":
            continue
        if holder == "output_info":
            yield Hit(key, OUTPUT_INFO)
            continue
        yield Hit(key, QUERY, _rename_key(key, ctx))


def visit_Attribute(node: ast.Attribute, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`model.output_info.type`, `query.model_query.type = "..."`."""
    if node.attr != "type" or not ctx.names.imports_clarifai:
        return
    holder = chain(node.value)[-1]
    if holder == "output_info":
        yield Hit(node, OUTPUT_INFO)
    elif holder == "model_query":
        yield Hit(node, QUERY)


def visit_Subscript(node: ast.Subscript, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`model["output_info"]["type"]`."""
    parts = chain(node)
    if parts[-1] == "type" and len(parts) > 1 and parts[-2] == "output_info":
        yield Hit(node, OUTPUT_INFO)
