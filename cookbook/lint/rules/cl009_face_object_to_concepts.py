"""CL009 2020-02-27: `data.face` is gone; face outputs are `data.concepts`, each with a `vocab_id`.

Flags reads of `.data.face` and of the Face object's parts (`age_appearance`,
`gender_appearance`, `multicultural_appearance`), as attributes, dict keys or `HasField("face")`.

Not in curl commands: they send requests and read no response field (a `| jq` filter is not read).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..engine import Context
from ..hits import Hit
from ..syntax import callee, chain, const_str

CODE = "CL009"
TRIGGERS = ("face", "_appearance")

PARTS = frozenset({"age_appearance", "gender_appearance", "multicultural_appearance"})
MESSAGE = (
    "data.face no longer exists: read data.concepts, whose vocab_id says "
    "age_appearance, gender_appearance or multicultural_appearance"
)


def _is_face(parts: list[str]) -> bool:
    return len(parts) >= 2 and parts[-1] == "face" and parts[-2] == "data"


def _flag(parts: list[str]) -> bool:
    """`...data.face`, or a Face part not already reached through `.data.face`."""
    if _is_face(parts):
        return True
    return parts[-1] in PARTS and not _is_face(parts[:-1])


def visit_Attribute(node: ast.Attribute, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`region.data.face.age_appearance.concepts`, `face.gender_appearance`."""
    if (node.attr == "face" or node.attr in PARTS) and ctx.names.imports_clarifai and _flag(chain(node)):
        yield Hit(node, MESSAGE)


def visit_Subscript(node: ast.Subscript, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`region["data"]["face"]["age_appearance"]`."""
    parts = chain(node)
    # A dict called `data` holding a "face" is anybody's; `x["data"]["face"]` is a response.
    if (parts[-1] == "face" or parts[-1] in PARTS) and len(parts) > 2 and _flag(parts):
        yield Hit(node, MESSAGE)


def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`region.data.HasField("face")`, `region["data"].get("face")`."""
    first = const_str(node.args[0]) if node.args else None
    if first != "face":
        return
    name = callee(node)
    if name == "HasField" or (name == "get" and chain(node.func)[-2:-1] == ["data"]):
        yield Hit(node, MESSAGE)
