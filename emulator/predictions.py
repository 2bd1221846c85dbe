"""Predictions as today's API answers them: the model a request names, its inputs, one output
per input from the synthetic predictors of `emulator.predict`.

Each input is fetched first: an input without data answers 30104, a URL that cannot be
downloaded 30002 with the download's details, a video is cut into frames by its duration
(`emulator.videos`). The response's own status sums the outputs' up (`batch_status`).
"""

from __future__ import annotations

from collections.abc import MutableSequence, Sequence

from clarifai_grpc.grpc.api import resources_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2, status_pb2

from . import downloads, videos
from .call import Call
from .predict import predict, predict_video
from .statuses import ApiError, status
from .store import App, StoredModel, StoredVersion

MAX_INPUTS = 128


def find_model(
    call: Call, app: App, model_id: str, version_id: str = ""
) -> tuple[StoredModel, StoredVersion]:
    """The model and version a request names; 11101 with the documented text when missing."""
    if not model_id:
        raise ApiError("CONN_INVALID_REQUEST", "no-model-id")
    model = app.model(model_id)
    if model is None:
        raise ApiError("CONN_DOES_NOT_EXIST", "model-not-found", model_id=model_id)
    version = model.version(version_id)
    if version is None:
        raise ApiError("CONN_DOES_NOT_EXIST", "version-not-found", model_id=model_id, version_id=version_id)
    return model, version


def brief_model(model: StoredModel, version: StoredVersion) -> resources_pb2.Model:
    """The model as a prediction shows it today: ids, name, type, visibility, dates, and the
    version's id, date, status, visibility, owner and metadata; no description, notes or *_info
    (provenance: cl016-full-model, after the date)."""
    source, stored = model.model, version.version
    shown = resources_pb2.Model(
        id=source.id,
        name=source.name,
        app_id=source.app_id,
        user_id=source.user_id,
        model_type_id=source.model_type_id,
        created_at=source.created_at,
        visibility=source.visibility,
    )
    for name in ("modified_at", "workflow_recommended"):
        if source.HasField(name):
            getattr(shown, name).CopyFrom(getattr(source, name))
    kept = shown.model_version
    kept.id = stored.id
    kept.created_at.CopyFrom(stored.created_at)
    kept.status.CopyFrom(stored.status)
    kept.visibility.CopyFrom(stored.visibility if stored.HasField("visibility") else source.visibility)
    kept.app_id = stored.app_id or source.app_id
    kept.user_id = stored.user_id or source.user_id
    kept.metadata.CopyFrom(stored.metadata)  # shown even when empty, as `metadata {}`
    return shown


def prediction_inputs(call: Call, inputs: Sequence[resources_pb2.Input]) -> list[resources_pb2.Input]:
    """The inputs to predict on, each with an id; 11102 when there are none or more than 128."""
    if not inputs:
        raise ApiError("CONN_INVALID_REQUEST", "no-inputs")
    if len(inputs) > MAX_INPUTS:
        raise ApiError("CONN_INVALID_REQUEST", "too-many-inputs", limit=MAX_INPUTS, count=len(inputs))
    given = []
    for item in inputs:
        copy = resources_pb2.Input()
        copy.CopyFrom(item)
        copy.id = copy.id or call.ids.hex32("input")
        given.append(copy)
    return given


def _video_bytes(call: Call, video: resources_pb2.Video) -> bytes | status_pb2.Status:
    """A video input's bytes (sent, or downloaded), or the status of why there are none."""
    if video.base64:
        return video.base64
    fetched = downloads.fetch_for(video.url, local=call.store.local_urls)
    if fetched.failure:
        return status("INPUT_FAILED", "download-failed", failure=fetched.failure)
    return fetched.content


def _refusal(call: Call, item: resources_pb2.Input) -> status_pb2.Status | None:
    """Why an input cannot be predicted on (no data; an image URL that does not download)."""
    if item.data.ByteSize() == 0:
        return status("INPUT_INVALID_ARGUMENT", "no-data", input_id=item.id)
    url = item.data.image.url
    if url and not item.data.image.base64:
        fetched = downloads.fetch_for(url, local=call.store.local_urls)
        if fetched.failure:
            return status("INPUT_FAILED", "download-failed", failure=fetched.failure)
    return None


