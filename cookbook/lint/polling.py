"""What one call or comparison does to inputs, for the asynchronous changes (CL002, CL003, CL011).

`step_of` names a call's kind: it adds inputs, deletes them, trains, reads, lists or counts them,
searches or predicts, or waits (a wait helper). `status_waits` says whether an expression
compares against an input's processing status (an upload wait) or against "gone" (a delete
wait). `cookbook.lint.flow` puts these in program order.
"""

from __future__ import annotations

import ast

from .names import Names
from .rest import HTTP_CALLS, http_call
from .syntax import callee, chain

ADD, DELETE, TRAIN = "add", "delete", "train"
READ, LIST, COUNT, SEARCH, PREDICT = "read", "list", "count", "search", "predict"
UPLOAD_WAIT, DELETE_WAIT = "upload wait", "delete wait"
READS = frozenset({READ, LIST, COUNT})
# A list shows an input still being processed (as pending) and one still being deleted: it is a
# use after a delete, not after an upload.
UPLOAD_USES = frozenset({READ, COUNT, SEARCH, PREDICT})

REST_CLIENT_ADDERS = frozenset(
    {
        "create_image",
        "create_image_from_url",
        "create_image_from_filename",
        "create_image_from_bytes",
        "create_image_from_base64",
        "bulk_create_images",
        "add_inputs",
    }
)
REST_CLIENT_DELETERS = frozenset({"delete", "delete_all", "bulk_delete", "delete_input", "delete_inputs"})
REST_CLIENT_READS = {"get": READ, "get_input": READ, "get_all": LIST, "get_by_page": LIST, "get_inputs": LIST}
GRPC_STEPS = {
    "PostInputs": ADD,
    "DeleteInputs": DELETE,
    "DeleteInput": DELETE,
    "PostModelVersions": TRAIN,
    "GetInput": READ,
    "ListInputs": LIST,
    "StreamInputs": LIST,
    "GetInputCount": COUNT,
    "PostSearches": SEARCH,
    "PostInputsSearches": SEARCH,
    "PostAnnotationsSearches": SEARCH,
    "PostModelOutputs": PREDICT,
    "PostWorkflowResults": PREDICT,
}
# The called names that can start what a wait must follow (an upload, a delete, a training).
STARTS = frozenset(
    {name for name, kind in GRPC_STEPS.items() if kind in (ADD, DELETE, TRAIN)}
    | REST_CLIENT_ADDERS
    | REST_CLIENT_DELETERS
    | {"train"}
    | HTTP_CALLS
)
UPLOAD_WAIT_CALLS = frozenset(
    {"wait_for_inputs", "wait_until_inputs_upload_finish", "check_status", "get_inputs_status"}
)
DELETE_WAIT_CALLS = frozenset({"wait_for_deleted", "wait_until_inputs_delete_finish"})
# Names and numbers that show a comparison with an input's processing status...
UPLOAD_MARKERS = frozenset(
    {
        "INPUT_SUCCESS",
        "INPUT_PENDING",
        "INPUT_IN_PROGRESS",
        "INPUT_FAILED",
        "INPUT_DOWNLOAD_SUCCESS",
        "INPUT_DOWNLOAD_PENDING",
        "INPUT_DOWNLOAD_IN_PROGRESS",
        "INPUT_DOWNLOAD_FAILED",
        "INPUT_IMAGE_DOWNLOAD_SUCCESS",
        "INPUT_IMAGE_DOWNLOAD_PENDING",
        "INPUT_IMAGE_DOWNLOAD_IN_PROGRESS",
        "INPUT_IMAGE_DOWNLOAD_FAILED",
        "to_process",
        "processing",
    }
)
UPLOAD_STATUS_NUMBERS = frozenset({30000, 30001, 30002, 30003, 30004})
# ...and with an input being gone.
DELETE_MARKERS = frozenset({"CONN_DOES_NOT_EXIST", "INPUT_DOES_NOT_EXIST"})
DELETE_STATUS_NUMBERS = frozenset({11101, 404})


def step_of(call: ast.Call, names: Names) -> tuple[str, str] | None:
    """(kind, how) for a call that acts on inputs, trains, uses them or waits; None otherwise."""
    name = callee(call)
    if name in GRPC_STEPS:
        return GRPC_STEPS[name], name
    if name in UPLOAD_WAIT_CALLS:
        return UPLOAD_WAIT, name
    if name in DELETE_WAIT_CALLS:
        return DELETE_WAIT, name
    return _rest_client_step(call, names) or _http_step(call, names)


def _rest_client_step(call: ast.Call, names: Names) -> tuple[str, str] | None:
    """The 2.x client: `app.inputs.create_image_from_url(...)`, `model.train()`, `.predict_by_url(...)`."""
    if not names.imports_rest_client or not isinstance(call.func, ast.Attribute):
        return None
    parts = chain(call.func)
    name, receiver = parts[-1], parts[-2] if len(parts) > 1 else ""
    if receiver == "inputs":
        if name in REST_CLIENT_ADDERS:
            return ADD, f"inputs.{name}"
        if name in REST_CLIENT_DELETERS:
            return DELETE, f"inputs.{name}"
        if name in REST_CLIENT_READS:
            return REST_CLIENT_READS[name], f"inputs.{name}"
        if name.startswith("search"):
            return SEARCH, f"inputs.{name}"
    if name == "train":
        return TRAIN, "model.train()"
    if name.startswith("predict"):
        return PREDICT, f"{receiver or 'model'}.{name}"
    return None


def _http_step(call: ast.Call, names: Names) -> tuple[str, str] | None:
    """Plain HTTP: `requests.post(f"{BASE}/inputs", ...)` and the like."""
    http = http_call(call, names)
    if http is None:
        return None
    method, url = http
    how = f"{method.upper()} {url[url.find('/v2/') + 3 :] if '/v2/' in url else url}"
    if url.endswith("/searches"):
        return SEARCH, how
    if url.endswith("/outputs") or url.endswith("/results"):
        return PREDICT, how
    if method == "post" and "/models/" in url and url.endswith("/versions"):
        return TRAIN, how
    if "/inputs" not in url:
        return None
    if method == "post" and url.endswith("/inputs"):
        return ADD, how
    if method == "delete":
        return DELETE, how
    if method == "get":
        if url.endswith("/inputs/status"):
            return COUNT, how
        return (LIST, how) if url.endswith("/inputs") else (READ, how)
    return None


def status_waits(node: ast.AST) -> set[str]:
    """The waits a comparison (or any expression) shows: `status.code == INPUT_SUCCESS` is an
    upload wait, `== CONN_DOES_NOT_EXIST` a delete wait; `counts.to_process` an upload wait."""
    waits: set[str] = set()
    for inner in ast.walk(node):
        word = getattr(inner, "id", None) or getattr(inner, "attr", None)
        number = inner.value if isinstance(inner, ast.Constant) and type(inner.value) is int else None
        if word in UPLOAD_MARKERS or number in UPLOAD_STATUS_NUMBERS:
            waits.add(UPLOAD_WAIT)
        elif word in DELETE_MARKERS or number in DELETE_STATUS_NUMBERS:
            waits.add(DELETE_WAIT)
    return waits
