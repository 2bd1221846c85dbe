"""CL012 2021-02-12: DELETE /inputs lost `delete_all`; delete by ids, at most 128 per request.

Flags `delete_all=True` on a delete-inputs request, `request.delete_all = True`,
`{"delete_all": true}` bodies, curl commands sending one, and the 2.x client's
`app.inputs.delete_all()`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..curl import json_keys
from ..engine import Context
from ..hits import Hit
from ..rest import curl_command
from ..syntax import callee, chain, dict_items, keyword

CODE = "CL012"
TRIGGERS = ("delete_all",)

MESSAGE = (
    "delete_all is no longer accepted: list the input ids and delete them in DeleteInputs "
    "calls of at most 128 ids (recipes.inputs.delete_all_inputs)"
)


def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`DeleteInputsRequest(delete_all=True)`, `app.inputs.delete_all()`."""
    flag = keyword(node, "delete_all")
    if flag is not None:
        name = callee(node) or ""
        if "Input" in name or ctx.names.clarifai_name(node.func):
            yield Hit(flag, MESSAGE)
    elif callee(node) == "delete_all" and chain(node.func)[-2:-1] == ["inputs"]:
        yield Hit(node, MESSAGE)


def visit_Assign(node: ast.Assign, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`request.delete_all = True`."""
    for target in node.targets:
        if isinstance(target, ast.Attribute) and target.attr == "delete_all" and ctx.names.imports_clarifai:
            yield Hit(target, MESSAGE)


def visit_Dict(node: ast.Dict, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`requests.delete(url, json={"delete_all": True})`."""
    for text, key, _value in dict_items(node):
        if text == "delete_all":
            yield Hit(key, MESSAGE)


def visit_Constant(node: ast.Constant, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`"curl -X DELETE .../v2/inputs -d '{\"delete_all\": true}'"` in a string."""
    command = curl_command(node, parents)
    if command is not None and command.path.endswith("/inputs") and "delete_all" in json_keys(command.body):
        yield Hit(node, MESSAGE)
