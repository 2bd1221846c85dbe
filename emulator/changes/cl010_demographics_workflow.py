"""CL010 2020-10-16: the public `demographics` model was retired for the Demographics workflow.

Before the date PostModelOutputs on the model `c0c0ac362b03416da06ab3fa36fb58e3` (as the
old docs and clients called it: by id) answered one output whose face regions carried age,
gender and multicultural appearance concepts, each with its `vocab_id` (today's shape; for
dates before 2020-04-01 CL009 adds `data.face`: instead of them before 2020-02-27, beside
them during the transition). From the date the model does not exist (today's handler:
11101); the replacement is the public "Demographics" workflow of three models
(emulator.public), whose regions share ids across its outputs.

Concept ids and names: genders, the seven multicultural groups and ages 45 and 46 are
documented (Clarifai's response of 2020-02-13, below); the other age ids listed below are as
a third-party capture of the old model's responses shows them; ages without a known id get
an invented one (provenance: cl010-demographics-concepts). The version id `f783f0807c52474c8c6ad20c8cf45fc0`
and the created_at are those of Clarifai's own response of 2020-02-13 (old-docs
`examples/deprecate_face_object/old_response.json`). Predictions are synthetic, but the old
model and the workflow's three models describe each face alike (`emulator.predict.face_traits`:
the same regions, ages in the same range, the same gender, groups that correspond).
"""

import datetime as dt

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from ..call import Call
from ..predictions import model_outputs
from ..statuses import status
from ..store import StoredModel, StoredVersion
from . import Change

change = Change(__name__, code="CL010", date=dt.date(2020, 10, 16), rpcs={"PostModelOutputs"})

DEMOGRAPHICS_MODEL_ID = "c0c0ac362b03416da06ab3fa36fb58e3"  # documented: clarifai-facts.md §4
# Documented: the model's version and created_at (of the model and of the version) in the
# response of 2020-02-13, Clarifai/old-docs examples/deprecate_face_object/old_response.json.
DEMOGRAPHICS_VERSION_ID = "f783f0807c52474c8c6ad20c8cf45fc0"
CREATED = Timestamp(seconds=1482759940, nanos=620652000)  # 2016-12-26T13:45:40.620652Z

AGES = range(95)  # "0" to "94": 95 ages, 2 genders and 7 groups make the fixture's 104 active concepts
KNOWN_AGE_IDS = {
    1: "ai_Cm9MJwtD", 2: "ai_5cBw0Xfs", 3: "ai_KFrKx8fC", 4: "ai_kjMfpPRB", 5: "ai_5R1F8Zxf",
    6: "ai_d1pW3nm6", 7: "ai_SpkWCNjt", 8: "ai_g4PFBTFc", 9: "ai_5SPRT2K8", 10: "ai_DDswFqsw",
    11: "ai_NhFzdjKQ", 12: "ai_QkV64ZKj", 13: "ai_fnwv0rkB", 14: "ai_ZbPg2QMP", 15: "ai_P27TLgWr",
    16: "ai_B6zlVsVj", 17: "ai_gqzmsK83", 18: "ai_KlgNqC0V", 19: "ai_5lr8SDV3", 20: "ai_J9NW4DbQ",
    21: "ai_7pxCXq0L", 22: "ai_f55t4M4T", 23: "ai_1XrRmbf5", 24: "ai_fFJR7TwD", 25: "ai_81J6NJF3",
    26: "ai_hCkCX508", 27: "ai_1qNCjBCW", 28: "ai_J5NgRLQ1", 29: "ai_t7C4Hfmm", 30: "ai_tzZdX8VP",
    31: "ai_z2K094hx", 32: "ai_KG4tcMLc", 33: "ai_9SgNdvCZ", 34: "ai_prhRGPd1", 35: "ai_3QlM0LQG",
    36: "ai_KFWpWmRk", 37: "ai_pm9dFGXp", 38: "ai_Jn5sPpjV", 39: "ai_XCS0ZXlc", 40: "ai_wpbCDvCQ",
    45: "ai_4w8KM6Rd", 46: "ai_fbRxTRbd", 54: "ai_Mp3n0xln", 55: "ai_38qJ9qlS",
}  # fmt: skip
GENDERS = (("ai_zgR2BBt0", "masculine"), ("ai_cVWr8NK5", "feminine"))
MULTICULTURAL = (
    ("ai_WWxnB3mw", "american indian or alaska native"),
    ("ai_659b6V0v", "asian"),
    ("ai_wScNwk9Z", "black or african american"),
    ("ai_l9ngrR28", "hispanic, latino, or spanish origin"),
    ("ai_bZft5m0H", "middle eastern or north african"),
    ("ai_1qp01psl", "native hawaiian or pacific islander"),
    ("ai_r5F00Gqn", "white"),
)


def _concepts() -> list[resources_pb2.Concept]:
    """The model's concepts, each tagged with its vocabulary, vocabularies in output order."""
    ages = [(KNOWN_AGE_IDS.get(age, f"age-appearance-{age}"), str(age)) for age in AGES]
    vocabularies = {
        "age_appearance": ages,
        "gender_appearance": GENDERS,
        "multicultural_appearance": MULTICULTURAL,
    }
    return [
        resources_pb2.Concept(id=concept_id, name=name, app_id="main", vocab_id=vocab_id)
        for vocab_id, concepts in vocabularies.items()
        for concept_id, name in concepts
    ]


def demographics_model() -> StoredModel:
    """The retired demographics model as clarifai/main held it just before the date.

    Its type is detect-concept; before 2020-02-12 CL007 shows it as facedetect-demographics.
    """
    model = resources_pb2.Model(
        id=DEMOGRAPHICS_MODEL_ID,
        name="demographics",
        app_id="main",
        user_id="clarifai",
        model_type_id="detect-concept",
        created_at=CREATED,
        visibility=resources_pb2.Visibility(gettable=resources_pb2.Visibility.PUBLIC),
    )
    version = resources_pb2.ModelVersion(
        id=DEMOGRAPHICS_VERSION_ID,
        created_at=CREATED,
        status=status("MODEL_TRAINED"),
        output_info=resources_pb2.OutputInfo(data=resources_pb2.Data(concepts=_concepts())),
        app_id="main",
        user_id="clarifai",
    )
    return StoredModel(model, [StoredVersion(version)], kind="face-vocabularies")


@change.answer
def demographics_predictions(call: Call) -> Message | None:
    """The demographics model answers one output: face regions with all three vocabularies."""
    request = call.request
    if request.model_id != DEMOGRAPHICS_MODEL_ID or DEMOGRAPHICS_MODEL_ID in call.app.models:
        return None
    model = demographics_model()
    version = model.version(request.version_id)
    if version is None:
        return None  # an unknown version: today's handler answers not found
    return call.ok(outputs=model_outputs(call, model, version))
