"""CL007 2020-02-12: the `facedetect*` model types were renamed to their `detect*` counterparts.

facedetect -> detect, facedetect-identity -> detect-concept, facedetect-demographics ->
detect-concept, facedetect-embed -> detect-embed (Clarifai's own list). Before the date
ListModelTypes listed the facedetect types, PostModels created models of them (kept and shown
under the name the client gave) and the public face models reported them (as model_type_id
and as the old `output_info.type`), so a search by a facedetect type found them; from the date the
facedetect ids are unknown: PostModels with one is refused (11102) and searches find nothing.
"""

from __future__ import annotations

import datetime as dt

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from .. import legacy
from ..call import Call
from ..model_types import find_type, model_type, today_types
from ..models import add_model, render_model
from ..paging import page
from . import Change

change = Change(
    __name__,
    code="CL007",
    date=dt.date(2020, 2, 12),
    rpcs={
        "ListModelTypes",
        "GetModelType",
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
# Today's type a facedetect model is made as before its old name is put back (provenance:
# cl007-stand-in): PostModels checks the type against today's list.
STAND_IN = {
    "facedetect": "visual-detector",
    "facedetect-identity": "detect-concept",
    "facedetect-demographics": "detect-concept",
    "facedetect-embed": "visual-embedder",
}
# id: (title, inputs, outputs, trainable); titles and flags inferred (provenance: cl007-types).
OLD_TYPES = {
    "facedetect": ("Face Detect", "image", "regions", False),
    "facedetect-demographics": ("Face Demographics", "image", "regions[...].data.face", False),
    "facedetect-embed": ("Face Embed", "image", "regions[...].data.embeddings", False),
    "facedetect-identity": ("Face Identity", "image", "regions[...].data.face.identity", True),
}
# Public clarifai/main models by id -> the facedetect type they reported (provenance:
# cl007-public): the face model, under today's id and under the id it had then (CL014 shows
# that one before 2022), and the demographics model of CL010.
PUBLIC_TYPES = {
    "face-detection": "facedetect",
    "a403429f2ddf4b49b307e318f00e528b": "facedetect",
    "c0c0ac362b03416da06ab3fa36fb58e3": "facedetect-demographics",
}


# The (type, type_ext) a public model of a facedetect type showed (facts §4 (a)).
SHOWN_AS = {
    "facedetect": ("facedetect", "facedetect"),
    "facedetect-demographics": ("facedetect", "facedetect-demographics"),
}
ASKED = "model_query.model_type_id (CL007)"  # the facedetect type a search asked for, held


def old_types() -> list[resources_pb2.ModelType]:
    """The facedetect model types as ListModelTypes showed them."""
    return [model_type(type_id, *spec) for type_id, spec in OLD_TYPES.items()]


def _created_as(call: Call) -> str:
    models = call.request.models or ([call.request.model] if call.request.HasField("model") else [])
    return models[0].model_type_id if len(models) == 1 else ""


def _post_models(call: Call) -> Message | None:
    """A facedetect model is made as its stand-in type, then kept under its old name."""
    old = _created_as(call)
    if old not in STAND_IN:
        return None
    given = call.request.models[0] if call.request.models else call.request.model
    given.model_type_id = STAND_IN[old]
    stored = add_model(call, given)
    stored.model.model_type_id = old
    return call.ok(model=render_model(call, stored))


@change.request
def hold_searched_type(call: Call) -> None:
    """A search by a facedetect type (`model_query.type` of old clients, or model_type_id) is
    run over every type, the type held for `after` to keep the models that reported it; the
    public face models are stored under today's type."""
    if call.rpc.name != "PostModelsSearches":
        return
    query = call.request.model_query
    asked = query.model_type_id or call.legacy.get("model_query.type")
    if asked not in OLD_TYPES:
        return
    if query.model_type_id:
        query.ClearField("model_type_id")
    else:
        del call.legacy["model_query.type"]  # moved to ASKED, so CL013 does not filter by it
    call.legacy[ASKED] = asked
    call.claimed.add(ASKED)


@change.answer
def facedetect_types(call: Call) -> Message | None:
    """The facedetect types exist: GetModelType answers them, PostModels makes them.

    An answer, not a request transform: today's PostModels refuses a facedetect type, so the
    model is made here, as its stand-in type, and kept under its old name.
    """
    if call.rpc.name == "GetModelType" and call.request.model_type_id in OLD_TYPES:
        return call.ok(model_type=find_type(old_types(), call.request.model_type_id))
    if call.rpc.name == "PostModels":
        return _post_models(call)
    return None


def _rename_public(model: resources_pb2.Model) -> None:
    """A public face model reports its facedetect type, in `output_info.type` too when the
    response shows that field (before CL013)."""
    if (model.user_id, model.app_id) != ("clarifai", "main") or model.id not in PUBLIC_TYPES:
        return
    model.model_type_id = PUBLIC_TYPES[model.id]
    if "type" in legacy.from_unknown_fields(model.output_info):
        shown_type, shown_ext = SHOWN_AS[model.model_type_id]
        legacy.attach(model.output_info, "type", shown_type)
        legacy.attach(model.output_info, "type_ext", shown_ext)


@change.after
def after(call: Call, response: Message) -> Message:
    """ListModelTypes lists the facedetect types; public face models report them."""
    if response.status.code != 10000:
        return response
    if call.rpc.name == "ListModelTypes":
        everything = sorted(today_types() + old_types(), key=lambda item: item.id)
        return call.ok(model_types=page(call, everything))
    if call.rpc.name in ("GetModel", "GetModelOutputInfo", "PostModels"):
        _rename_public(response.model)
    elif call.rpc.name == "PostModelOutputs":
        for output in response.outputs:
            _rename_public(output.model)
    elif call.rpc.name in ("ListModels", "PostModelsSearches"):
        for model in response.models:
            _rename_public(model)
    if ASKED in call.legacy:
        kept = [model for model in response.models if model.model_type_id == call.legacy[ASKED]]
        del response.models[:]
        response.models.extend(kept)
    return response
