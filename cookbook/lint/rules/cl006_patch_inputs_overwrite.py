"""CL006 2020-02-03: PATCH /inputs `overwrite` replaces the whole data object; use merge or remove.

Flags `action="overwrite"` given to a PatchInputs request (gRPC or the 2.x client's
`inputs.update`, `bulk_update`, `api.patch_inputs`; also through a module constant or a helper
of the file that passes it on), set on a request (`request.action = "overwrite"`), or sent in a
REST body with `inputs` (`body["action"] = ...` too; also a curl command's `-d` body in a
string or a notebook's `!curl`, and a JSON text sent with `data=`). PatchModels and other
patches are not this change. No fix: merge and overwrite mean different things, so the right
action depends on what the code wants.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..curl import json_pairs
from ..engine import Context, containing
from ..forms import assigned_call, helper_callees, local_value
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
    yield from _passed_overwrite(node, ctx)


def _passed_overwrite(node: ast.Call, ctx: Context) -> Iterator[Hit]:
    """ "overwrite" through a module constant (`action=ACTION`) or a helper of the file that
    passes it on as `action` to a PatchInputs request (`patch(stub, inputs, "overwrite")`)."""
    for argument, key, text in ctx.names.passed_strings(node):
        if key == "action" and text == "overwrite" and _patches_inputs_through(node, ctx):
            yield Hit(argument, MESSAGE)


def _patches_inputs_through(node: ast.Call, ctx: Context) -> bool:
    """Whether the helper `node` calls patches inputs; for a call of no helper, whether it does."""
    callees = helper_callees(node, ctx.names.functions)
    if not callees:
        return _patches_inputs(node, ctx)
    return any("input" in name.lower() and name.lower().startswith("patch") for name in callees)


def visit_Assign(node: ast.Assign, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`request.action = "overwrite"` on a request that is not a PatchModels one;
    `body["action"] = "overwrite"` on a REST body with inputs."""
    if const_str(node.value) != "overwrite":
        return
    for target in node.targets:
        if _sets_overwrite(target, ctx, parents):
            yield Hit(target, MESSAGE)


def _sets_overwrite(target: ast.expr, ctx: Context, parents: tuple) -> bool:
    if isinstance(target, ast.Subscript):
        return ctx.mentions_clarifai and _body_of_inputs(target, parents)
    return isinstance(target, ast.Attribute) and _request_of_inputs(target, ctx, parents)


def _request_of_inputs(target: ast.Attribute, ctx: Context, parents: tuple) -> bool:
    """Whether `request.action` is a PatchInputs request's (or one built out of sight)."""
    if target.attr != "action" or not ctx.names.imports_clarifai or "model" in ctx.segment(target):
        return False
    built = assigned_call(target.value, parents)
    return built is None or _patches_inputs(built, ctx)


def _body_of_inputs(target: ast.Subscript, parents: tuple) -> bool:
    """`body["action"] = "overwrite"` where `body = {"inputs": ...}` in the same function."""
    if chain(target)[-1:] != ["action"] or not isinstance(target.value, ast.Name):
        return False
    body = local_value(target.value, parents)
    return isinstance(body, ast.Dict) and "inputs" in dict_keys(body)


def visit_Dict(node: ast.Dict, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`{"inputs": [...], "action": "overwrite"}`."""
    if "inputs" not in dict_keys(node):
        return
    for text, key, value in dict_items(node):
        if text == "action" and const_str(value) == "overwrite":
            yield Hit(key, MESSAGE)


@containing("curl", "overwrite")
def visit_Constant(node: ast.Constant, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`"curl -X PATCH .../v2/inputs -d '{\"inputs\": [...], \"action\": \"overwrite\"}'"`."""
    command = curl_command(node, parents, ctx.names)
    if command is None or not command.path.endswith("/inputs"):
        return
    for key, value, holder in json_pairs(command.body):
        if key == "action" and value == "overwrite" and "inputs" in holder:
            yield Hit(node, MESSAGE)
            return
