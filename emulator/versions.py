"""Model versions: making, checking, training and showing them, as today's API does.

PostModelVersions makes versions from their own `*_info` fields; the change modules that
made versions in other ways before (CL017) build them here too.
"""

from __future__ import annotations

import re

from clarifai_grpc.grpc.api import resources_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2

from . import faults, model_types, patching, training
from .call import Call
from .statuses import ApiError, status
from .store import StoredModel, StoredVersion

ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
ENRICH_DATASET = ("Automatic", "Disabled")  # train_info.params.enrich_dataset (provenance)
ENRICHABLE_TYPE = "embedding-classifier"
# What PatchModelVersions may change (output_info without its concepts).
VERSION_PATCHABLE = ("id", "description", "metadata", "visibility", "license", "output_info")


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
    """A version as responses show it now (queued or training until its training ends), each
    of its concepts complete."""
    shown = training.shown(version, call.now)
    for concept in shown.output_info.data.concepts:
        complete_concept(call, concept, shown)
    return shown


def complete_concept(call: Call, concept: resources_pb2.Concept, version: resources_pb2.ModelVersion) -> None:
    """Give a model's concept what the API always shows on it: name (the app concept's, else
    the id), value 1, app_id and created_at (the app concept's, else the version's); the 2.x
    client reads them all (provenance: model-concepts)."""
    if concept.name and concept.value and concept.app_id and concept.HasField("created_at"):
        return  # complete already (a public model's concepts, rendered again at every read)
    known = call.app.concepts.get(concept.id)
    concept.name = concept.name or (known.name if known is not None else "") or concept.id
    concept.value = concept.value or 1.0
    concept.app_id = concept.app_id or version.app_id or call.app.id
    if not concept.HasField("created_at"):
        concept.created_at.CopyFrom(known.created_at if known is not None else version.created_at)


def check_id(value: str, what: str) -> str:
    """`value` if it is a usable id (letters, digits, `_`, `-`, `.`); 11102 naming it otherwise."""
    if not ID.fullmatch(value):
        raise ApiError("CONN_INVALID_REQUEST", "bad-id", what=what, value=value[:80])
    return value


def _check_enrichment(model: StoredModel, version: resources_pb2.ModelVersion) -> None:
    """Refuse a `train_info.params.enrich_dataset` of the wrong model type or value (11102)."""
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
    if model_types.is_trainable(model.model.model_type_id) and not concepts:
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
    if model_types.is_trainable(model.model.model_type_id):
        finish = training.QUEUED_TICKS + training.TRAINING_TICKS
        stored = training.start(
            call.app, version, call.now, call.clock.timestamp(call.as_of, call.now + finish)
        )
    else:
        stored = training.trained_at_once(version, call.timestamp())
    faults.point("add a model version")
    model.versions.insert(0, stored)
    return stored


def is_trained(version: StoredVersion | None, now: int) -> bool:
    """Whether `version` finished training, successfully, by tick `now`."""
    if version is None or training.current_status(version, now) != "done":
        return False
    return version.version.status.code == status_code_pb2.MODEL_TRAINED


def evaluate(call: Call, stored: StoredVersion) -> None:
    """Evaluate a trained version: its metrics end MODEL_EVALUATED at once (provenance:
    model-evaluation); 11102 while it is not trained."""
    if not is_trained(stored, call.now):
        raise ApiError("CONN_INVALID_REQUEST", "evaluate-untrained", version_id=stored.version.id)
    stored.version.metrics.status.CopyFrom(status("MODEL_EVALUATED"))


def checked_version_patch(
    model: StoredModel, given: resources_pb2.ModelVersion
) -> tuple[StoredVersion, resources_pb2.ModelVersion]:
    """The version a PatchModelVersions entry names and the patch to apply to it; 11102 when it
    would change a field other than VERSION_PATCHABLE, or the concepts."""
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


def patch_version(call: Call, stored: StoredVersion, patch: resources_pb2.ModelVersion, action: str) -> None:
    """Apply a checked PatchModelVersions patch; `overwrite` replaces only the patchable fields
    and keeps the version's concepts."""
    version = stored.version
    concepts = list(version.output_info.data.concepts)
    unpatchable = [f.name for f in version.DESCRIPTOR.fields if f.name not in VERSION_PATCHABLE[1:]]
    patching.apply(action, version, patch, fixed=unpatchable)
    if action == "overwrite":
        version.output_info.data.ClearField("concepts")
        version.output_info.data.concepts.extend(concepts)
    version.modified_at.CopyFrom(call.timestamp())
