"""CL020 2023-07-27: workflow nodes name their models by V2 ids, no longer by old hash ids.

Flags an old hash id of a clarifai/main model (`aaa03c23b3724a16a56b629203edc62c`, ...) in a
comparison (`==`, `!=`, `in`, a `match` case; also a module constant holding it, not fixed):
code that matches the ids workflows answer. The fix puts the V2 id in its place. It is unsafe:
responses answer the V2 id since the date, but the compared value may come from data saved
before it (an old response, a database row) that still holds the hash id, and the fixed
comparison would stop matching it. A hash id passed in a request is left alone: requests still
accept it.

REST and gRPC code compare ids the same way in Python; a curl command compares nothing.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from recipes.renames import OLD_MODEL_IDS as OLD_IDS

from ..engine import Context
from ..hits import Fix, Hit, replace

CODE = "CL020"
TRIGGERS = tuple(OLD_IDS)
NEEDS_CLARIFAI = False  # the hash ids are Clarifai's own: a match is evidence enough
FIX = "replaces an old hash model id in a comparison by the model's V2 id"

MESSAGE = (
    "workflow nodes answer the model's V2 id since 2023-07-27, not the old hash id {old}: "
    "compare with {new!r} (or resolve ids with GetModel: recipes.workflows.nodes_running)"
)
COMPARISONS = (ast.Eq, ast.NotEq, ast.In, ast.NotIn)


def _sides(node: ast.expr) -> Iterator[ast.Name | ast.Constant]:
    """The names and literals a side of a comparison is, or holds as items of a list, tuple or set."""
    if isinstance(node, ast.Name | ast.Constant):
        yield node
    elif isinstance(node, ast.List | ast.Tuple | ast.Set):
        for item in node.elts:
            yield from _sides(item)


def _hit(node: ast.Name | ast.Constant, ctx: Context) -> Iterator[Hit]:
    """A hash id compared: fixed as a literal; through a constant `GENERAL = "aaa03c..."`, not
    fixed (the constant may serve requests too, which still accept the hash id)."""
    if isinstance(node, ast.Name):
        old = ctx.names.constants.get(node.id)
        new = OLD_IDS.get(old) if old else None
        if new is not None:
            yield Hit(node, MESSAGE.format(old=old, new=new))
        return
    new = OLD_IDS.get(node.value) if isinstance(node.value, str) else None
    if new is not None:
        quote = "'" if ctx.segment(node).startswith("'") else '"'
        fix = Fix(f"{node.value!r} -> {new!r}", (replace(node, f"{quote}{new}{quote}"),), safe=False)
        yield Hit(node, MESSAGE.format(old=node.value, new=new), fix)


def visit_Compare(node: ast.Compare, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`node.model.id == "aaa03c23b3724a16a56b629203edc62c"`, `... in (GENERAL, EMBED)`."""
    if any(isinstance(op, COMPARISONS) for op in node.ops):
        for side in (node.left, *node.comparators):
            for found in _sides(side):
                yield from _hit(found, ctx)


def visit_MatchValue(node: ast.MatchValue, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`case "aaa03c23b3724a16a56b629203edc62c":`."""
    if isinstance(node.value, ast.Constant):
        yield from _hit(node.value, ctx)
