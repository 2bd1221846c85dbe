"""CL003 2019-09-30: DELETE /inputs is always asynchronous; poll until the inputs are gone.

Flags a delete (`DeleteInputs`, `DeleteInput`, the 2.x client's `inputs.delete*`,
`DELETE /inputs`) that is followed, in the same function or at the top level of the file or
notebook, by something that assumes the inputs are gone (a read, a count, a search, a
prediction, an upload, a training) with no check between: a poll of GetInput until it answers
CONN_DOES_NOT_EXIST, or a wait helper (`cookbook.lint.flow`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..engine import Context, named
from ..flow import note_call, remember, unwaited
from ..hits import Hit
from ..polling import ADD, DELETE, DELETE_WAIT, LIST, STARTS, TRAIN, UPLOAD_USES

CODE = "CL003"
TRIGGERS = ("DeleteInput", "inputs.delete", "/inputs", "delete(")
HEURISTIC = True


def visit_Module(node: ast.Module, ctx: Context, parents: tuple) -> None:
    remember(node, ctx)


@named(*STARTS)
def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> None:
    note_call(node, ctx)


def finish(ctx: Context) -> Iterator[Hit]:
    """Flag each delete that a later step relies on before any check."""
    for delete, use in unwaited(ctx, {DELETE}, UPLOAD_USES | {LIST, ADD, TRAIN}, DELETE_WAIT):
        message = (
            f"{delete.how} returns before the inputs are deleted, and {use.how} "
            f"({use.where(delete)}) follows with no check between: poll GetInput until it answers "
            "CONN_DOES_NOT_EXIST (11101) first"
        )
        yield Hit(delete.node, message, unit=delete.unit)
