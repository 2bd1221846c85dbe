"""CL007 2020-02-12: the `facedetect*` model type names were renamed to their `detect*` counterparts.

facedetect -> detect, facedetect-identity -> detect-concept, facedetect-demographics ->
detect-concept, facedetect-embed -> detect-embed (Clarifai's own list, upcoming-api-changes).
These were values of a model's `output_info.type` / `type_ext` and of the model-search type
`model_query.type` (the fields CL013 later removed), never `model_type_id`, which the protos
only gained in June 2020 (clarifai-facts.md §"Checks of disputed facts" (a): the clarifai-java
ModelType pairs, the clarifai-javascript test change of 2020-02-06).

Before the date the public face models showed `type`/`type_ext` `facedetect` (face detection)
and `facedetect`/`facedetect-demographics` (demographics), so a search by type `facedetect`
found them; a PostModels naming a facedetect type made the model, as the detect type it was
renamed to. From the date no model shows a facedetect type: a search by one finds nothing and
PostModels with one is refused (today's check of the type, after CL013's mapping).
"""

from __future__ import annotations

import datetime as dt

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from .. import legacy
from ..call import Call
from . import Change

change = Change(
    __name__,
    code="CL007",
    date=dt.date(2020, 2, 12),
    rpcs={
        "PostModels",
        "PostModelsSearches",
        "GetModel",
        "GetModelOutputInfo",
        "ListModels",
        "PostModelOutputs",
    },
)
RENAMED = {
    "facedetect": "detect",
    "facedetect-identity": "detect-concept",
    "facedetect-demographics": "detect-concept",
    "facedetect-embed": "detect-embed",
}
# Public clarifai/main models by id -> the (type, type_ext) they showed before the date
# (provenance: cl007-public): the face model, under today's id and under the id it had then
# (CL014 shows that one before 2022), and the demographics model of CL010.
PUBLIC_SHOWN = {
    "face-detection": ("facedetect", "facedetect"),
    "a403429f2ddf4b49b307e318f00e528b": ("facedetect", "facedetect"),
    "c0c0ac362b03416da06ab3fa36fb58e3": ("facedetect", "facedetect-demographics"),
}
ASKED = "model_query.type (CL007)"  # the facedetect type a search asked for, held for `after`
TYPE_FIELDS = ("output_info.type", "output_info.type_ext")


def _model_paths(call: Call) -> list[str]:
    """The legacy path prefix of each model a PostModelsRequest carries."""
    paths = [f"models[{index}]" for index in range(len(call.request.models))]
    return paths + (["model"] if call.request.HasField("model") else [])


@change.request
def rename_old_types(call: Call) -> None:
    """Before the date, a facedetect name in a PostModels `type`/`type_ext` is taken as its
    detect name (CL013 then maps it to a model_type_id); a search by a facedetect type is run
    over every type and the type held for `after`, which keeps the models that showed it."""
    if call.rpc.name == "PostModels":
        for prefix in _model_paths(call):
            for name in TYPE_FIELDS:
                path = f"{prefix}.{name}"
                if call.legacy.get(path) in RENAMED:
                    call.legacy[path] = RENAMED[call.legacy[path]]
    elif call.rpc.name == "PostModelsSearches" and call.legacy.get("model_query.type") in RENAMED:
        call.legacy[ASKED] = call.legacy.pop("model_query.type")
        call.claimed.add(ASKED)


def _shown_type(model: resources_pb2.Model) -> tuple[str, str]:
    shown = legacy.from_unknown_fields(model.output_info)
    return shown.get("type", ""), shown.get("type_ext", "")


def _show_public(model: resources_pb2.Model) -> None:
    """A public face model shows its facedetect type in place of the detect one CL013 gave it."""
    if (model.user_id, model.app_id) != ("clarifai", "main") or model.id not in PUBLIC_SHOWN:
        return
    shown_type, shown_ext = PUBLIC_SHOWN[model.id]
    legacy.attach(model.output_info, "type", shown_type)
    legacy.attach(model.output_info, "type_ext", shown_ext)  # read last: they replace CL013's


@change.after
def after(call: Call, response: Message) -> Message:
    """Public face models show their facedetect type; a search by one keeps the models showing it."""
    if response.status.code != 10000:
        return response
    if call.rpc.name in ("GetModel", "GetModelOutputInfo", "PostModels"):
        _show_public(response.model)
    elif call.rpc.name == "PostModelOutputs":
        for output in response.outputs:
            _show_public(output.model)
    else:
        for model in response.models:
            _show_public(model)
    if ASKED in call.legacy:
        kept = [model for model in response.models if call.legacy[ASKED] in _shown_type(model)]
        del response.models[:]
        response.models.extend(kept)
    return response
