"""CL013 2021-11-24: the `type` option of POST /models and /models/searches became `model_type_id`.

Flags `ModelQuery(type=...)` and `{"model_query": {"type": ...}}` (also in a curl command's
JSON body, not fixed there), fixed when the value is an old type name the cookbook maps
(`recipes.renames`): the key becomes `model_type_id` and the value the model_type_id it stands
for (`concept` -> `embedding-classifier`, `detect-concept` -> `visual-detector`; a facedetect
name through its detect name), since an old name is not a model_type_id. Flags `type` inside a
model's `output_info` (`OutputInfo(type=...)`, `{"output_info": {"type": ...}}`,
`model.output_info.type`), the 2.x client's `models.search(..., model_type=...)` (and
`api.search_models(name, type)`), which sends the old option, and an old type name given as a
`model_type_id` (`model_type_id="concept"`, what a key-only rename produced), fixed.

The fixes are unsafe (applied with --unsafe-fixes only): which model_type_id an old type name
stands for is the cookbook's reading of the two naming schemes, not a table Clarifai published,
so a person should check it (`ListModelTypes`) before the fix is kept.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from recipes.renames import FACEDETECT_RENAMES, OLD_TYPE_IDS

from ..curl import json_pairs
from ..engine import Context, containing, named
from ..hits import Edit, Fix, Hit, replace
from ..rest import curl_command
from ..syntax import callee, chain, const_str, dict_items, key_of, keyword

CODE = "CL013"
TRIGGERS = ("type", "search_models")
FIX = "renames the type key of a model query to model_type_id (unsafe: the mapping is the cookbook's reading)"

QUERY = "the type option of a model query is gone: use model_type_id"
OUTPUT_INFO = "output_info.type is gone: set the model's model_type_id instead"
CLIENT = (
    "the 2.x client's models.search(model_type=...) sends the removed type option: "
    "call PostModelsSearches with ModelQuery(model_type_id=...)"
)
OLD_NAME_AS_ID = "{old!r} is an old type name, not a model_type_id: use {new!r}"


def type_id_for(value: ast.expr | None) -> str | None:
    """The model_type_id an old type name literal stands for; None when it is no known name."""
    old = const_str(value)
    if old is None or (old not in OLD_TYPE_IDS and old not in FACEDETECT_RENAMES):
        return None
    return OLD_TYPE_IDS.get(FACEDETECT_RENAMES.get(old, old), FACEDETECT_RENAMES.get(old, old))


def _with_id(message: str, value: ast.expr | None) -> str:
    new = type_id_for(value)
    return f"{message} ({const_str(value)!r} is {new!r})" if new else message


def _new_value(value: ast.expr, ctx: Context, new: str) -> Edit | None:
    old = const_str(value)
    source = ctx.segment(value)
    if old is None or source.count(old) != 1:
        return None
    return replace(value, source.replace(old, new), expect=source)


def _rename_keyword(item: ast.keyword, ctx: Context) -> Fix | None:
    new = type_id_for(item.value)
    value = _new_value(item.value, ctx, new) if new else None
    if value is None:
        return None
    start = (item.lineno, item.col_offset)
    edit = Edit(start, (item.lineno, item.col_offset + len("type")), "model_type_id", expect="type")
    return Fix(f"type={const_str(item.value)!r} -> model_type_id={new!r}", (edit, value), safe=False)


def _old_name_as_id(value: ast.expr, ctx: Context) -> Hit | None:
    """`model_type_id="concept"`: an old name where a model_type_id goes (facedetect: CL007)."""
    old = const_str(value)
    if old not in OLD_TYPE_IDS or OLD_TYPE_IDS[old] == old:
        return None
    new = OLD_TYPE_IDS[old]
    edit = _new_value(value, ctx, new)
    return Hit(
        value,
        OLD_NAME_AS_ID.format(old=old, new=new),
        Fix(f"{old!r} -> {new!r}", (edit,), safe=False) if edit else None,
    )


def _is_rest_client_models(call: ast.Call, ctx: Context) -> bool:
    return ctx.names.imports_rest_client and chain(call.func)[-2:-1] == ["models"]


def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`ModelQuery(type="...")`, `OutputInfo(type="...")`, `app.models.search("x", model_type="...")`."""
    name = callee(node)
    for item in node.keywords:
        if item.arg == "type" and name == "ModelQuery":
            taken = any(other.arg == "model_type_id" for other in node.keywords)
            yield Hit(item, _with_id(QUERY, item.value), None if taken else _rename_keyword(item, ctx))
        elif item.arg == "type" and name == "OutputInfo":
            yield Hit(item, _with_id(OUTPUT_INFO, item.value))
        elif item.arg == "model_type" and name == "search" and _is_rest_client_models(node, ctx):
            yield Hit(item, _with_id(CLIENT, item.value))
        elif item.arg == "model_type_id":
            hit = _old_name_as_id(item.value, ctx)
            if hit:
                yield hit
    if name == "search_models" and ctx.names.imports_rest_client and chain(node.func)[-2:-1] == ["api"]:
        given = node.args[1] if len(node.args) > 1 else keyword(node, "model_type")
        if given is not None:
            yield Hit(given, CLIENT)


