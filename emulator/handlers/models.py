"""Models and model versions, as today: PostModels makes a model without a version;
PostModelVersions makes (and trains) versions from their own `*_info` fields.

ListModelTypes, GetModelType and PostModelsSearches live in their own modules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from clarifai_grpc.grpc.api import resources_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2
from google.protobuf.message import Message

from .. import training
from ..call import Call
from ..statuses import ApiError
from ..store import StoredModel, StoredVersion
from . import handles, model_types
from .inputs import page

ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
ACTIONS = ("merge", "remove", "overwrite")
ENRICH_DATASET = ("Automatic", "Disabled")  # train_info.params.enrich_dataset (provenance)
ENRICHABLE_TYPE = "embedding-classifier"
# What PatchModels may change: fields of the model itself, never of a version.
MODEL_FIXED = ("id", "app_id", "user_id", "created_at", "modified_at", "model_type_id")
MODEL_VERSION_FIELDS = ("output_info", "model_version")
# What PatchModelVersions may change (output_info without its concepts).
VERSION_PATCHABLE = ("id", "description", "metadata", "visibility", "license", "output_info")


# --- finding and showing ---------------------------------------------------------------


def stored_model(call: Call, model_id: str) -> StoredModel:
    """The model `model_id` of the call's app; 11101 (the documented text) when missing."""
    if not model_id:
        raise ApiError("CONN_INVALID_REQUEST", "no-model-id")
    model = call.app.model(model_id)
    if model is None:
        raise ApiError("CONN_DOES_NOT_EXIST", "model-not-found", model_id=model_id)
    return model


def named_version(model: StoredModel, version_id: str) -> StoredVersion:
    """The version a request names by id; 11102 when it names none, 11101 when it is missing."""
    if not version_id:
        raise ApiError("CONN_INVALID_REQUEST", "no-version-id")
    version = model.version(version_id)
    if version is None:
        raise ApiError(
            "CONN_DOES_NOT_EXIST", "version-not-found", model_id=model.model.id, version_id=version_id
        )
    return version


def render_version(call: Call, version: StoredVersion) -> resources_pb2.ModelVersion:
    """A version as responses show it now (queued or training until its training ends)."""
    return training.shown(version, call.now)


def render_model(call: Call, model: StoredModel, version_id: str = "") -> resources_pb2.Model:
    """The model with one version (the newest by default), if it has any."""
    shown = resources_pb2.Model()
    shown.CopyFrom(model.model)
    version = model.version(version_id)
    if version is not None:
        shown.model_version.CopyFrom(render_version(call, version))
    return shown


# --- models ----------------------------------------------------------------------------


def check_id(value: str, what: str) -> str:
    """`value` if it is a usable id (letters, digits, `_`, `-`, `.`); 11102 naming it otherwise."""
    if not ID.fullmatch(value):
        raise ApiError("CONN_INVALID_REQUEST", "bad-id", what=what, value=value[:80])
    return value


def check_model_type(model_type_id: str) -> str:
    """A model type id the emulator knows; 11102 when missing or unknown."""
    if not model_type_id:
        raise ApiError("CONN_INVALID_REQUEST", "no-model-type")
    if not model_types.is_known(model_type_id):
        raise ApiError("CONN_INVALID_REQUEST", "unknown-model-type", model_type_id=model_type_id[:80])
    return model_type_id


def is_trainable(model_type_id: str) -> bool:
    """Whether versions of this model type learn from the app's inputs."""
    spec = model_types.MODEL_TYPES.get(model_type_id)
    return bool(spec and spec[-1])


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
    model.model_type_id = check_model_type(given.model_type_id)
    model.app_id, model.user_id = call.app.id, call.app.user_id
    model.created_at.CopyFrom(call.timestamp())
    model.modified_at.CopyFrom(call.timestamp())
    if not model.HasField("visibility"):
        model.visibility.gettable = resources_pb2.Visibility.PRIVATE
    return StoredModel(model)


@handles("PostModels")
def post_models(call: Call) -> Message:
    """Create one model (in `models`, or the deprecated `model`); it has no version yet."""
    given = given_models(call.request)
    if not given:
        raise ApiError("CONN_INVALID_REQUEST", "no-models")
    if len(given) > 1:
        raise ApiError("CONN_INVALID_REQUEST", "one-model", count=len(given))
    model = new_model(call, given[0])
    call.app.models[model.model.id] = model
    return call.ok(model=render_model(call, model))


@handles("GetModel")
def get_model(call: Call) -> Message:
    """A model with its newest version (or the one `version_id` names)."""
    model = stored_model(call, call.request.model_id)
    if call.request.version_id:
        named_version(model, call.request.version_id)
    return call.ok(model=render_model(call, model, call.request.version_id))


def _is_trained(call: Call, model: StoredModel) -> bool:
    version = model.version()
    if version is None or training.current_status(version, call.now) != "done":
        return False
    return version.version.status.code == status_code_pb2.MODEL_TRAINED


