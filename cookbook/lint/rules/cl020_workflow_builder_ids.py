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

from ..engine import Context, containing
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


def _compared(parents: tuple) -> bool:
    """Whether the literal is a side of a comparison, or an item of a collection compared with `in`."""
    for parent in reversed(parents):
        if isinstance(parent, ast.Compare):
            return any(isinstance(op, COMPARISONS) for op in parent.ops)
        if isinstance(parent, ast.MatchValue):
            return True
        if not isinstance(parent, ast.List | ast.Tuple | ast.Set):
            return False
    return False


def _names(node: ast.expr) -> Iterator[ast.Name]:
    """The names a side of a comparison is, or holds as items of a list, tuple or set."""
    if isinstance(node, ast.Name):
        yield node
    elif isinstance(node, ast.List | ast.Tuple | ast.Set):
        for item in node.elts:
            yield from _names(item)


def visit_Compare(node: ast.Compare, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`node.model.id == GENERAL` with `GENERAL = "aaa03c23b3724a16a56b629203edc62c"` (not fixed:
    the constant may serve requests too, which still accept the hash id)."""
    if not any(isinstance(op, COMPARISONS) for op in node.ops):
        return
    for side in (node.left, *node.comparators):
        for name in _names(side):
            old = ctx.names.constants.get(name.id)
            new = OLD_IDS.get(old) if old else None
            if new is not None:
                yield Hit(name, MESSAGE.format(old=old, new=new))


@containing(*OLD_IDS)
def visit_Constant(node: ast.Constant, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`node.model.id == "aaa03c23b3724a16a56b629203edc62c"`."""
    new = OLD_IDS.get(node.value) if isinstance(node.value, str) else None
    if new is None or not _compared(parents):
        return
    quote = "'" if ctx.segment(node).startswith("'") else '"'
    fix = Fix(f"{node.value!r} -> {new!r}", (replace(node, f"{quote}{new}{quote}"),), safe=False)
    yield Hit(node, MESSAGE.format(old=node.value, new=new), fix)
