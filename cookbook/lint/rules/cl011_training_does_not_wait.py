"""CL011 2020-10-20: training no longer waits for inputs; check GetInputCount before training.

A heuristic: it flags training calls (`PostModelVersions`, the 2.x client's `model.train()`,
`POST /models/{id}/versions`) in a file that adds inputs and never checks that they are
processed (`GetInputCount`, `GetInput`, `ListInputs`, `INPUT_SUCCESS`, a wait helper...).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..engine import Context
from ..hits import Hit
from ..polling import adds_inputs, checks_upload_status, reads_inputs
from ..rest import http_call
from ..syntax import callee

CODE = "CL011"
TRIGGERS = ("PostModelVersions", "train", "/versions")
HEURISTIC = True


@dataclass
class _Seen:
    trains: list[tuple] = field(default_factory=list)  # (unit, node, how)
    adds: bool = False
    waits: bool = False


def _seen(ctx: Context) -> _Seen:
    return ctx.state(CODE, _Seen)


def _trains(call: ast.Call, ctx: Context) -> str | None:
    name = callee(call)
    if name == "PostModelVersions":
        return "PostModelVersions"
    if name == "train" and isinstance(call.func, ast.Attribute) and ctx.names.imports_rest_client:
        return "model.train()"
    http = http_call(call, ctx.names)
    if http and http[0] == "post" and "/models/" in http[1] and http[1].endswith("/versions"):
        return "POST /models/{id}/versions"
    return None


def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> None:
    """Remember training calls, adds, and reads of input status."""
    seen = _seen(ctx)
    how = _trains(node, ctx)
    if how:
        seen.trains.append((ctx.unit, node, how))
    elif adds_inputs(node, ctx.names):
        seen.adds = True
    elif reads_inputs(node, ctx.names):
        seen.waits = True


def visit_Attribute(node: ast.AST, ctx: Context, parents: tuple) -> None:
    """`stub.GetInput`, `status_code_pb2.INPUT_SUCCESS`: the file looks at input status."""
    if checks_upload_status(node):
        _seen(ctx).waits = True


visit_Name = visit_Constant = visit_Attribute  # `wait_for_inputs`, `status.code == 30000`, ...


def finish(ctx: Context) -> Iterator[Hit]:
    """Flag training in a file that adds inputs and never checks they are processed."""
    seen = _seen(ctx)
    if seen.waits or not seen.adds:
        return
    for unit, node, how in seen.trains:
        message = (
            f"{how} trains only on inputs already processed, and this file adds inputs without "
            "waiting: check GetInputCount (counts.to_process == 0) before training"
        )
        yield Hit(node, message, unit=unit)
