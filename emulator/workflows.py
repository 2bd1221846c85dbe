"""Workflows of an app as today's API keeps them.

A workflow is a graph of nodes, each running one model version: a model of the app itself or
of clarifai/main (a public model may be named by its old id, as Clarifai's own client tests
do; the workflow keeps today's id). PostWorkflowResults runs them (`emulator.predictions`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from clarifai_grpc.grpc.api import resources_pb2

from . import patching
from .call import Call
from .statuses import ApiError
from .store import App

WORKFLOW_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")  # at most 32 characters (provenance)
# What PatchWorkflows leaves alone.
FIXED = ("id", "app_id", "user_id", "created_at", "modified_at")


def stored_workflow(call: Call, workflow_id: str) -> resources_pb2.Workflow:
    """The workflow `workflow_id` of the call's app; 11101 when it has none."""
    workflow = call.app.workflows.get(workflow_id)
    if workflow is None:
        raise ApiError("CONN_DOES_NOT_EXIST", "workflow-not-found", workflow_id=workflow_id)
    return workflow


def outside_apps(workflow: resources_pb2.Workflow) -> list[str]:
    """`user/app` of every app other than the workflow's own that its nodes' models live in."""
    own = (workflow.user_id, workflow.app_id)
    named = {(node.model.user_id or own[0], node.model.app_id or own[1]) for node in workflow.nodes}
    return sorted(f"{user}/{app}" for user, app in named - {own})


def check_key_runs(call: Call, workflow: resources_pb2.Workflow) -> None:
    """An app API key runs a workflow of its app only when every node's model is of that app
    too (CL019); a workflow with a node of clarifai/main (or any other app) needs a PAT: 11008."""
    credential = call.caller.credential
    if credential is None or credential.is_pat:
        return
    outside = outside_apps(workflow)
    if outside:
        raise ApiError(
            "CONN_KEY_INVALID", "key-workflow-outside-app", workflow_id=workflow.id, apps=", ".join(outside)
        )


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
    public = call.store.public_app()
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


def checked_nodes(
    call: Call, nodes: Sequence[resources_pb2.WorkflowNode]
) -> list[resources_pb2.WorkflowNode]:
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
    """`workflow_id` if it is a usable workflow id (at most 32 characters); 11102 otherwise."""
    if not WORKFLOW_ID.fullmatch(workflow_id):
        raise ApiError("CONN_INVALID_REQUEST", "bad-workflow-id", value=workflow_id[:80])
    return workflow_id


def new_workflow(call: Call, given: resources_pb2.Workflow, taken: set[str]) -> resources_pb2.Workflow:
    """The workflow PostWorkflows keeps from `given` (not yet kept); 11102 for a bad id, a
    duplicate when the app (or `taken`) has the id already, 30xxx for bad nodes."""
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


def patched_workflow(call: Call, patch: resources_pb2.Workflow, action: str) -> resources_pb2.Workflow:
    """The workflow `patch.id` with the patch applied, nodes told apart by id (`overwrite`
    replaces only the fields the patch gives), its nodes checked; not yet kept."""
    patched = render(stored_workflow(call, patch.id))
    given = resources_pb2.Workflow()
    given.CopyFrom(patch)
    given.DiscardUnknownFields()
    for name in FIXED:
        given.ClearField(name)
    present = {field.name for field, _ in given.ListFields()}
    untouched = [field.name for field in given.DESCRIPTOR.fields if field.name not in present]
    patching.apply(action, patched, given, keyed=("nodes",), fixed=untouched)
    nodes = checked_nodes(call, patched.nodes)
    del patched.nodes[:]
    patched.nodes.extend(nodes)
    patched.modified_at.CopyFrom(call.timestamp())
    return patched