def _data(
    call: Call, model: StoredModel, item: resources_pb2.Input, config: resources_pb2.OutputConfig
) -> resources_pb2.Data | status_pb2.Status:
    """The synthetic output data for one input, or the status of why it has none."""
    refused = _refusal(call, item)
    if refused is not None:
        return refused
    if not (item.data.video.base64 or item.data.video.url):
        return predict(model, item, config)
    content = _video_bytes(call, item.data.video)
    if isinstance(content, status_pb2.Status):
        return content
    try:
        duration = videos.duration_ms(content)
    except videos.VideoError as error:
        return status("INPUT_INVALID_ARGUMENT", "bad-video", input_id=item.id, reason=error)
    return predict_video(model, item, config, duration)


def output(
    call: Call,
    model: StoredModel,
    version: StoredVersion,
    item: resources_pb2.Input,
    config: resources_pb2.OutputConfig,
    into: resources_pb2.Output | None = None,
) -> resources_pb2.Output:
    """One model's output for one input: its data, or a failed status and no data; made in
    `into` (a response's own field, saving a copy) when given."""
    data = _data(call, model, item, config)
    shown = resources_pb2.Output() if into is None else into
    shown.id = call.ids.hex32("output")
    shown.created_at.CopyFrom(call.timestamp())
    shown.model.CopyFrom(brief_model(model, version))
    shown.input.CopyFrom(item)
    if isinstance(data, status_pb2.Status):
        shown.status.CopyFrom(data)
    else:
        shown.status.CopyFrom(status("SUCCESS"))
        shown.data.CopyFrom(data)
    return shown


def batch_status(statuses: Sequence[status_pb2.Status]) -> status_pb2.Status:
    """The top-level status of a prediction from its outputs' (or results') statuses: SUCCESS
    when all succeeded, MIXED_STATUS when some did, the failure itself when every one failed
    the same way (30002 for one bad URL, as today's API answers), else FAILURE."""
    failed = [item for item in statuses if item.code != status_code_pb2.SUCCESS]
    if not failed:
        return status("SUCCESS")
    if len(failed) < len(statuses):
        return status("MIXED_STATUS")
    if len({item.code for item in failed}) == 1:
        return failed[0]
    return status("FAILURE")


def model_outputs(
    call: Call, model: StoredModel, version: StoredVersion, into: MutableSequence | None = None
) -> Sequence[resources_pb2.Output]:
    """Today's PostModelOutputs outputs of `model` at `version` on the request's inputs (also for
    retired models' change modules); added to `into` (a response's `outputs`) when given."""
    request = call.request
    config = request.model.model_version.output_info.output_config
    if not config.ByteSize():
        config = request.model.output_info.output_config  # deprecated place, still read today
    given = prediction_inputs(call, request.inputs)
    if into is None:
        return [output(call, model, version, item, config) for item in given]
    for item in given:
        output(call, model, version, item, config, into=into.add())
    return into


def _node_app(call: Call, node: resources_pb2.WorkflowNode) -> App:
    """The app a workflow node's model lives in: the one it names (a user's workflow may use
    clarifai/main's models), else the workflow's own."""
    model = node.model
    named = call.store.app(model.user_id, model.app_id) if model.app_id else None
    return named if named is not None and (named.public or named is call.app) else call.app


def workflow_results(call: Call, workflow: resources_pb2.Workflow) -> list[resources_pb2.WorkflowResult]:
    """Today's PostWorkflowResults results: every node of `workflow` run on each of the request's
    inputs, one result per input with one output per node."""
    nodes = [
        find_model(call, _node_app(call, node), node.model.id, node.model.model_version.id)
        for node in workflow.nodes
    ]
    config = call.request.output_config
    results = []
    for item in prediction_inputs(call, call.request.inputs):
        outputs = [output(call, model, version, item, config) for model, version in nodes]
        results.append(
            resources_pb2.WorkflowResult(
                id=call.ids.hex32("result"),
                status=batch_status([out.status for out in outputs]),
                created_at=call.timestamp(),
                input=item,
                outputs=outputs,
            )
        )
    return results
