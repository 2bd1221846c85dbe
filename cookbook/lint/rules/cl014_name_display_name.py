"""CL014 2022-01-20: a model's `name` and `display_name` are deprecated; the model id names it.

Flags `name=` / `display_name=` on Clarifai `Model` messages (and `ListModelsRequest`), reads
of `.model.name` / `.model.display_name` (also `response["model"]["name"]`, and writes to
`body["model"]["name"]`), `"name"` in a model dict of a REST body (a Python
dict or a curl command's JSON in a string, a notebook's `!curl` too), and the 2.x client's
`models.create(..., model_name=...)` (or its second argument), `api.create_model`,
`model.update(model_name=...)`, and `models.get(model_name=...)` or `models.get("general-v1.3")`:
the client tries a name as an id, then searches the names, which from the date match ids only.
A first argument counts when it is a versioned name, as public models had (`-v1.3`): the docs
pass ids there too (`models.get("MODEL_ID")`), and an id is fine, as is `model_id=`; a search
by name (`models.search`, `ModelQuery(name=)`) is still supported. Only names that come from Clarifai count:
`Model(name=...)` from keras or `Concept(name=...)` are fine.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ..curl import model_objects
from ..engine import Context, containing, named
from ..hits import Hit
from ..rest import curl_command
from ..syntax import CLIENT_CREATES, chain, client_model_call, const_str, dict_items, holder

CODE = "CL014"
TRIGGERS = ("name", "models.create", "create_model", "models.get")

FIELDS = frozenset({"name", "display_name"})
MESSAGE = "model {field} is deprecated: the model id names the model (give a readable id)"
RESPONSE = re.compile(r"^(?:resp|res$|result|outputs?$|models$)|response")
NAMED_MESSAGES = frozenset({"Model", "ListModelsRequest"})
LOOKUP = (
    "models.get looks a model up by name, and model names are deprecated: from 2022-01-20 the "
    "search behind it matches ids only; pass model_id= (general-v1.3 is general-image-recognition)"
)
VERSIONED_NAME = re.compile(r"-v\d+(?:\.\d+)*$")  # general-v1.3, food-items-v1.0


def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`resources_pb2.Model(id="x", name="X")`, `app.models.create("x", model_name="X")`."""
    named_fields = any(item.arg in FIELDS for item in node.keywords)
    name = ctx.names.clarifai_name(node.func) if named_fields else None
    if name in NAMED_MESSAGES:
        for item in node.keywords:
            if item.arg in FIELDS:
                yield Hit(item, MESSAGE.format(field=item.arg))
    elif ctx.names.imports_rest_client:
        kind = client_model_call(node)
        given = _client_model_name(node, kind)
        if given is not None:
            yield Hit(given, LOOKUP if kind == "models.get" else MESSAGE.format(field="name"))


def _client_model_name(call: ast.Call, kind: str | None) -> ast.AST | None:
    """The model name given to the 2.x client's model call `kind`: `models.create("x", "X")` or
    `model_name="X"`, `api.create_model("x", "X")`, `model.update(model_name="X")`, `models.get("X")`."""
    if kind == "models.get":
        return _looked_up_name(call)
    if kind is None:
        return None
    for item in call.keywords:
        if item.arg == "model_name":
            return item
    return call.args[1] if kind in CLIENT_CREATES and len(call.args) > 1 else None


def _looked_up_name(call: ast.Call) -> ast.AST | None:
    """`models.get(model_name="X")`, `models.get("general-v1.3")`: the name looked up."""
    for item in call.keywords:
        if item.arg == "model_name":
            return item
    first = const_str(call.args[0]) if call.args else None
    return call.args[0] if first is not None and VERSIONED_NAME.search(first) else None


@named(*FIELDS)
def visit_Attribute(node: ast.Attribute, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`response.model.display_name`, `model.name` read from a Model message."""
    if node.attr not in FIELDS or not ctx.names.imports_clarifai:
        return
    parts = chain(node.value)
    if parts[-1] == "model" and any(RESPONSE.search(part) for part in parts[:-1]):
        yield Hit(node, MESSAGE.format(field=node.attr))


@named(*FIELDS)
def visit_Subscript(node: ast.Subscript, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`body["model"]["name"] = "X"` (a REST body), `response["model"]["name"]` (a REST answer)."""
    parts = chain(node)
    if len(parts) < 2 or parts[-1] not in FIELDS or parts[-2] != "model" or not ctx.mentions_clarifai:
        return
    if isinstance(node.ctx, ast.Store) or any(RESPONSE.search(part) for part in parts[:-2]):
        yield Hit(node, MESSAGE.format(field=parts[-1]))


def visit_Dict(node: ast.Dict, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`{"model": {"id": "x", "name": "X"}}`, `{"models": [{"name": ...}]}`."""
    if holder(node, parents) not in ("model", "models"):
        return
    for text, key, _value in dict_items(node):
        if text in FIELDS:
            yield Hit(key, MESSAGE.format(field=text))


@containing("curl", '"name"', '"display_name"')
def visit_Constant(node: ast.Constant, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`"curl -X POST .../v2/models -d '{\"model\": {\"id\": \"x\", \"name\": \"X\"}}'"`."""
    command = curl_command(node, parents, ctx.names)
    if command is None:
        return
    for _held_as, model, _model_holder in model_objects(command.body):
        for field in sorted(FIELDS.intersection(model)):
            yield Hit(node, MESSAGE.format(field=field))
