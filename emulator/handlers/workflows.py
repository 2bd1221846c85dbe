"""Workflows of an app: PostWorkflows, GetWorkflow, ListWorkflows, PatchWorkflows, DeleteWorkflow(s).

A workflow is a graph of nodes, each running one model version: a model of the app itself or
of clarifai/main (a public model may be named by its old id, as Clarifai's own client tests
do; the workflow keeps today's id). PostWorkflowResults (`handlers/predict.py`) runs them.
"""

from __future__ import annotations

import re

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from ..call import Call
from ..statuses import ApiError
from ..store import App
from . import handles
from .inputs import page
from .models import check_action

WORKFLOW_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")  # at most 32 characters (provenance)
# What PatchWorkflows leaves alone.
FIXED = ("id", "app_id", "user_id", "created_at", "modified_at")


def _public_app(call: Call) -> App | None:
    return next((app for app in call.store.apps() if app.public), None)


def stored_workflow(call: Call, workflow_id: str) -> resources_pb2.Workflow:
    """The workflow `workflow_id` of the call's app; 11101 when it has none."""
    workflow = call.app.workflows.get(workflow_id)
    if workflow is None:
        raise ApiError("CONN_DOES_NOT_EXIST", "workflow-not-found", workflow_id=workflow_id)
    return workflow


def render(workflow: resources_pb2.Workflow) -> resources_pb2.Workflow:
    """A workflow as responses show it (a copy)."""
    shown = resources_pb2.Workflow()
    shown.CopyFrom(workflow)
    return shown


def _model_app(call: Call, model: resources_pb2.Model) -> App:
    """The app a node's model lives in: the one it names (the caller's or clarifai/main), else
    the caller's app when it has the model, else clarifai/main."""
    if model.user_id or model.app_id:
        app = call.store.app(model.user_id or call.app.user_id, model.app_id)
        if app is not None and (app is call.app or app.public):
            return app
        raise ApiError(
            "WORKFLOW_INVALID_ARGUMENT", "workflow-model-app", model_id=model.id, app=model.app_id or "?"
        )
    public = _public_app(call)
    if model.id in call.app.models or public is None:
        return call.app
    return public


def node_model(call: Call, node: resources_pb2.WorkflowNode) -> resources_pb2.Model:
    """The model reference a node keeps: today's id, its app, and a version that exists."""
    given = node.model
    if not given.id:
        raise ApiError("WORKFLOW_INVALID_ARGUMENT", "workflow-node-model", node=node.id)
    app = _model_app(call, given)
    stored = app.model(given.id)
    if stored is None:
        raise ApiError(
            "WORKFLOW_INVALID_ARGUMENT", "workflow-model-missing", node=node.id, model_id=given.id[:80]
        )
    version = stored.version(given.model_version.id)
    if version is None:
        raise ApiError(
            "WORKFLOW_INVALID_ARGUMENT",
            "workflow-version-missing",
            node=node.id,
            model_id=stored.model.id,
            version_id=given.model_version.id or "(newest)",
        )
    return resources_pb2.Model(
        id=stored.model.id,
        app_id=app.id,
        user_id=app.user_id,
        model_type_id=stored.model.model_type_id,
        model_version=resources_pb2.ModelVersion(id=version.version.id),
    )


def checked_nodes(call: Call, nodes) -> list[resources_pb2.WorkflowNode]:
    """The nodes as a workflow keeps them: ids unique, inputs naming other nodes, models found."""
    if not nodes:
        raise ApiError("WORKFLOW_INVALID_ARGUMENT", "workflow-no-nodes")
    ids = [node.id for node in nodes]
    kept = []
    for node in nodes:
        if not node.id or ids.count(node.id) > 1:
            raise ApiError("WORKFLOW_INVALID_ARGUMENT", "workflow-node-id", node=node.id or "(empty)")
        for source in node.node_inputs:
            if source.node_id not in ids or source.node_id == node.id:
                raise ApiError(
                    "WORKFLOW_INVALID_GRAPH", "workflow-node-input", node=node.id, source=source.node_id
                )
        copy = resources_pb2.WorkflowNode()
        copy.CopyFrom(node)
        copy.model.CopyFrom(node_model(call, node))
        kept.append(copy)
    return kept