@handles("ListModels")
def list_models(call: Call) -> Message:
    """The app's models, newest first, optionally of one type or trained only."""
    request = call.request
    models = list(reversed(call.app.models.values()))
    if request.model_type_id:
        models = [m for m in models if m.model.model_type_id == request.model_type_id]
    if request.trained_only:
        models = [m for m in models if _is_trained(call, m)]
    return call.ok(models=[render_model(call, m) for m in page(call, models)])


def _string_lists(message: Message) -> list[str]:
    return [f.name for f in message.DESCRIPTOR.fields if f.is_repeated and f.type == f.TYPE_STRING]


def _merge(target: Message, patch: Message) -> None:
    """Scalars and messages replace, metadata merges key by key, string lists gain new entries."""
    rest = type(patch)()
    rest.CopyFrom(patch)
    for name in _string_lists(target):
        old = getattr(target, name)
        old.extend(v for v in dict.fromkeys(getattr(patch, name)) if v not in old)
        rest.ClearField(name)
    target.MergeFrom(rest)


def _remove(target: Message, patch: Message) -> None:
    """String-list entries and metadata keys named in `patch` are removed."""
    for name in _string_lists(target):
        gone = set(getattr(patch, name))
        kept = [v for v in getattr(target, name) if v not in gone]
        target.ClearField(name)
        getattr(target, name).extend(kept)
    for key in patch.metadata:
        if key in target.metadata:
            del target.metadata[key]


def _overwrite(target: Message, patch: Message, fixed: Iterable[str]) -> None:
    """Every field becomes the patch's, except the `fixed` ones."""
    saved = type(target)()
    saved.CopyFrom(target)
    target.Clear()
    target.MergeFrom(patch)
    for name in fixed:
        target.ClearField(name)
    keep = type(target)()
    for name in fixed:
        field = saved.DESCRIPTOR.fields_by_name[name]
        if field.message_type is None:
            setattr(keep, name, getattr(saved, name))
        elif saved.HasField(name):
            getattr(keep, name).CopyFrom(getattr(saved, name))
    target.MergeFrom(keep)


def check_action(action: str) -> str:
    """merge (the default when empty), remove or overwrite; 11102 otherwise."""
    action = action or "merge"
    if action not in ACTIONS:
        raise ApiError("CONN_INVALID_REQUEST", "bad-action", action=action)
    return action


def _model_patch(call: Call, given: resources_pb2.Model) -> tuple[StoredModel, resources_pb2.Model]:
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


@handles("PatchModels")
def patch_models(call: Call) -> Message:
    """Change model-level fields (name, description, notes, metadata, visibility, lists...)."""
    action = check_action(call.request.action)
    if not call.request.models:
        raise ApiError("CONN_INVALID_REQUEST", "no-models")
    patches = [_model_patch(call, given) for given in call.request.models]  # all valid, or none change
    for model, patch in patches:
        if action == "merge":
            _merge(model.model, patch)
        elif action == "remove":
            _remove(model.model, patch)
        else:
            _overwrite(model.model, patch, MODEL_FIXED)
        model.model.modified_at.CopyFrom(call.timestamp())
    return call.ok(models=[render_model(call, model) for model, _ in patches])


@handles("DeleteModel")
def delete_model(call: Call) -> Message:
    """Delete a model and all its versions."""
    stored_model(call, call.request.model_id)
    del call.app.models[call.request.model_id]
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
        if model_id not in call.app.models:
            raise ApiError("MODEL_DOES_NOT_EXIST", "model-not-found", model_id=model_id)
    for model_id in ids:
        del call.app.models[model_id]
    return call.ok()


# --- model versions --------------------------------------------------------------------


def _check_enrichment(model: StoredModel, version: resources_pb2.ModelVersion) -> None:
    params = version.train_info.params
    if "enrich_dataset" not in params.fields:
        return
    if model.model.model_type_id != ENRICHABLE_TYPE:
        raise ApiError("CONN_INVALID_REQUEST", "enrich-dataset-type", model_type_id=model.model.model_type_id)
    value = params.fields["enrich_dataset"]
    if value.WhichOneof("kind") != "string_value" or value.string_value not in ENRICH_DATASET:
        shown = value.string_value if value.WhichOneof("kind") == "string_value" else str(value)[:40]
        raise ApiError("CONN_INVALID_REQUEST", "enrich-dataset-value", value=shown.strip())


def check_version(model: StoredModel, version: resources_pb2.ModelVersion) -> None:
    """Refuse a version that cannot be trained as given (11102 naming what is wrong)."""
    concepts = version.output_info.data.concepts
    if is_trainable(model.model.model_type_id) and not concepts:
        raise ApiError("CONN_INVALID_REQUEST", "no-concepts", model_id=model.model.id)
    for concept in concepts:
        if not concept.id:
            raise ApiError("CONN_INVALID_REQUEST", "concept-without-id", model_id=model.model.id)
    base = version.input_info.base_embed_model.id
    if base and base not in training.BASE_EMBEDDERS:
        raise ApiError("CONN_INVALID_REQUEST", "unknown-base-model", model_id=base[:80])
    _check_enrichment(model, version)


