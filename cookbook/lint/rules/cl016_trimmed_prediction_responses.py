"""CL016 2023-01-04: prediction responses no longer carry the model's description, notes, output_info.

Flags reads of `.model.output_info`, `.model.description`, `.model.notes` (and the
`["model"]["output_info"]` dict forms) on prediction outputs: `response.outputs[0].model...`,
a variable named like an output, or a loop variable over `.outputs`. Call GetModel for them.

Not in curl commands: they send requests and read no response field (a `| jq` filter is not read).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..engine import Context, named
from ..hits import Hit
from ..syntax import chain, is_assigned

CODE = "CL016"
TRIGGERS = ("output_info", "description", "notes")

TRIMMED = frozenset({"output_info", "description", "notes"})
MESSAGE = (
    "prediction responses no longer include the model's {field}: read it once with GetModel "
    "(model id and version are still in the output)"
)


def _outputs_variables(ctx: Context) -> set[str]:
    return ctx.state(CODE, set)


def _from_prediction(parts: list[str], ctx: Context) -> bool:
    """`response.outputs[0].model`, `output.model`, `o.model` with `for o in response.outputs`."""
    if len(parts) < 3 or parts[-2] != "model":
        return False
    before = parts[:-2]
    return (
        "outputs" in before
        or "results" in before
        or "output" in before[0]
        or before[0] in _outputs_variables(ctx)
    )


def _remember(target: ast.AST, iterable: ast.AST, ctx: Context) -> None:
    if isinstance(target, ast.Name) and chain(iterable)[-1] == "outputs":
        _outputs_variables(ctx).add(target.id)


def visit_For(node: ast.For, ctx: Context, parents: tuple) -> None:
    """`for o in response.outputs:` makes `o` an output."""
    _remember(node.target, node.iter, ctx)


def visit_comprehension(node: ast.comprehension, ctx: Context, parents: tuple) -> None:
    """`[o.model.notes for o in outputs]`: the generator is seen before the element."""
    _remember(node.target, node.iter, ctx)


def _hit(node: ast.AST, parents: tuple, ctx: Context, parts: list[str]) -> Iterator[Hit]:
    if parts[-1] not in TRIMMED or is_assigned(node, parents, methods=False):
        return
    if _from_prediction(parts, ctx):
        yield Hit(node, MESSAGE.format(field=parts[-1]))


@named(*TRIMMED)
def visit_Attribute(node: ast.Attribute, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`response.outputs[0].model.output_info.data.concepts`."""
    if node.attr in TRIMMED and ctx.names.imports_clarifai:
        yield from _hit(node, parents, ctx, chain(node))


@named(*TRIMMED)
def visit_Subscript(node: ast.Subscript, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`response["outputs"][0]["model"]["description"]`."""
    parts = chain(node)
    if parts[-1] in TRIMMED:
        yield from _hit(node, parents, ctx, parts)
