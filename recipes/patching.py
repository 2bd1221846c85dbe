"""Changing part of an input's data after `overwrite` started replacing all of it (CL006).

Since 2020-02-03 PatchInputs with `action="overwrite"` replaces the whole `data` of an input:
concepts, metadata, geo, whatever the patch does not send is gone. To change part of the
data, `merge` what you add or update and `remove` what you delete; the rest stays.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from .connect import Session
from .errors import check

MAX_BATCH = 128  # inputs per PatchInputs (assumed the same limit as PostInputs)


def patch_inputs(
    session: Session, action: str, patches: Mapping[str, resources_pb2.Data], batch: int = MAX_BATCH
) -> list[resources_pb2.Input]:
    """Patch many inputs, `{input_id: data}`, in PatchInputs calls of at most `batch` (CL006).

    `action` is `merge` (add concepts, update metadata keys and other fields) or `remove`
    (delete the concepts with these ids and these metadata keys). `overwrite` is refused here
    on purpose: it replaces the whole data. Returns the patched inputs as the API answered them.
    """
    if action not in ("merge", "remove"):
        raise ValueError(f"action must be merge or remove, not {action!r}: overwrite replaces all the data")
    items = [resources_pb2.Input(id=input_id, data=data) for input_id, data in patches.items()]
    patched: list[resources_pb2.Input] = []
    size = max(1, min(batch, MAX_BATCH))
    for start in range(0, len(items), size):
        chunk: Sequence[resources_pb2.Input] = items[start : start + size]
        request = service_pb2.PatchInputsRequest(user_app_id=session.user_app_id, action=action, inputs=chunk)
        response = check("PatchInputs", session.stub.PatchInputs(request, metadata=session.metadata))
        patched.extend(response.inputs)
    return patched


def patch_inputs_merge(session: Session, input_id: str, data: resources_pb2.Data) -> resources_pb2.Input:
    """Add or update part of one input's data, keeping everything else (CL006).

    New concepts are added, concepts with the same id updated, metadata keys set; concepts,
    metadata keys, geo and the rest that `data` does not mention stay as they are.
    """
    return patch_inputs(session, "merge", {input_id: data})[0]


def patch_inputs_remove(session: Session, input_id: str, data: resources_pb2.Data) -> resources_pb2.Input:
    """Delete the concepts (by id) and metadata keys named in `data` from one input (CL006).

    Only what `data` names goes; everything else stays.
    """
    return patch_inputs(session, "remove", {input_id: data})[0]