def build_version(call: Call, given: resources_pb2.ModelVersion) -> resources_pb2.ModelVersion:
    """A version made from `given` with its own id, owner and timestamps; not checked or kept."""
    version = resources_pb2.ModelVersion()
    version.CopyFrom(given)
    version.id = version.id or call.ids.hex32("version")
    for name in ("status", "completed_at", "total_input_count", "active_concept_count", "metrics"):
        version.ClearField(name)
    version.app_id, version.user_id = call.app.id, call.app.user_id
    for concept in version.output_info.data.concepts:
        concept.app_id = concept.app_id or call.app.id
    version.created_at.CopyFrom(call.timestamp())
    version.modified_at.CopyFrom(call.timestamp())
    if not version.HasField("visibility"):
        version.visibility.gettable = resources_pb2.Visibility.PRIVATE
    return version


def new_version(
    call: Call, model: StoredModel, given: resources_pb2.ModelVersion
) -> resources_pb2.ModelVersion:
    """The version PostModelVersions would make from `given`, checked, not yet kept."""
    if given.id:
        check_id(given.id, "model version id")
        if model.version(given.id) is not None:
            raise ApiError("CONN_INVALID_REQUEST", "version-exists", version_id=given.id)
    version = build_version(call, given)
    version.description = version.description or call.request.description
    check_version(model, version)
    return version


def begin(call: Call, model: StoredModel, version: resources_pb2.ModelVersion) -> StoredVersion:
    """Keep `version` as the model's newest and start training it (or mark it trained at once)."""
    if is_trainable(model.model.model_type_id):
        finish = training.QUEUED_TICKS + training.TRAINING_TICKS
        stored = training.start(
            call.app, version, call.now, call.clock.timestamp(call.as_of, call.now + finish)
        )
    else:
        stored = training.trained_at_once(version, call.timestamp())
    model.versions.insert(0, stored)
    return stored


@handles("PostModelVersions")
def post_model_versions(call: Call) -> Message:
    """Create a version from `model_versions[0]` (its `*_info`) and start training it."""
    model = stored_model(call, call.request.model_id)
    given = list(call.request.model_versions)
    if len(given) > 1:
        raise ApiError("CONN_INVALID_REQUEST", "one-version", count=len(given))
    version = new_version(call, model, given[0] if given else resources_pb2.ModelVersion())
    stored = begin(call, model, version)
    return call.ok(model=render_model(call, model, stored.version.id))


@handles("GetModelVersion")
def get_model_version(call: Call) -> Message:
    """One version of a model."""
    model = stored_model(call, call.request.model_id)
    version = named_version(model, call.request.version_id)
    return call.ok(model_version=render_version(call, version))


@handles("ListModelVersions")
def list_model_versions(call: Call) -> Message:
    """A model's versions, newest first; `trained_only` keeps the trained ones."""
    model = stored_model(call, call.request.model_id)
    versions = [render_version(call, v) for v in model.versions]
    if call.request.trained_only:
        versions = [v for v in versions if v.status.code == status_code_pb2.MODEL_TRAINED]
    return call.ok(model_versions=page(call, versions))


def _version_patch(
    call: Call, model: StoredModel, given: resources_pb2.ModelVersion
) -> tuple[StoredVersion, resources_pb2.ModelVersion]:
    version = named_version(model, given.id)
    for field, _ in given.ListFields():
        if field.name not in VERSION_PATCHABLE:
            raise ApiError("CONN_INVALID_REQUEST", "version-field-fixed", field=field.name)
    if given.output_info.data.concepts:
        raise ApiError("CONN_INVALID_REQUEST", "version-concepts-fixed", version_id=given.id)
    patch = resources_pb2.ModelVersion()
    patch.CopyFrom(given)
    patch.DiscardUnknownFields()
    patch.ClearField("id")
    return version, patch


def _patch_version(
    version: resources_pb2.ModelVersion, patch: resources_pb2.ModelVersion, action: str
) -> None:
    if action == "merge":
        _merge(version, patch)
    elif action == "remove":
        _remove(version, patch)
    else:  # overwrite the patchable fields, keeping the version's concepts
        concepts = list(version.output_info.data.concepts)
        for name in VERSION_PATCHABLE[1:]:
            version.ClearField(name)
        version.MergeFrom(patch)
        version.output_info.data.ClearField("concepts")
        version.output_info.data.concepts.extend(concepts)


@handles("PatchModelVersions")
def patch_model_versions(call: Call) -> Message:
    """Change versions' description, metadata, visibility, license or output_info (not concepts)."""
    action = check_action(call.request.action)
    model = stored_model(call, call.request.model_id)
    if not call.request.model_versions:
        raise ApiError("CONN_INVALID_REQUEST", "no-versions-given")
    patches = [_version_patch(call, model, given) for given in call.request.model_versions]
    for stored, patch in patches:
        _patch_version(stored.version, patch, action)
        stored.version.modified_at.CopyFrom(call.timestamp())
    return call.ok(model_versions=[render_version(call, stored) for stored, _ in patches])


@handles("DeleteModelVersion")
def delete_model_version(call: Call) -> Message:
    """Delete one version of a model."""
    model = stored_model(call, call.request.model_id)
    version = named_version(model, call.request.version_id)
    model.versions.remove(version)
    return call.ok()
