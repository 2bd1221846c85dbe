"""CL002 2019-09-24: POST /inputs is always asynchronous; wait for INPUT_SUCCESS before using inputs.

Flags an upload (`PostInputs`, the 2.x client's `inputs.create_image*`, `POST /inputs`) that is
followed, in the same function or at the top level of the file or notebook, by a use that
assumes it finished (a get, a count, a search, a prediction), with no poll or wait between
(`cookbook.lint.flow`). A list is not such a use: it shows inputs still processing, as
pending. Training after an upload is CL011's: before 2020-10-20 it waited.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..engine import Context, named
from ..flow import note_call, remember, unwaited
from ..hits import Hit
from ..polling import ADD, STARTS, UPLOAD_USES, UPLOAD_WAIT

CODE = "CL002"
TRIGGERS = ("PostInputs", "create_image", "add_inputs", "/inputs")
HEURISTIC = True


def visit_Module(node: ast.Module, ctx: Context, parents: tuple) -> None:
    remember(node, ctx)


@named(*STARTS)
def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> None:
    note_call(node, ctx)


def finish(ctx: Context) -> Iterator[Hit]:
    """Flag each upload that a use meets before any wait."""
    for upload, use in unwaited(ctx, {ADD}, UPLOAD_USES, UPLOAD_WAIT):
        message = (
            f"{upload.how} returns before the inputs are processed, and {use.how} "
            f"({use.where(upload)}) uses them with no wait between: poll GetInput or ListInputs "
            "until INPUT_SUCCESS (30000) first"
        )
        yield Hit(upload.node, message, unit=upload.unit)
