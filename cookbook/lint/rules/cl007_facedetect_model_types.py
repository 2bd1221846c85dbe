"""CL007 2020-02-12: the facedetect* model type names were renamed detect*.

The names were values of a model's `output_info.type` / `type_ext` and of the model-search
type (`model_query.type`, the 2.x client's `models.search(..., model_type=...)`), and the
values code compared those fields with. A facedetect string in those places (or any other
non-id place: a tuple of type names) is renamed in place to its detect name, the quotes and
prefix of the literal kept. Under `model_type_id` it was never valid (model_type_id came in
June 2020 and never had facedetect names): it is replaced with the model_type_id the face
models have (`visual-detector`, `visual-embedder`), not with the detect name. A string in an id
position (`model_id=`, `"id":`) names a model, not a type, and is left alone.
A curl command (script or notebook) sending a facedetect `type` in its JSON body is flagged,
not fixed.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from recipes.renames import FACEDETECT_RENAMES, OLD_TYPE_IDS

from ..curl import json_pairs
from ..engine import Context, containing
from ..hits import Fix, Hit, replace
from ..rest import curl_command
from ..syntax import is_docstring, key_of

CODE = "CL007"
TRIGGERS = ("facedetect",)
STRONG_TRIGGERS = ("facedetect-",)  # facedetect-identity, -demographics, -embed: Clarifai's alone
FIX = "renames the model type to detect* (to its model_type_id under model_type_id)"

RENAMES = FACEDETECT_RENAMES
ID_KEYS = frozenset({"id", "model_id", "workflow_id", "app_id", "user_id", "concept_id", "input_id"})
TYPE_ID_KEYS = frozenset({"model_type_id", "modelTypeId"})


def _fix(node: ast.Constant, ctx: Context, old: str, new: str) -> Fix | None:
    source = ctx.segment(node)
    if source.count(old) != 1:
        return None
    return Fix(f'"{old}" -> "{new}"', (replace(node, source.replace(old, new), expect=source),))


def _in_curl(node: ast.Constant, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`"curl ... /v2/models/searches -d '{\"model_query\": {\"type\": \"facedetect\"}}'"` (not fixed)."""
    command = curl_command(node, parents, ctx.names)
    if command is None:
        return
    for key, value, _holder in json_pairs(command.body):
        if key in ("type", "type_ext") and isinstance(value, str) and value in RENAMES:
            yield Hit(node, f'model type "{value}" is now "{RENAMES[value]}"')
            return


@containing("facedetect")
def visit_Constant(node: ast.Constant, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`{"type": "facedetect"}`, `models.search("face", model_type="facedetect")`,
    `m.output_info.type == "facedetect-embed"`, `model_type_id="facedetect-identity"`."""
    old = node.value
    if isinstance(old, str) and old not in RENAMES and "facedetect" in old:
        yield from _in_curl(node, ctx, parents)
        return
    if not isinstance(old, str) or old not in RENAMES or is_docstring(parents):
        return
    if old == "facedetect" and not ctx.mentions_clarifai:
        return
    parent = parents[-1] if parents else None
    key = key_of(parent, node) if parent is not None else None
    if isinstance(parent, ast.JoinedStr) or key in ID_KEYS:
        return
    if key in TYPE_ID_KEYS:
        type_id = OLD_TYPE_IDS[RENAMES[old]]
        message = f'"{old}" was an output_info.type name, never a model_type_id: use "{type_id}"'
        yield Hit(node, message, _fix(node, ctx, old, type_id))
        return
    new = RENAMES[old]
    yield Hit(node, f'model type "{old}" is now "{new}"', _fix(node, ctx, old, new))
