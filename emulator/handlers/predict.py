"""Predictions: PostModelOutputs and PostWorkflowResults (`emulator.predictions`)."""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from ..call import Call
from ..predictions import batch_status, find_model, model_outputs, workflow_results
from ..workflows import check_key_runs, stored_workflow
from . import handles


@handles("PostModelOutputs")
def post_model_outputs(call: Call) -> Message:
    """Predict with a model of the app (or of clarifai/main) on up to 128 inputs; inputs that
    fail (no data, a URL that does not download) fail their own output, not the others."""
    model, version = find_model(call, call.app, call.request.model_id, call.request.version_id)
    response = call.rpc.response_class()
    outputs = model_outputs(call, model, version, into=response.outputs)
    response.status.CopyFrom(batch_status([out.status for out in outputs]))
    return response


@handles("PostWorkflowResults")
def post_workflow_results(call: Call) -> Message:
    """Run every node of a workflow on each input: one result per input, one output per node.
    An app API key runs only a workflow whose models are all of its app (CL019)."""
    workflow = stored_workflow(call, call.request.workflow_id)
    check_key_runs(call, workflow)
    shown = resources_pb2.Workflow(id=workflow.id, app_id=workflow.app_id, user_id=workflow.user_id)
    results = workflow_results(call, workflow)
    answer = batch_status([result.status for result in results])
    return call.rpc.response_class(status=answer, workflow=shown, results=results)
