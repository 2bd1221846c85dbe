"""CL013 2021-11-24: the `type` option of POST /models and /models/searches is gone.

Old clients named a model's type in `model.output_info.type` and `type_ext` (OutputInfo
fields 4 and 5) and searched with `model_query.type` (ModelQuery field 2), in the old type
names (`concept`, `embed`, `detect-concept`, ...). clarifai-grpc 8.0.0 removed the three
fields; `model_type_id` names the type. Before the date the API honoured them, mapped to a
model_type_id, and its model responses showed `output_info.type` and `type_ext`; from the
date they are refused as unknown fields (11100) and nothing is created.
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
    code="CL013",
    date=dt.date(2021, 11, 24),
    rpcs={
        "PostModels",
        "PostModelsSearches",
        "GetModel",
        "GetModelOutputInfo",
        "ListModels",
        "PostModelOutputs",
    },
    legacy_fields={
        "clarifai.api.ModelQuery": {2: ("type", "string")},
        "clarifai.api.OutputInfo": {4: ("type", "string"), 5: ("type_ext", "string")},
    },
)
# An old type name -> the model_type_id a model created with it has (provenance:
# cl013-type-map). The face detection model showed type `detect-concept` with model_type_id
# `visual-detector` (a 2021 response); `concept` models made by PostModels are
# embedding-classifier (Clarifai's docs create `petsID` so), though public classifiers showing
# `concept` are visual-classifier. Names not here (the facedetect ones, renamed by CL007 before
# its date, or unknown ones) go through as they are, for today's type check to refuse.
MODEL_TYPE_IDS = {
    "concept": "embedding-classifier",
    "embed": "visual-embedder",
    "cluster": "clusterer",
    "detect": "visual-detector",
    "detect-concept": "visual-detector",
    "detect-embed": "visual-embedder",
}
# A model_type_id -> (type, type_ext) as old responses showed them (provenance: cl013-shown).
SHOWN_AS = {
    "embedding-classifier": ("concept", "concept"),
    "visual-classifier": ("concept", "concept"),
    "visual-detector": ("detect-concept", "detect-concept"),
    "detect-concept": ("detect-concept", "detect-concept"),
    "visual-embedder": ("embed", "embed"),
    "clusterer": ("cluster", "cluster"),
}


SEARCHED = "model_query.type (CL013)"  # the old type a search asked for, held for `after`
# Names a search also found a type by (provenance: cl013-type-map): CL007's announced new names
# (`facedetect` -> `detect`, `facedetect-embed` -> `detect-embed`), though the face model showed
# `detect-concept` in 2021.
ALSO_FOUND_BY = {"visual-detector": ("detect",), "visual-embedder": ("detect-embed",)}


def model_type_id_for(old_type: str) -> str:
    """The model_type_id an old `type` name stood for (unknown names unchanged)."""
    return MODEL_TYPE_IDS.get(old_type, old_type)


def _given_models(request: Message) -> list[tuple[str, resources_pb2.Model]]:
    """(legacy path prefix, model) of each model a PostModelsRequest carries."""
    given = [(f"models[{index}]", model) for index, model in enumerate(request.models)]
    if request.HasField("model"):
        given.append(("model", request.model))
    return given


def _name_type(call: Call, path: str, model: resources_pb2.Model) -> None:
    old_type = call.take_legacy(f"{path}.output_info.type")
    old_type_ext = call.take_legacy(f"{path}.output_info.type_ext")
    named = old_type_ext or old_type
    if named and not model.model_type_id:
        model.model_type_id = model_type_id_for(named)  # none named: today's default type


@change.request
def type_to_model_type_id(call: Call) -> None:
    """Turn the old `type` fields into `model_type_id`; today's handler then serves the call."""
    if call.rpc.name == "PostModels":
        for path, model in _given_models(call.request):
            _name_type(call, path, model)
    elif call.rpc.name == "PostModelsSearches" and call.legacy.get("model_query.type"):
        # Searched over every type, kept in `after` by the type the models show: `concept`
        # finds embedding-classifiers and the public visual-classifiers alike.
        call.legacy[SEARCHED] = call.take_legacy("model_query.type")
        call.claimed.add(SEARCHED)


def _found_by(model_type_id: str) -> tuple[str, ...]:
    return SHOWN_AS.get(model_type_id, ()) + ALSO_FOUND_BY.get(model_type_id, ())


def _show_type(model: resources_pb2.Model) -> None:
    shown = SHOWN_AS.get(model.model_type_id)
    if shown:
        legacy.attach(model.output_info, "type", shown[0])
        legacy.attach(model.output_info, "type_ext", shown[1])


@change.after
def after(call: Call, response: Message) -> Message:
    """Models in responses carry `output_info.type` and `type_ext`, as they used to (predictions
    too: a 2021-03-07 face-detection answer shows them beside model_type_id)."""
    if response.status.code != 10000:
        return response
    if call.rpc.name in ("PostModels", "GetModel", "GetModelOutputInfo"):
        _show_type(response.model)
    elif call.rpc.name == "PostModelOutputs":
        for output in response.outputs:
            _show_type(output.model)
    else:
        for model in response.models:
            _show_type(model)
    if SEARCHED in call.legacy:
        kept = [m for m in response.models if call.legacy[SEARCHED] in _found_by(m.model_type_id)]
        del response.models[:]
        response.models.extend(kept)
    return response