def _rename_key(key: ast.expr, value: ast.expr, ctx: Context) -> Fix | None:
    """`"type": "concept"` -> `"model_type_id": "embedding-classifier"`, keeping the quotes."""
    source = ctx.segment(key)
    new = type_id_for(value)
    edit = _new_value(value, ctx, new) if new else None
    if source.count("type") != 1 or edit is None:
        return None
    key_edit = replace(key, source.replace("type", "model_type_id"), source)
    return Fix(f'"type": {const_str(value)!r} -> "model_type_id": {new!r}', (key_edit, edit), safe=False)


def visit_Dict(node: ast.Dict, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`{"model_query": {"type": "..."}}` (fixed), `{"output_info": {"type": "..."}}`,
    `{"model_type_id": "concept"}` (fixed)."""
    holder = key_of(parents[-1], node) if parents else None
    for text, key, value in dict_items(node):
        if text == "model_type_id":
            hit = _old_name_as_id(value, ctx)
            if hit:
                yield hit
        if text != "type" or holder not in ("model_query", "output_info"):
            continue
        if holder == "output_info":
            yield Hit(key, _with_id(OUTPUT_INFO, value))
            continue
        taken = "model_type_id" in {other for other, _key, _value in dict_items(node)}
        yield Hit(key, _with_id(QUERY, value), None if taken else _rename_key(key, value, ctx))


@named("type")
def visit_Attribute(node: ast.Attribute, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`model.output_info.type`, `query.model_query.type = "..."`."""
    if node.attr != "type" or not ctx.names.imports_clarifai:
        return
    holder = chain(node.value)[-1]
    if holder == "output_info":
        yield Hit(node, OUTPUT_INFO)
    elif holder == "model_query":
        yield Hit(node, QUERY)


@named("type")
def visit_Subscript(node: ast.Subscript, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`model["output_info"]["type"]`."""
    parts = chain(node)
    if parts[-1] == "type" and len(parts) > 1 and parts[-2] == "output_info":
        yield Hit(node, OUTPUT_INFO)


@containing("curl", '"type"')
def visit_Constant(node: ast.Constant, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`"curl -X POST .../v2/models/searches -d '{\"model_query\": {\"type\": \"concept\"}}'"`."""
    command = curl_command(node, parents, ctx.names)
    if command is None:
        return
    for key, value, _holder in json_pairs(command.body):
        if key in ("model_query", "output_info") and isinstance(value, dict) and "type" in value:
            yield Hit(node, QUERY if key == "model_query" else OUTPUT_INFO)
            return
