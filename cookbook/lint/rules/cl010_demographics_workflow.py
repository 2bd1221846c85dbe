"""CL010 2020-10-16: the demographics model was retired for the Demographics workflow.

Flags the old model's id `c0c0ac362b03416da06ab3fa36fb58e3` anywhere, the model id or name
"demographics" where a model is named (`model_id=`, `models.get(...)`, a `/models/...` URL,
literal or built from constants; also through a module constant, a local variable or a helper
of the file that passes it on), and the 2.x client's `public_models.demographics_model`. The
new workflow is "Demographics", with a capital D, and is left alone.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ..engine import Context, containing, named
from ..hits import Hit
from ..names import DEMOGRAPHICS_MODEL_ID
from ..rest import model_named_through
from ..syntax import callee, chain, is_docstring, key_of

CODE = "CL010"
TRIGGERS = ("demographics",)
STRONG_TRIGGERS = (DEMOGRAPHICS_MODEL_ID,)

MESSAGE = (
    "the demographics model was retired: call the Demographics workflow (PostWorkflowResults, "
    "workflow_id='Demographics' in clarifai/main), which runs age, gender and multicultural models"
)
MODEL_KEYS = frozenset({"model_id", "id", "model_name"})
MODEL_URL = re.compile(r"/models/demographics(?:/|$)")


@containing("demographics", DEMOGRAPHICS_MODEL_ID)
def visit_Constant(node: ast.Constant, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """The old id anywhere; "demographics" as a model id; a URL to /models/demographics."""
    value = node.value
    if not isinstance(value, str) or is_docstring(parents):
        return
    if DEMOGRAPHICS_MODEL_ID in value or (ctx.mentions_clarifai and _names_the_model(value, node, parents)):
        yield Hit(node, MESSAGE)


def _names_the_model(value: str, node: ast.AST, parents: tuple) -> bool:
    if value == "demographics":
        return bool(parents) and key_of(parents[-1], node) in MODEL_KEYS
    return "/models/demographics" in value and MODEL_URL.search(value) is not None


def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`app.models.get("demographics")`; "demographics" as a model id through a module constant
    (`model_id=MODEL`) or a helper of the file that passes its argument on as `model_id`."""
    if ctx.mentions_clarifai:
        for through in model_named_through(node, ctx.names, parents, "demographics", MODEL_KEYS, MODEL_URL):
            yield Hit(through, MESSAGE)
    if callee(node) != "get" or not node.args or ctx.names.string(node.args[0]) != "demographics":
        return
    if chain(node.func)[-2:-1] == ["models"] and ctx.mentions_clarifai:
        yield Hit(node.args[0], MESSAGE)


@named("demographics_model")
def visit_Attribute(node: ast.Attribute, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`app.public_models.demographics_model`."""
    if (
        node.attr == "demographics_model"
        and chain(node.value)[-1] == "public_models"
        and ctx.mentions_clarifai
    ):
        yield Hit(node, MESSAGE)
