"""CL017 2023-01-20: PostModels no longer makes a version; `*_info` moved to model versions.

Before the date:
- PostModels also made a version from the `*_info` fields given on the model
  (`output_info`, still field 5 of Model, and `input_info` 12, `train_info` 13, `import_info`
  24, removed since clarifai-grpc 10): UNTRAINED for a trainable model type, TRAINED otherwise;
- PostModelVersions trained the model's latest untrained version by default (with any
  `*_info` the request gave laid over it); without one, it trained a new version with the
  latest version's `*_info`;
- PatchModels changing `output_info` made a new version with it: TRAINED when the latest
  version was trained or the type is not trainable, UNTRAINED otherwise;
- PatchModelVersions changed only description, metadata, visibility and license;
- model responses mirrored the version's `*_info` on the model itself.
After the date the removed fields are refused as unknown (11100) and today's handlers serve.
"""

import datetime as dt
import re

from clarifai_grpc.grpc.api import resources_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2
from google.protobuf import json_format
from google.protobuf.message import Message

from .. import legacy, model_types, models, training, versions
from ..call import Call
from ..statuses import ApiError
from ..store import StoredModel
from . import Change

INFO_TYPES = {
    "input_info": resources_pb2.InputInfo,
    "train_info": resources_pb2.TrainInfo,
    "import_info": resources_pb2.ImportInfo,
}
change = Change(
    __name__,
    code="CL017",
    date=dt.date(2023, 1, 20),
    rpcs={
        "PostModels",
        "GetModel",
        "GetModelOutputInfo",
        "ListModels",
        "PatchModels",
        "PostModelVersions",
        "PatchModelVersions",
    },
    legacy_fields={
        "clarifai.api.Model": {
            12: ("input_info", "message:clarifai.api.InputInfo"),
            13: ("train_info", "message:clarifai.api.TrainInfo"),
            24: ("import_info", "message:clarifai.api.ImportInfo"),
        }
    },
)
VERSION_INFO = ("output_info", *INFO_TYPES)
HELD = re.compile(r"models\[(\d+)\]\.version_info")  # PatchModels' *_info, held for `after`


@change.request
def claim_old_infos(call: Call) -> None:
    """Claim the old `*_info` fields; ready PostModelVersions to train the untrained version."""
    name = call.rpc.name
    if name == "PostModels":
        _take_infos(call, "model" if not call.request.models else "models[0]")
    elif name == "PatchModels":
        for index in range(len(call.request.models)):
            _hold_version_info(call, index)
    elif name == "PostModelVersions":
        _train_latest_untrained(call)
    elif name == "PatchModelVersions":
        for given in call.request.model_versions:
            if given.HasField("output_info"):
                raise ApiError("CONN_INVALID_REQUEST", "cl017-version-output-info", version_id=given.id)


@change.after
def after(call: Call, response: Message) -> Message:
    """Make the versions the old API made, and show `*_info` on models as it did."""
    if response.status.code != 10000:
        return response
    name = call.rpc.name
    if name == "PostModels":
        _version_from_model(call, response.model)
    elif name == "PatchModels":
        _versions_from_patches(call, response)
    for model in _models_of(response):
        _mirror(model)
    return response


# --- PostModels -------------------------------------------------------------------------


def _take_infos(call: Call, prefix: str) -> dict[str, Message]:
    """The removed `*_info` fields sent on one model, parsed; claimed so they are not refused."""
    infos = {}
    for field, message_class in INFO_TYPES.items():
        value = call.take_legacy(f"{prefix}.{field}")
        if value is not None:
            try:
                infos[field] = json_format.ParseDict(value, message_class())
            except (json_format.ParseError, TypeError, AttributeError):
                raise ApiError(
                    "CONN_BAD_REQUEST_FORMAT", "cl017-bad-info", field=f"{prefix}.{field}"
                ) from None
    return infos


def _info_of_model(call: Call, prefix: str, given: resources_pb2.Model) -> resources_pb2.ModelVersion:
    version = resources_pb2.ModelVersion()
    if given.HasField("output_info"):
        version.output_info.CopyFrom(given.output_info)  # keeps old fields (closed_environment)
    for field, message in _take_infos(call, prefix).items():
        getattr(version, field).CopyFrom(message)
    return version


def _version_from_model(call: Call, shown: resources_pb2.Model) -> None:
    """The version PostModels made along with the model."""
    request = call.request
    prefix, given = ("models[0]", request.models[0]) if request.models else ("model", request.model)
    model = call.app.models[shown.id]
    version = versions.build_version(call, _info_of_model(call, prefix, given))
    if model_types.is_trainable(model.model.model_type_id):
        stored = training.untrained(version)
    else:
        stored = training.trained_at_once(version, call.timestamp())
    model.versions.insert(0, stored)
    shown.model_version.CopyFrom(versions.render_version(call, stored))


