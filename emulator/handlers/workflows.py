"""Workflows of an app: PostWorkflows, GetWorkflow, ListWorkflows, PatchWorkflows, DeleteWorkflow(s),
and clarifai/main's public ones (ListPublicWorkflows).

What a workflow is and how it is checked and patched lives in `emulator.workflows`;
PostWorkflowResults runs them (`emulator.predictions`).
"""

from __future__ import annotations

from google.protobuf.message import Message

from .. import faults
from ..call import Call
from ..paging import page
from ..patching import check_action
from ..statuses import ApiError
from ..workflows import new_workflow, patched_workflow, render, stored_workflow
from . import handles


@handles("PostWorkflows")
def post_workflows(call: Call) -> Message:
    """Create workflows; every node's model must exist in the app or in clarifai/main."""
    if not call.request.workflows:
        raise ApiError("CONN_INVALID_REQUEST", "no-workflows")
    taken: set[str] = set()
    made = [new_workflow(call, given, taken) for given in call.request.workflows]  # all, or none
    for workflow in made:
        faults.point("add a workflow")
        call.app.workflows[workflow.id] = workflow
    return call.ok(workflows=[render(w) for w in made])


@handles("GetWorkflow")
def get_workflow(call: Call) -> Message:
    """One workflow of the app (clarifai/main's public ones with a PAT naming clarifai/main)."""
    return call.ok(workflow=render(stored_workflow(call, call.request.workflow_id)))


@handles("ListWorkflows")
def list_workflows(call: Call) -> Message:
    """The app's workflows, newest first (by id with `sort_by_id`), optionally one `id`."""
    request = call.request
    workflows = list(reversed(call.app.workflows.values()))
    if request.id:
        workflows = [w for w in workflows if w.id == request.id]
    if request.sort_by_id:
        workflows.sort(key=lambda w: w.id, reverse=not request.sort_ascending)
    return call.ok(workflows=[render(w) for w in page(call, workflows)])


@handles("ListPublicWorkflows")
def list_public_workflows(call: Call) -> Message:
    """clarifai/main's public workflows, paged (the retired RPC of the 2.x client's
    `get_all(public_only=True)`)."""
    public = call.store.public_app()
    workflows = list(public.workflows.values()) if public is not None else []
    return call.ok(workflows=[render(w) for w in page(call, workflows)])


@handles("PatchWorkflows")
def patch_workflows(call: Call) -> Message:
    """Change workflows: `overwrite` replaces the nodes and fields given, `merge` (the default)
    adds or replaces nodes by id and merges metadata, `remove` deletes nodes and metadata keys."""
    action = check_action(call.request.action)
    if not call.request.workflows:
        raise ApiError("CONN_INVALID_REQUEST", "no-workflows")
    patched = [patched_workflow(call, given, action) for given in call.request.workflows]  # all, or none
    for workflow in patched:
        call.app.workflows[workflow.id] = workflow
    return call.ok(workflows=[render(w) for w in patched])


@handles("DeleteWorkflow")
def delete_workflow(call: Call) -> Message:
    """Delete one workflow of the app."""
    del call.app.workflows[stored_workflow(call, call.request.workflow_id).id]
    return call.ok()


@handles("DeleteWorkflows")
def delete_workflows(call: Call) -> Message:
    """Delete workflows by id (every one must exist), or all of them with `delete_all`."""
    if call.request.delete_all:
        call.app.workflows.clear()
        return call.ok()
    if not call.request.ids:
        raise ApiError("CONN_INVALID_REQUEST", "no-workflow-ids")
    doomed = [stored_workflow(call, workflow_id).id for workflow_id in call.request.ids]
    for workflow_id in doomed:
        call.app.workflows.pop(workflow_id, None)
    return call.ok()