def _check_id(workflow_id: str) -> str:
    if not WORKFLOW_ID.fullmatch(workflow_id):
        raise ApiError("CONN_INVALID_REQUEST", "bad-workflow-id", value=workflow_id[:80])
    return workflow_id


def _new_workflow(call: Call, given: resources_pb2.Workflow, taken: set[str]) -> resources_pb2.Workflow:
    workflow_id = _check_id(given.id)
    if workflow_id in call.app.workflows or workflow_id in taken:
        raise ApiError("WORKFLOW_DUPLICATE", "workflow-exists", workflow_id=workflow_id)
    taken.add(workflow_id)
    workflow = resources_pb2.Workflow()
    workflow.CopyFrom(given)
    workflow.DiscardUnknownFields()
    del workflow.nodes[:]
    workflow.nodes.extend(checked_nodes(call, given.nodes))
    workflow.app_id, workflow.user_id = call.app.id, call.app.user_id
    workflow.created_at.CopyFrom(call.timestamp())
    workflow.modified_at.CopyFrom(call.timestamp())
    if not workflow.HasField("visibility"):
        workflow.visibility.gettable = resources_pb2.Visibility.PRIVATE
    return workflow


@handles("PostWorkflows")
def post_workflows(call: Call) -> Message:
    """Create workflows; every node's model must exist in the app or in clarifai/main."""
    if not call.request.workflows:
        raise ApiError("CONN_INVALID_REQUEST", "no-workflows")
    taken: set[str] = set()
    made = [_new_workflow(call, given, taken) for given in call.request.workflows]  # all, or none
    for workflow in made:
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


def _merged_nodes(workflow: resources_pb2.Workflow, patch: resources_pb2.Workflow, action: str) -> list:
    if action == "overwrite":
        return list(patch.nodes) or list(workflow.nodes)
    given = {node.id: node for node in patch.nodes}
    if action == "remove":
        return [node for node in workflow.nodes if node.id not in given]
    kept = [given.pop(node.id, node) for node in workflow.nodes]
    return kept + list(given.values())


def _patched(call: Call, patch: resources_pb2.Workflow, action: str) -> resources_pb2.Workflow:
    """The workflow `patch.id` with the patch applied, checked, not yet kept."""
    current = stored_workflow(call, patch.id)
    patched = render(current)
    nodes = checked_nodes(call, _merged_nodes(current, patch, action))
    rest = resources_pb2.Workflow()
    rest.CopyFrom(patch)
    rest.DiscardUnknownFields()
    for name in (*FIXED, "nodes"):
        rest.ClearField(name)
    if action == "remove":
        for key in rest.metadata:
            if key in patched.metadata:
                del patched.metadata[key]
    elif action == "overwrite":
        for field, _ in rest.ListFields():
            patched.ClearField(field.name)
        patched.MergeFrom(rest)
    else:
        patched.MergeFrom(rest)
    del patched.nodes[:]
    patched.nodes.extend(nodes)
    patched.modified_at.CopyFrom(call.timestamp())
    return patched


@handles("PatchWorkflows")
def patch_workflows(call: Call) -> Message:
    """Change workflows: `overwrite` replaces the nodes and fields given, `merge` (the default)
    adds or replaces nodes by id and merges metadata, `remove` deletes nodes and metadata keys."""
    action = check_action(call.request.action)
    if not call.request.workflows:
        raise ApiError("CONN_INVALID_REQUEST", "no-workflows")
    patched = [_patched(call, given, action) for given in call.request.workflows]  # all, or none
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
