"""CL007 2020-02-12: the facedetect* model types were renamed detect*.

Flags the four old model type strings and renames them in place (the quotes and prefix of the
literal are kept). A string in an id position (`model_id=`, `"id":`) names a model, not a type,
and is left alone.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from recipes.renames import FACEDETECT_RENAMES

from ..engine import Context
from ..hits import Fix, Hit, replace
from ..syntax import is_docstring, key_of

CODE = "CL007"
TRIGGERS = ("facedetect",)
STRONG_TRIGGERS = ("facedetect-",)  # facedetect-identity, -demographics, -embed: Clarifai's alone
FIX = "renames the model type to detect*"

RENAMES = FACEDETECT_RENAMES
ID_KEYS = frozenset({"id", "model_id", "workflow_id", "app_id", "user_id", "concept_id", "input_id"})


def visit_Constant(node: ast.Constant, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`model_type_id="facedetect-identity"`, `{"type": "facedetect"}`, `== "facedetect-embed"`."""
    old = node.value
    if not isinstance(old, str) or old not in RENAMES or is_docstring(parents):
        return
    if old == "facedetect" and not ctx.mentions_clarifai:
        return
    parent = parents[-1] if parents else None
    if isinstance(parent, ast.JoinedStr) or (parent is not None and key_of(parent, node) in ID_KEYS):
        return
    new = RENAMES[old]
    source = ctx.segment(node)
    fix = None
    if source.count(old) == 1:
        fix = Fix(f'"{old}" -> "{new}"', (replace(node, source.replace(old, new), expect=source),))
    yield Hit(node, f'model type "{old}" is now "{new}"', fix)
