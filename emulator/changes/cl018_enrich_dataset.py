"""CL018 2023-01-26: `closed_environment` gave way to `train_info.params.enrich_dataset`.

`closed_environment` was field 2 of OutputConfig (bool; removed in clarifai-grpc 10), set on
embedding-classifier models. Before the date, false (the default) trained with Clarifai's
pre-stored negative embeddings and failed when the base model had none; true trained
without them. `enrich_dataset` did not exist yet and is ignored. After the date
`closed_environment` is refused as unknown (11100) and `enrich_dataset` (Automatic, the
default, or Disabled) never makes training fail for lack of negatives.
"""

import datetime as dt
import re

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from .. import legacy, training
from ..call import Call
from ..statuses import ApiError
from . import Change

change = Change(
    __name__,
    code="CL018",
    date=dt.date(2023, 1, 26),
    rpcs={"PostModels", "PatchModels", "PostModelVersions", "PatchModelVersions"},
    legacy_fields={"clarifai.api.OutputConfig": {2: ("closed_environment", "bool")}},
)
FIELD = "closed_environment"
STEP = re.compile(r"(\w+)(?:\[(\d+)\])?")
ENRICHABLE_TYPE = "embedding-classifier"
# Served before CL017 (2023-01-20) too, PatchModels' output_info has been moved out of the
# request by that older change's request transform, which runs first; it holds it here, in
# `call.legacy`, as a ModelVersion (the order: emulator.changes).
HELD_BY_CL017 = re.compile(r"(models\[\d+\])\.output_info\.output_config")


@change.request
def keep_closed_environment(call: Call) -> None:
    """Keep each `closed_environment` on its output_config, where the version will carry it."""
    for path in sorted(p for p in call.legacy if p.endswith(f"output_config.{FIELD}")):
        value = call.take_legacy(path)
        if not isinstance(value, bool):
            raise ApiError("CONN_BAD_REQUEST_FORMAT", "cl018-not-bool", path=path, value=repr(value)[:40])
        config = _config_at(call, path.removesuffix(f".{FIELD}"))
        if config is not None:
            config.DiscardUnknownFields()  # an old gRPC client's own copy, replaced by the same value
            legacy.attach(config, FIELD, value)
    for version in getattr(call.request, "model_versions", ()):
        if version.HasField("train_info") and "enrich_dataset" in version.train_info.params.fields:
            del version.train_info.params["enrich_dataset"]  # not a parameter yet: ignored


@change.after
def after(call: Call, response: Message) -> Message:
    """A new embedding-classifier version without closed_environment, on a base model that has
    no negative embeddings, ends its training failed."""
    if call.rpc.name != "PostModelVersions" or response.status.code != 10000:
        return response
    model = call.app.models[call.request.model_id]
    stored = model.version(response.model.model_version.id)
    if model.model.model_type_id != ENRICHABLE_TYPE or stored is None or stored.trained_tick is None:
        return response
    closed = legacy.from_unknown_fields(stored.version.output_info.output_config).get(FIELD, False)
    if not closed and not training.has_negatives(stored.version):
        base = training.base_embedder(stored.version)
        training.fail(stored, "MODEL_TRAINING_FAILED", "cl018-no-negatives", base=base)
    return response


def _config_at(call: Call, path: str) -> resources_pb2.OutputConfig | None:
    """The output_config a legacy path names: in the request, or where CL017 held it."""
    found = _message_at(call.request, path)
    held = HELD_BY_CL017.fullmatch(path)
    if found is None and held and isinstance(call.legacy.get(f"{held.group(1)}.version_info"), Message):
        found = _message_at(call.legacy[f"{held.group(1)}.version_info"], "output_info.output_config")
    return found


def _message_at(message: Message, path: str) -> Message | None:
    """The sub-message of `message` at a path like `model_versions[0].output_info.output_config`;
    None where a message on the way is not set (it is never made up)."""
    for name, index in STEP.findall(path):
        if name not in message.DESCRIPTOR.fields_by_name or not (index or message.HasField(name)):
            return None
        value = getattr(message, name)
        if index:
            if int(index) >= len(value):
                return None
            value = value[int(index)]
        message = value
    return message if isinstance(message, resources_pb2.OutputConfig) else None
