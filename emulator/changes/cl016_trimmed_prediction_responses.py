"""CL016 2023-01-04: prediction responses carry a trimmed model; GetModel has the rest.

Before the date each `outputs[].model` of PostModelOutputs and PostWorkflowResults was the
whole model, as a 2022 prediction response in Clarifai's docs shows it: the model's own
fields (name, display_name, description, notes, metadata, modified_at...), `output_info`
(`output_config`, a `message` pointing to GET /models/{model_id}/output_info, `fields_map`),
`input_info`, `train_info` and `import_info` (Model fields 12, 13 and 24, removed from
clarifai-grpc 10), and a `model_version` with its visibility, owner and metadata. After it,
what `emulator.predictions.brief_model` keeps, as a docs response of December 2023 shows it:
no description, notes or `*_info`, but the dates, visibility, owner and the version's id,
date, status, visibility, owner and metadata (provenance: cl016-full-model).
"""

import datetime as dt

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf import json_format
from google.protobuf.message import Message

from .. import legacy
from ..call import Call
from ..store import StoredModel, StoredVersion
from ..versions import render_version
from . import Change

change = Change(
    __name__,
    code="CL016",
    date=dt.date(2023, 1, 4),
    rpcs={"PostModelOutputs", "PostWorkflowResults"},
    legacy_fields={  # as CL017 declares them: the model-level *_info of clients before grpc 10
        "clarifai.api.Model": {
            12: ("input_info", "message:clarifai.api.InputInfo"),
            13: ("train_info", "message:clarifai.api.TrainInfo"),
            24: ("import_info", "message:clarifai.api.ImportInfo"),
        }
    },
)
OUTPUT_INFO_MESSAGE = "Show output_info with: GET /models/{model_id}/output_info"
# What the 2022 docs example shows for a visual classifier (provenance: cl016-fields-maps).
OUTPUT_FIELDS = {"visual-classifier": {"concepts": "softmax"}}
VISUAL_INPUT = {"fields_map": {"image": "images"}}
VERSION_INFO = ("output_info", "input_info", "train_info", "import_info")


def _info_json(version: resources_pb2.ModelVersion, name: str, default: dict | None = None) -> dict:
    if version.HasField(name):
        return json_format.MessageToDict(getattr(version, name), preserving_proto_field_name=True)
    return dict(default or {})


def full_model(call: Call, stored: StoredModel, version: StoredVersion) -> resources_pb2.Model:
    """The model as a prediction showed it before the date."""
    shown = resources_pb2.Model()
    shown.CopyFrom(stored.model)
    rendered = render_version(call, version)
    shown.output_info.output_config.CopyFrom(rendered.output_info.output_config)
    shown.output_info.message = OUTPUT_INFO_MESSAGE
    fields_map = OUTPUT_FIELDS.get(shown.model_type_id)
    if fields_map:
        shown.output_info.fields_map.update(fields_map)
    visual = shown.model_type_id.startswith("visual-")
    legacy.attach(shown, "input_info", _info_json(rendered, "input_info", VISUAL_INPUT if visual else None))
    legacy.attach(shown, "train_info", _info_json(rendered, "train_info"))
    legacy.attach(shown, "import_info", _info_json(rendered, "import_info"))
    shown.model_version.CopyFrom(rendered)
    for name in VERSION_INFO:  # before CL017 (2023-01-20) the *_info lived on the model
        shown.model_version.ClearField(name)
    if not shown.model_version.HasField("visibility"):
        shown.model_version.visibility.CopyFrom(shown.visibility)
    shown.model_version.metadata.SetInParent()
    return shown


def _widen(call: Call, output: resources_pb2.Output) -> None:
    brief = output.model
    app = call.store.app(brief.user_id, brief.app_id)
    stored = app.models.get(brief.id) if app else None
    version = stored.version(brief.model_version.id) if stored else None
    if version is not None:  # a model only an older change serves keeps its own shape
        output.model.CopyFrom(full_model(call, stored, version))


@change.after
def after(call: Call, response: Message) -> Message:
    """Every output's model comes back whole, as before the trim."""
    if call.rpc.name == "PostModelOutputs":
        outputs = list(response.outputs)
    else:
        outputs = [output for result in response.results for output in result.outputs]
    for output in outputs:
        if output.HasField("model"):
            _widen(call, output)
    return response
