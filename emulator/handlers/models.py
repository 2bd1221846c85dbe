"""Models and model versions, as today: PostModels makes a model without a version;
PostModelVersions makes (and trains) versions from their own `*_info` fields.

The rules live in `emulator.models` and `emulator.versions`; ListModelTypes, GetModelType and
PostModelsSearches have their own handler modules.
"""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2
from google.protobuf.message import Message

from .. import models, versions
from ..call import Call
from ..paging import page
from ..patching import check_action
from ..statuses import ApiError, status
from . import handles

# --- models ----------------------------------------------------------------------------


@handles("PostModels")
def post_models(call: Call) -> Message:
    """Create one model (in `models`, or the deprecated `model`); it has no version yet."""
    given = models.given_models(call.request)
    if not given:
        raise ApiError("CONN_INVALID_REQUEST", "no-models")
    if len(given) > 1:
        raise ApiError("CONN_INVALID_REQUEST", "one-model", count=len(given))
    return call.ok(model=models.render_model(call, models.add_model(call, given[0])))


@handles("GetModel")
def get_model(call: Call) -> Message:
    """A model with its newest version (or the one `version_id` names)."""
    model = models.stored_model(call, call.request.model_id)
    if call.request.version_id:
        versions.named_version(model, call.request.version_id)
    return call.ok(model=models.render_model(call, model, call.request.version_id))


@handles("GetModelOutputInfo")
def get_model_output_info(call: Call) -> Message:
    """GetModel's answer, the one REST path that always showed a model's concepts."""
    return get_model(call)


@handles("ListModels")
def list_models(call: Call) -> Message:
    """The app's models, newest first, then clarifai/main's for a PAT; optionally of one type
    or trained only."""
    return call.ok(models=models.listed(call, models.reaches_public(call)))


@handles("PostModelFeedback")
def post_model_feedback(call: Call) -> Message:
    """Feedback on what a model predicts for an input (the 2.x client's send_concept_feedback,
    a retired RPC): the model (and version) must exist and an input be given; the emulator
    learns nothing from it (provenance: model-feedback)."""
    model = models.stored_model(call, call.request.model_id)
    if call.request.version_id:
        versions.named_version(model, call.request.version_id)
    if not call.request.HasField("input"):
        raise ApiError("CONN_INVALID_REQUEST", "feedback-without-input")
    return call.ok()


@handles("PatchModels")
def patch_models(call: Call) -> Message:
    """Change model-level fields (name, description, notes, metadata, visibility, lists...)."""
    action = check_action(call.request.action)
    if not call.request.models:
        raise ApiError("CONN_INVALID_REQUEST", "no-models")
    patches = [models.checked_patch(call, given) for given in call.request.models]  # all, or none change
    for model, patch in patches:
        models.patch_model(call, model, patch, action)
    return call.ok(models=[models.render_model(call, model) for model, _ in patches])


@handles("DeleteModel")
def delete_model(call: Call) -> Message:
    """Delete a model and all its versions."""
    models.stored_model(call, call.request.model_id)
    call.app.delete_model(call.request.model_id)
    return call.ok()


@handles("DeleteModels")
def delete_models(call: Call) -> Message:
    """Delete models by id (all of them must exist), or every model of the app with `delete_all`."""
    if call.request.delete_all:
        call.app.models.clear()
        return call.ok()
    ids = list(call.request.ids)
    if not ids:
        raise ApiError("CONN_INVALID_REQUEST", "no-model-ids")
    for model_id in ids:
        if call.app.model(model_id) is None:
            raise ApiError("MODEL_DOES_NOT_EXIST", "model-not-found", model_id=model_id)
    for stored_id in dict.fromkeys(call.app.stored_id(model_id) for model_id in ids):  # a model named twice
        call.app.delete_model(stored_id)
    return call.ok()


# --- model versions --------------------------------------------------------------------


@handles("PostModelVersions")
def post_model_versions(call: Call) -> Message:
    """Create a version from `model_versions[0]` (its `*_info`) and start training it."""
    model = models.stored_model(call, call.request.model_id)
    given = list(call.request.model_versions)
    if len(given) > 1:
        raise ApiError("CONN_INVALID_REQUEST", "one-version", count=len(given))
    version = versions.new_version(call, model, given[0] if given else resources_pb2.ModelVersion())
    stored = versions.begin(call, model, version)
    return call.ok(model=models.render_model(call, model, stored.version.id))


@handles("GetModelVersion")
def get_model_version(call: Call) -> Message:
    """One version of a model."""
    model = models.stored_model(call, call.request.model_id)
    version = versions.named_version(model, call.request.version_id)
    return call.ok(model_version=versions.render_version(call, version))


@handles("ListModelVersions")
def list_model_versions(call: Call) -> Message:
    """A model's versions, newest first; `trained_only` keeps the trained ones."""
    model = models.stored_model(call, call.request.model_id)
    shown = [versions.render_version(call, v) for v in model.versions]
    if call.request.trained_only:
        shown = [v for v in shown if v.status.code == status_code_pb2.MODEL_TRAINED]
    return call.ok(model_versions=page(call, shown))


@handles("PostModelVersionMetrics")
def post_model_version_metrics(call: Call) -> Message:
    """Evaluate a trained version; the emulator's evaluation ends at once (MODEL_EVALUATED)."""
    model = models.stored_model(call, call.request.model_id)
    version = versions.named_version(model, call.request.version_id)
    versions.evaluate(call, version)
    return call.ok(model_version=versions.render_version(call, version))


@handles("GetModelVersionMetrics")
def get_model_version_metrics(call: Call) -> Message:
    """A version with its evaluation metrics (MODEL_NOT_EVALUATED until evaluated)."""
    model = models.stored_model(call, call.request.model_id)
    version = versions.named_version(model, call.request.version_id)
    shown = versions.render_version(call, version)
    if not shown.HasField("metrics"):
        shown.metrics.status.CopyFrom(status("MODEL_NOT_EVALUATED"))
    return call.ok(model_version=shown)


@handles("PatchModelVersions")
def patch_model_versions(call: Call) -> Message:
    """Change versions' description, metadata, visibility, license or output_info (not concepts)."""
    action = check_action(call.request.action)
    model = models.stored_model(call, call.request.model_id)
    if not call.request.model_versions:
        raise ApiError("CONN_INVALID_REQUEST", "no-versions-given")
    patches = [versions.checked_version_patch(model, given) for given in call.request.model_versions]
    for stored, patch in patches:
        versions.patch_version(call, stored, patch, action)
    return call.ok(model_versions=[versions.render_version(call, stored) for stored, _ in patches])


@handles("DeleteModelVersion")
def delete_model_version(call: Call) -> Message:
    """Delete one version of a model."""
    model = models.stored_model(call, call.request.model_id)
    version = versions.named_version(model, call.request.version_id)
    model.versions.remove(version)
    return call.ok()
