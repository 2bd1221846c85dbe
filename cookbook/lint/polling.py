"""Shared by the rules about asynchronous inputs (CL002, CL003, CL011): what adds, deletes or waits.

Each test looks at one node; the rules collect across the file and decide in `finish`.
"""

from __future__ import annotations

import ast

from .names import Names
from .rest import http_call
from .syntax import callee, chain

REST_CLIENT_ADDERS = frozenset(
    {
        "create_image",
        "create_image_from_url",
        "create_image_from_filename",
        "create_image_from_bytes",
        "create_image_from_base64",
        "bulk_create_images",
    }
)
# Names whose presence shows the code looks at input processing status.
UPLOAD_WAITS = frozenset(
    {
        "GetInput",
        "ListInputs",
        "StreamInputs",
        "GetInputCount",
        "wait_for_inputs",
        "wait_until_inputs_upload_finish",
        "check_status",
        "INPUT_SUCCESS",
        "INPUT_PENDING",
        "INPUT_IN_PROGRESS",
        "INPUT_DOWNLOAD_SUCCESS",
        "INPUT_DOWNLOAD_PENDING",
        "INPUT_DOWNLOAD_IN_PROGRESS",
        "INPUT_IMAGE_DOWNLOAD_SUCCESS",
        "INPUT_IMAGE_DOWNLOAD_PENDING",
        "INPUT_IMAGE_DOWNLOAD_IN_PROGRESS",
    }
)
UPLOAD_STATUS_NUMBERS = frozenset({30000, 30001, 30003})
DELETE_WAITS = frozenset(
    {
        "GetInput",
        "ListInputs",
        "StreamInputs",
        "wait_for_deleted",
        "wait_until_inputs_delete_finish",
        "CONN_DOES_NOT_EXIST",
        "INPUT_DOES_NOT_EXIST",
    }
)
REST_CLIENT_READS = frozenset({"get", "get_all", "get_by_page", "check_status"})


def adds_inputs(call: ast.Call, names: Names) -> str | None:
    """How `call` adds inputs (`PostInputs`, `inputs.create_image_from_url`, `POST /inputs`), or None."""
    name = callee(call)
    if name == "PostInputs":
        return "PostInputs"
    if name in REST_CLIENT_ADDERS and names.imports_rest_client:
        return f"inputs.{name}"
    http = http_call(call, names)
    if http and http[0] == "post" and http[1].endswith("/inputs"):
        return "POST /inputs"
    return None


def deletes_inputs(call: ast.Call, names: Names) -> str | None:
    """How `call` deletes inputs (`DeleteInputs`, `inputs.delete`, `DELETE /inputs`), or None."""
    name = callee(call)
    if name in ("DeleteInputs", "DeleteInput"):
        return name
    if names.imports_rest_client and chain(call.func)[-2:] == ["inputs", "delete"]:
        return "inputs.delete"
    http = http_call(call, names)
    if http and http[0] == "delete" and "/inputs" in http[1]:
        return "DELETE /inputs"
    return None


def reads_inputs(call: ast.Call, names: Names) -> bool:
    """Whether `call` reads inputs back: `app.inputs.get(...)` (2.x client) or `GET .../inputs...`."""
    parts = chain(call.func)
    if len(parts) >= 2 and parts[-2] == "inputs" and parts[-1] in REST_CLIENT_READS:
        return True
    http = http_call(call, names)
    return bool(http and http[0] == "get" and "/inputs" in http[1])


def name_of(node: ast.AST) -> str | None:
    """The identifier of a Name or the attribute of an Attribute."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def checks_upload_status(node: ast.AST) -> bool:
    """Whether `node` shows the file looking at input status: `stub.GetInput`, `INPUT_SUCCESS`,
    `wait_for_inputs`, the numbers 30000/30001/30003, or a `/inputs/status` URL."""
    if isinstance(node, ast.Constant):
        value = node.value
        return (type(value) is int and value in UPLOAD_STATUS_NUMBERS) or (
            isinstance(value, str) and "/inputs/status" in value
        )
    return name_of(node) in UPLOAD_WAITS
