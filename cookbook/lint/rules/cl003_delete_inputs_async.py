"""CL003 2019-09-30: DELETE /inputs is always asynchronous; poll until the inputs are gone.

A heuristic: it flags deletes (`DeleteInputs`, `DeleteInput`, the 2.x client's
`inputs.delete`, `DELETE /inputs`) in a file that never reads inputs back to see them gone
(`GetInput`, `ListInputs`, `CONN_DOES_NOT_EXIST`, a wait helper...).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..engine import Context
from ..hits import Hit
from ..polling import DELETE_WAITS, deletes_inputs, name_of, reads_inputs

CODE = "CL003"
TRIGGERS = ("DeleteInput", "inputs.delete", "/inputs", "delete(")
HEURISTIC = True


@dataclass
class _Seen:
    deletes: list[tuple] = field(default_factory=list)  # (unit, node, how)
    waits: bool = False


def _seen(ctx: Context) -> _Seen:
    return ctx.state(CODE, _Seen)


def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> None:
    """Remember deletes, and reads that could see the inputs gone."""
    how = deletes_inputs(node, ctx.names)
    if how:
        _seen(ctx).deletes.append((ctx.unit, node, how))
    elif reads_inputs(node, ctx.names):
        _seen(ctx).waits = True


def visit_Attribute(node: ast.Attribute, ctx: Context, parents: tuple) -> None:
    """`stub.GetInput`, `status_code_pb2.CONN_DOES_NOT_EXIST`."""
    if node.attr in DELETE_WAITS:
        _seen(ctx).waits = True


def visit_Name(node: ast.Name, ctx: Context, parents: tuple) -> None:
    """`wait_for_deleted(...)`."""
    if name_of(node) in DELETE_WAITS:
        _seen(ctx).waits = True


def finish(ctx: Context) -> Iterator[Hit]:
    """Flag the deletes of a file that never checks they happened."""
    seen = _seen(ctx)
    if seen.waits:
        return
    for unit, node, how in seen.deletes:
        message = (
            f"{how} returns before the inputs are deleted and nothing here checks: "
            "poll GetInput until it answers CONN_DOES_NOT_EXIST (11101) before relying on the delete"
        )
        yield Hit(node, message, unit=unit)
