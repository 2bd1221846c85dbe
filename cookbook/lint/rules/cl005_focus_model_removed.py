"""CL005 2020-02-01: the Focus model and its `data.focus` output are gone.

Flags reads of `.data.focus` (attributes, `["data"]["focus"]`, `HasField("focus")`), the Focus
model's id and name (also held in a module constant, a local variable or passed through a
helper of the file; in a `/models/focus/...` URL, literal, built or in a curl command), and the
2.x client's `public_models.focus_model`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ..engine import Context, containing, named
from ..hits import Hit
from ..names import FOCUS_MODEL_ID
from ..rest import model_named_through
from ..syntax import callee, chain, is_called, is_docstring, key_of

CODE = "CL005"
TRIGGERS = ("focus",)
STRONG_TRIGGERS = (FOCUS_MODEL_ID,)

OUTPUT = "data.focus no longer exists: the Focus model was removed and nothing replaces its output"
MODEL = "the Focus model was removed: nothing replaces it"
MODEL_KEYS = frozenset({"model_id", "id", "model_name"})
MODEL_URL = re.compile(rf"/models/(?:focus|{FOCUS_MODEL_ID})(?:/|$)")


@named("focus", "focus_model")
def visit_Attribute(node: ast.Attribute, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`output.data.focus.value`, `app.public_models.focus_model`."""
    if node.attr == "focus" and chain(node.value)[-1] == "data" and ctx.names.imports_clarifai:
        if not is_called(node, parents):
            yield Hit(node, OUTPUT)
    elif node.attr == "focus_model" and chain(node.value)[-1] == "public_models" and ctx.mentions_clarifai:
        yield Hit(node, MODEL)


@named("focus")
def visit_Subscript(node: ast.Subscript, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`output["data"]["focus"]`."""
    parts = chain(node)
    if parts[-1] == "focus" and len(parts) > 1 and parts[-2] == "data" and ctx.mentions_clarifai:
        yield Hit(node, OUTPUT)


def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`data.HasField("focus")`, `output["data"].get("focus")`, `app.models.get("focus")`;
    "focus" as a model id through a module constant (`model_id=MODEL`) or a helper of the file
    that passes its argument on as `model_id` (`predict("focus")`)."""
    if not ctx.mentions_clarifai:
        return
    for through in model_named_through(node, ctx.names, parents, "focus", MODEL_KEYS, MODEL_URL):
        yield Hit(through, MODEL)
    if not node.args or ctx.names.string(node.args[0]) != "focus":
        return
    name = callee(node)
    receiver = chain(node.func)[-2:-1]
    if name == "HasField" or (name == "get" and receiver == ["data"]):
        yield Hit(node, OUTPUT)
    elif name == "get" and receiver == ["models"]:
        yield Hit(node, MODEL)


@containing("focus", FOCUS_MODEL_ID)
def visit_Constant(node: ast.Constant, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """The Focus model id anywhere; `model_id="focus"`."""
    value = node.value
    if not isinstance(value, str) or is_docstring(parents):
        return
    names_focus = value == "focus" and ctx.mentions_clarifai and key_of(parents[-1], node) in MODEL_KEYS
    url = "/models/focus" in value and ctx.mentions_clarifai and MODEL_URL.search(value) is not None
    if FOCUS_MODEL_ID in value or names_focus or url:
        yield Hit(node, MODEL)
