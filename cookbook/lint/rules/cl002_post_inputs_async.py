"""CL002 2019-09-24: POST /inputs is always asynchronous; wait for INPUT_SUCCESS before using inputs.

A heuristic: it flags calls that add inputs (`PostInputs`, the 2.x client's
`inputs.create_image*`, `POST /inputs`) in a file that never looks at input status
(`GetInput`, `ListInputs`, `GetInputCount`, `INPUT_SUCCESS`, 30000, a wait helper...).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..engine import Context
from ..hits import Hit
from ..polling import adds_inputs, checks_upload_status, reads_inputs

CODE = "CL002"
TRIGGERS = ("PostInputs", "create_image", "/inputs")
HEURISTIC = True


@dataclass
class _Seen:
    adds: list[tuple] = field(default_factory=list)  # (unit, node, how)
    waits: bool = False


def _seen(ctx: Context) -> _Seen:
    return ctx.state(CODE, _Seen)


def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> None:
    """Remember calls that add inputs, and calls that read them back."""
    how = adds_inputs(node, ctx.names)
    if how:
        _seen(ctx).adds.append((ctx.unit, node, how))
    elif reads_inputs(node, ctx.names):
        _seen(ctx).waits = True


def visit_Attribute(node: ast.AST, ctx: Context, parents: tuple) -> None:
    """`stub.GetInput`, `status_code_pb2.INPUT_SUCCESS`: the file looks at input status."""
    if checks_upload_status(node):
        _seen(ctx).waits = True


visit_Name = visit_Constant = visit_Attribute  # `wait_for_inputs`, `status.code == 30000`, ...


def finish(ctx: Context) -> Iterator[Hit]:
    """Flag the adds of a file that never waits."""
    seen = _seen(ctx)
    if seen.waits:
        return
    for unit, node, how in seen.adds:
        message = (
            f"{how} returns before the inputs are processed and nothing here waits for them: "
            "poll GetInput or ListInputs until INPUT_SUCCESS (30000) before using them"
        )
        yield Hit(node, message, unit=unit)
