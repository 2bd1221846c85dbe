"""CL011 2020-10-20: training no longer waits for inputs; check GetInputCount before training.

Flags a training call (`PostModelVersions`, the 2.x client's `model.train()`,
`POST /models/{id}/versions`) that follows an upload in the same function or at the top level
of the file or notebook (a call to a function of the file counts as what it does), with no
check that the inputs are processed between (`cookbook.lint.flow`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..engine import Context, named
from ..flow import note_call, remember, unwaited
from ..hits import Hit
from ..polling import ADD, STARTS, TRAIN, UPLOAD_WAIT

CODE = "CL011"
TRIGGERS = ("PostModelVersions", "train", "/versions")
HEURISTIC = True


def visit_Module(node: ast.Module, ctx: Context, parents: tuple) -> None:
    remember(node, ctx)


@named(*STARTS)
def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> None:
    note_call(node, ctx)


def finish(ctx: Context) -> Iterator[Hit]:
    """Flag each training that comes after an upload with no wait between."""
    for upload, training in unwaited(ctx, {ADD}, {TRAIN}, UPLOAD_WAIT):
        message = (
            f"{training.how} trains only on inputs already processed, and {upload.how} "
            f"({upload.where(training)}) added inputs with no wait between: check GetInputCount "
            "(counts.to_process == 0) first"
        )
        yield Hit(training.node, message, unit=training.unit)
