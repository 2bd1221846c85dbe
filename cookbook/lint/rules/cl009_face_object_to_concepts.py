"""CL009 2020-02-27: `data.face` is gone; face outputs are `data.concepts`, each with a `vocab_id`.

Flags reads of `.data.face` and of the Face object's parts (`age_appearance`,
`gender_appearance`, `multicultural_appearance`), as attributes, dict keys or `HasField("face")`;
and the 2.x client's `Face(...)` objects (with `FaceIdentity`, `FaceAgeAppearance`, ...; a part
on its own when it is not inside a `Face`), which send `data.face` in region feedback.

Not in curl commands: they send requests and read no response field (a `| jq` filter is not read).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..engine import Context, named
from ..hits import Hit
from ..syntax import callee, chain, const_str

CODE = "CL009"
TRIGGERS = ("face", "_appearance", "Face")

PARTS = frozenset({"age_appearance", "gender_appearance", "multicultural_appearance"})
CLIENT_FACE = frozenset(
    {"Face", "FaceIdentity", "FaceAgeAppearance", "FaceGenderAppearance", "FaceMulticulturalAppearance"}
)
CLIENT = (
    "the 2.x client's {name} sends data.face, which no longer exists: send the face's "
    "concepts as data.concepts (with the vocab_id of each: age_appearance, ...)"
)
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


@named("face", *PARTS)
def visit_Attribute(node: ast.Attribute, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`region.data.face.age_appearance.concepts`, `face.gender_appearance`."""
    if (node.attr == "face" or node.attr in PARTS) and ctx.names.imports_clarifai and _flag(chain(node)):
        yield Hit(node, MESSAGE)


@named("face", *PARTS)
def visit_Subscript(node: ast.Subscript, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`region["data"]["face"]["age_appearance"]`."""
    parts = chain(node)
    # A dict called `data` holding a "face" is anybody's; `x["data"]["face"]` is a response.
    if (parts[-1] == "face" or parts[-1] in PARTS) and len(parts) > 2 and _flag(parts):
        yield Hit(node, MESSAGE)


def _client_face(func: ast.AST, ctx: Context) -> str | None:
    """`Face` (or a part) when `func` is the 2.x client's class of that name."""
    origin = ctx.names.origin(func) or ""
    name = origin.rsplit(".", 1)[-1]
    return name if origin.startswith("clarifai.rest") and name in CLIENT_FACE else None


def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`region.data.HasField("face")`, `region["data"].get("face")`, the 2.x client's `Face(...)`."""
    face = _client_face(node.func, ctx) if ctx.names.imports_rest_client else None
    if face is not None:
        inside = any(isinstance(outer, ast.Call) and _client_face(outer.func, ctx) for outer in parents)
        if face == "Face" or not inside:
            yield Hit(node, CLIENT.format(name=face))
        return
    first = const_str(node.args[0]) if node.args else None
    if first != "face":
        return
    name = callee(node)
    if name == "HasField" or (name == "get" and chain(node.func)[-2:-1] == ["data"]):
        yield Hit(node, MESSAGE)
