"""CL012 2021-02-12: DELETE /inputs lost `delete_all`; delete by ids, at most 128 per request.

Flags `delete_all=True` on a delete-inputs request, `request.delete_all = True` on one,
`{"delete_all": true}` bodies (unless sent to another path), curl commands sending one, and
the 2.x client's `app.inputs.delete_all()` / `app.api.delete_all_inputs()`. Only inputs lost
the option: DeleteModels and DeleteWorkflows keep `delete_all`, and are left alone.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..curl import json_keys
from ..engine import Context, containing
from ..forms import assigned_call, enclosing_call
from ..hits import Hit
from ..rest import curl_command, http_call
from ..syntax import callee, chain, dict_items, keyword

CODE = "CL012"
TRIGGERS = ("delete_all",)

MESSAGE = (
    "delete_all is no longer accepted: list the input ids and delete them in DeleteInputs "
    "calls of at most 128 ids (recipes.inputs.delete_all_inputs)"
)
# Requests that keep `delete_all` (the change names DELETE /inputs only).
OTHER_REQUESTS = ("Model", "Workflow", "Concept", "Annotation", "App", "Key", "Collaborator")


def _deletes_inputs(name: str) -> bool:
    """Whether a request class name is the inputs one (`DeleteInputsRequest`), not models'."""
    return "Input" in name and not any(other in name for other in OTHER_REQUESTS)


def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`DeleteInputsRequest(delete_all=True)`, `app.inputs.delete_all()`, `api.delete_all_inputs()`."""
    flag = keyword(node, "delete_all")
    name = callee(node) or ""
    if flag is not None:
        if _deletes_inputs(name) or (ctx.names.clarifai_name(node.func) and "Request" not in name):
            yield Hit(flag, MESSAGE)
    elif _client_deletes_all(node, name, ctx):
        yield Hit(node, MESSAGE)


def _client_deletes_all(node: ast.Call, name: str, ctx: Context) -> bool:
    """The 2.x client: `app.inputs.delete_all()`, `app.api.delete_all_inputs()`."""
    if name == "delete_all":
        return chain(node.func)[-2:-1] == ["inputs"]
    if name != "delete_all_inputs" or not ctx.names.imports_rest_client:
        return False
    return chain(node.func)[-2:-1] == ["api"]


def visit_Assign(node: ast.Assign, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`request.delete_all = True` on a request that is not DeleteModels' or DeleteWorkflows'."""
    for target in node.targets:
        if isinstance(target, ast.Attribute) and target.attr == "delete_all" and ctx.names.imports_clarifai:
            built = assigned_call(target.value, parents)
            if built is None or _deletes_inputs(callee(built) or ""):
                yield Hit(target, MESSAGE)


def visit_Dict(node: ast.Dict, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`requests.delete(url, json={"delete_all": True})`; not when the URL is another path."""
    flags = [key for text, key, _value in dict_items(node) if text == "delete_all"]
    if not flags:
        return
    call = enclosing_call(node, parents)
    sent = http_call(call, ctx.names, parents) if call is not None else None
    if sent is None or sent[1].endswith("/inputs"):
        for key in flags:
            yield Hit(key, MESSAGE)


@containing("curl", "delete_all")
def visit_Constant(node: ast.Constant, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`"curl -X DELETE .../v2/inputs -d '{\"delete_all\": true}'"` in a string."""
    command = curl_command(node, parents, ctx.names)
    if command is not None and command.path.endswith("/inputs") and "delete_all" in json_keys(command.body):
        yield Hit(node, MESSAGE)
