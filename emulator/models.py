"""Models of an app: finding, making, patching and showing them, as today's API does.

PostModels makes a model without a version; its versions live in `emulator.versions`.
"""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from . import faults, model_types, patching
from .call import Call
from .paging import page
from .statuses import ApiError
from .store import StoredModel
from .versions import check_id, is_trained, render_version

# What PatchModels may change: fields of the model itself, never of a version.
MODEL_FIXED = ("id", "app_id", "user_id", "created_at", "modified_at", "model_type_id")
MODEL_VERSION_FIELDS = ("output_info", "model_version")
# The type of a model posted without model_type_id (provenance: model-type-default): a concept
# classifier trained on the app's embeddings, what clarifai-grpc's own tests train and predict.
DEFAULT_MODEL_TYPE = "embedding-classifier"


def stored_model(call: Call, model_id: str) -> StoredModel:
    """The model `model_id` of the call's app; 11101 (the documented text) when missing."""
    if not model_id:
        raise ApiError("CONN_INVALID_REQUEST", "no-model-id")
    model = call.app.model(model_id)
    if model is None:
        raise ApiError("CONN_DOES_NOT_EXIST", "model-not-found", model_id=model_id)
    return model


def render_model(call: Call, model: StoredModel, version_id: str = "") -> resources_pb2.Model:
    """The model with one version (the newest by default), if it has any."""
    shown = resources_pb2.Model()
    shown.CopyFrom(model.model)
    version = model.version(version_id)
    if version is not None:
        shown.model_version.CopyFrom(render_version(call, version))
    return shown


def reaches_public(call: Call) -> bool:
    """Whether ListModels adds clarifai/main's models: for a PAT, unless the request says
    `dont_fetch_from_main` or names clarifai/main itself (provenance: list-models-public)."""
    credential = call.caller.credential
    if call.app.public or call.request.dont_fetch_from_main:
        return False
    return credential is not None and credential.is_pat


def listed(call: Call, with_public: bool) -> list[resources_pb2.Model]:
    """ListModels' page: the app's models newest first, then (`with_public`) clarifai/main's,
    of `model_type_id` and trained only when the request asks."""
    request = call.request
    found = list(reversed(call.app.models.values()))
    public = call.store.public_app()
    if with_public and public is not None and public is not call.app:
        found += list(public.models.values())
    if request.model_type_id:
        found = [m for m in found if m.model.model_type_id == request.model_type_id]
    if request.trained_only:
        found = [m for m in found if is_trained(m.version(), call.now)]
    return [render_model(call, m) for m in page(call, found)]


def given_models(request: Message) -> list[resources_pb2.Model]:
    """The models of a PostModelsRequest: `models`, or the deprecated single `model`."""
    if request.models:
        return list(request.models)
    return [request.model] if request.HasField("model") else []


def new_model(call: Call, given: resources_pb2.Model) -> StoredModel:
    """A model as PostModels keeps it: no version, whatever `*_info` the request carried
    (today's PostModels ignores the deprecated `model.output_info`; provenance: post-models)."""
    model_id = check_id(given.id, "model id") if given.id else call.ids.hex32("model")
    if model_id in call.app.models:
        raise ApiError("CONN_INVALID_REQUEST", "model-exists", model_id=model_id)
    model = resources_pb2.Model()
    model.CopyFrom(given)
    model.DiscardUnknownFields()
    for name in MODEL_VERSION_FIELDS:
        model.ClearField(name)
    model.id = model_id
    model.model_type_id = model_types.check_model_type(given.model_type_id or DEFAULT_MODEL_TYPE)
    model.app_id, model.user_id = call.app.id, call.app.user_id
    model.created_at.CopyFrom(call.timestamp())
    model.modified_at.CopyFrom(call.timestamp())
    if not model.HasField("visibility"):
        model.visibility.gettable = resources_pb2.Visibility.PRIVATE
    return StoredModel(model)


def add_model(call: Call, given: resources_pb2.Model) -> StoredModel:
    """Make the model PostModels makes from `given` and keep it in the call's app."""
    model = new_model(call, given)
    faults.point("add a model")
    call.app.models[model.model.id] = model
    return model


def checked_patch(call: Call, given: resources_pb2.Model) -> tuple[StoredModel, resources_pb2.Model]:
    """The model a PatchModels entry names and the patch to apply to it; 11102 when it would
    touch a version or the model type, 21200 when the model is missing."""
    model = call.app.models.get(given.id)
    if model is None:
        raise ApiError("MODEL_DOES_NOT_EXIST", "model-not-found", model_id=given.id)
    for name in MODEL_VERSION_FIELDS:
        if given.HasField(name):
            raise ApiError("CONN_INVALID_REQUEST", "patch-version-fields", field=name, model_id=given.id)
    if given.model_type_id and given.model_type_id != model.model.model_type_id:
        raise ApiError("CONN_INVALID_REQUEST", "model-type-fixed", model_id=given.id)
    patch = resources_pb2.Model()
    patch.CopyFrom(given)
    patch.DiscardUnknownFields()
    for name in MODEL_FIXED:
        patch.ClearField(name)
    return model, patch


def patch_model(call: Call, model: StoredModel, patch: resources_pb2.Model, action: str) -> None:
    """Apply a checked PatchModels patch to `model` (its fixed fields stay)."""
    patching.apply(action, model.model, patch, fixed=MODEL_FIXED)
    model.model.modified_at.CopyFrom(call.timestamp())
