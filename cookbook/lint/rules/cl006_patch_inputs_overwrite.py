"""CL006 2020-02-03: PATCH /inputs `overwrite` replaces the whole data object; use merge or remove.

Flags `action="overwrite"` given to a PatchInputs request (gRPC or the 2.x client's
`inputs.update`, `bulk_update`, `api.patch_inputs`), set on a request
(`request.action = "overwrite"`), or sent in a REST body with `inputs` (also a curl command's
`-d` body in a string or a notebook's `!curl`). PatchModels and other patches
are not this change. No fix: merge and overwrite mean different things, so the right action
depends on what the code wants.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..curl import json_pairs
from ..engine import Context
from ..forms import assigned_call
from ..hits import Hit
from ..rest import curl_command
from ..syntax import callee, chain, const_str, dict_items, dict_keys

CODE = "CL006"
TRIGGERS = ("overwrite",)

MESSAGE = (
    'action="overwrite" replaces the whole data object, dropping every field not sent: '
    'use "merge" to add or "remove" to delete, or send the complete data object'
)


def _patches_inputs(call: ast.Call, ctx: Context) -> bool:
    """`PatchInputsRequest(...)` (or any Clarifai call about inputs), `app.inputs.update(...)`,
    `app.api.patch_inputs(...)`."""
    name = (callee(call) or "").lower()
    if name.startswith("patch") and "input" not in name:
        return False
    if "input" in name:
        return True
    return ctx.names.imports_rest_client and "inputs" in chain(call.func)[:-1]


def _action(call: ast.Call) -> ast.AST | None:
    """The `action` given: `action="..."`, or the 2.x `inputs.update(image, "overwrite")`'s second."""
    for item in call.keywords:
        if item.arg == "action":
            return item
    if callee(call) in ("update", "bulk_update") and len(call.args) == 2:
        return call.args[1]
    return None


def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`PatchInputsRequest(action="overwrite", ...)`, `app.inputs.update(image, action="overwrite")`."""
    action = _action(node)
    value = action.value if isinstance(action, ast.keyword) else action
    if action is not None and const_str(value) == "overwrite" and _patches_inputs(node, ctx):
        yield Hit(action, MESSAGE)


def visit_Assign(node: ast.Assign, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`request.action = "overwrite"` on a request that is not a PatchModels one."""
    if const_str(node.value) != "overwrite" or not ctx.names.imports_clarifai:
        return
    for target in node.targets:
        if not isinstance(target, ast.Attribute) or target.attr != "action":
            continue
        if "model" not in ctx.segment(target):
            built = assigned_call(target.value, parents)
            if built is None or _patches_inputs(built, ctx):
                yield Hit(target, MESSAGE)


def visit_Dict(node: ast.Dict, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`{"inputs": [...], "action": "overwrite"}`."""
    if "inputs" not in dict_keys(node):
        return
    for text, key, value in dict_items(node):
        if text == "action" and const_str(value) == "overwrite":
            yield Hit(key, MESSAGE)


def visit_Constant(node: ast.Constant, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`"curl -X PATCH .../v2/inputs -d '{\"inputs\": [...], \"action\": \"overwrite\"}'"`."""
    command = curl_command(node, parents, ctx.names)
    if command is None or not command.path.endswith("/inputs"):
        return
    for key, value, holder in json_pairs(command.body):
        if key == "action" and value == "overwrite" and "inputs" in holder:
            yield Hit(node, MESSAGE)
            return
