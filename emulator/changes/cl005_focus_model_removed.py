"""CL005 2020-02-01: the public Focus model was retired, and `data.focus` with it.

Before the date PostModelOutputs on the Focus model (clarifai/main, id
`c2cf7cecd8a6427da375b9f35fcd2381`, as Clarifai's own clients name it) answered, per image,
`data.focus` = {density, value}, and regions (in-focus areas) each with a bounding box and
its own `data.focus`: the shape of Clarifai's C# client test fixture. `focus` was field 10
of clarifai.api.Data; today's protos have no such field, so it is attached as a legacy
field. The numbers are synthetic (emulator.predict.focus_values). From the date the model
does not exist: today's handler answers 11101 `model_id '...' not found`.

GetModel on its id answered the model until the date (name `focus`, in clarifai/main), as the
2.x client's `Model.get_info()` read it; from the date it is 11101 too (provenance:
cl005-get-model).
"""

import datetime as dt

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from ..call import Call
from ..legacy import attach
from ..models import render_model
from ..predict import focus_values, input_key
from ..predictions import model_outputs
from ..statuses import status
from ..store import StoredModel, StoredVersion
from . import Change

change = Change(
    __name__,
    code="CL005",
    date=dt.date(2020, 2, 1),
    rpcs={"PostModelOutputs", "GetModel"},
    legacy_fields={"clarifai.api.Data": {10: ("focus", "message:clarifai.api.legacy.Focus")}},
)

FOCUS_MODEL_ID = "c2cf7cecd8a6427da375b9f35fcd2381"  # documented: Clarifai's Java, C#, PHP, JS clients
FOCUS_VERSION_ID = "f0c05f0c05f0c05f0c05f0c05f0c05f0"  # inferred: the real version id is not public
CREATED = Timestamp(seconds=1488841020)  # 2017-03-06T22:57:00Z, the model's created_at in Clarifai's fixture


def focus_model() -> StoredModel:
    """The retired Focus model, as clarifai/main held it until the date."""
    model = resources_pb2.Model(
        id=FOCUS_MODEL_ID,
        name="focus",
        app_id="main",
        user_id="clarifai",
        model_type_id="focus",  # inferred: the old output_info said type "blur", type_ext "focus"
        created_at=CREATED,
        visibility=resources_pb2.Visibility(gettable=resources_pb2.Visibility.PUBLIC),
    )
    version = resources_pb2.ModelVersion(
        id=FOCUS_VERSION_ID, status=status("MODEL_TRAINED"), app_id="main", user_id="clarifai"
    )
    return StoredModel(model, [StoredVersion(version)], kind="focus")


@change.answer
def focus_answers(call: Call) -> Message | None:
    """GetModel finds the Focus model; it predicts `data.focus` for each image and for each
    in-focus region."""
    request = call.request
    if request.model_id != FOCUS_MODEL_ID or FOCUS_MODEL_ID in call.app.models:
        return None
    model = focus_model()
    version = model.version(request.version_id)
    if version is None:
        return None  # an unknown version: today's handler answers not found
    if call.rpc.name == "GetModel":
        return call.ok(model=render_model(call, model, request.version_id))
    response = call.ok(outputs=model_outputs(call, model, version))
    for shown in response.outputs:
        key = input_key(shown.input)
        attach(shown.data, "focus", focus_values(key, "image"))
        for region in shown.data.regions:
            attach(region.data, "focus", focus_values(key, region.id))
    return response