# --- PatchModels --------------------------------------------------------------------------


def _hold_version_info(call: Call, index: int) -> None:
    """Move a patch's `*_info` out of the request (today's PatchModels refuses output_info)."""
    given = call.request.models[index]
    held = resources_pb2.ModelVersion()
    for field, message in _take_infos(call, f"models[{index}]").items():
        getattr(held, field).CopyFrom(message)
    if given.HasField("output_info"):
        held.output_info.CopyFrom(given.output_info)
        given.ClearField("output_info")
    if held.ListFields():
        path = f"models[{index}].version_info"
        call.legacy[path] = held
        call.claimed.add(path)


def _versions_from_patches(call: Call, response: Message) -> None:
    """A new version for each model whose `*_info` was patched."""
    action = call.request.action or "merge"
    for path in sorted(p for p in call.legacy if HELD.fullmatch(p)):
        index = int(HELD.fullmatch(path).group(1))
        model = call.app.models[call.request.models[index].id]
        _new_patched_version(call, model, call.legacy[path], action)
        response.models[index].CopyFrom(models.render_model(call, model))


def _new_patched_version(
    call: Call, model: StoredModel, patch: resources_pb2.ModelVersion, action: str
) -> None:
    """Trained when only output_info changed on a trained (or untrainable) model, else untrained."""
    latest = model.version()
    given = resources_pb2.ModelVersion()
    for field in VERSION_INFO:
        if patch.HasField(field) and (action == "overwrite" or latest is None):
            getattr(given, field).CopyFrom(getattr(patch, field))
            continue
        if latest is not None and latest.version.HasField(field):
            getattr(given, field).CopyFrom(getattr(latest.version, field))
        if patch.HasField(field):
            if field == "output_info" and patch.output_info.data.concepts:
                given.output_info.data.ClearField("concepts")
            getattr(given, field).MergeFrom(getattr(patch, field))
    version = versions.build_version(call, given)
    only_output_info = [f.name for f, _ in patch.ListFields()] == ["output_info"]
    trainable = model_types.is_trainable(model.model.model_type_id)
    if trainable and not (only_output_info and versions.is_trained(latest, call.now)):
        stored = training.untrained(version)
    else:
        version.total_input_count = latest.version.total_input_count if latest else 0
        version.active_concept_count = latest.version.active_concept_count if latest else 0
        stored = training.trained_at_once(version, call.timestamp())
    model.versions.insert(0, stored)


# --- PostModelVersions ----------------------------------------------------------------------
def _train_latest_untrained(call: Call) -> None:
    """Lay the request's `*_info` over the latest untrained version (or, without one, over the
    latest version's info), so today's handler trains that; checked before anything changes."""
    request = call.request
    model = call.app.models.get(request.model_id)
    if model is None or len(request.model_versions) > 1:
        return  # today's handler refuses it
    given = request.model_versions[0] if request.model_versions else resources_pb2.ModelVersion()
    untrained = next(
        (v for v in model.versions if v.version.status.code == status_code_pb2.MODEL_UNTRAINED), None
    )
    base = untrained or model.version()
    if base is None:
        return
    merged = resources_pb2.ModelVersion()
    for field in VERSION_INFO:
        source = given if given.HasField(field) else base.version
        if source.HasField(field):
            getattr(merged, field).CopyFrom(getattr(source, field))
    for field, _ in given.ListFields():
        if field.name not in VERSION_INFO:
            _copy_field(given, merged, field.name)
    if untrained is not None and not given.id:
        merged.id = untrained.version.id
    versions.check_version(model, merged)
    if untrained is not None:
        model.versions.remove(untrained)
    del request.model_versions[:]
    request.model_versions.append(merged)


def _copy_field(source: Message, target: Message, field: str) -> None:
    if source.DESCRIPTOR.fields_by_name[field].message_type is not None:
        if source.HasField(field):
            getattr(target, field).CopyFrom(getattr(source, field))
    else:
        setattr(target, field, getattr(source, field))


# --- responses ---------------------------------------------------------------------------------


def _models_of(response: Message) -> list[resources_pb2.Model]:
    if "models" in response.DESCRIPTOR.fields_by_name:
        return list(response.models)
    has_model = "model" in response.DESCRIPTOR.fields_by_name  # PatchModelVersions' response has none
    return [response.model] if has_model and response.HasField("model") else []


def _mirror(model: resources_pb2.Model) -> None:
    """Show the version's `*_info` on the model too, as old responses did."""
    version = model.model_version
    if version.HasField("output_info"):
        model.output_info.CopyFrom(version.output_info)
    for field in INFO_TYPES:
        if version.HasField(field):
            value = json_format.MessageToDict(getattr(version, field), preserving_proto_field_name=True)
            legacy.attach(model, field, value)
