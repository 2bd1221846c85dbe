"""CL009 2020-02-27: face outputs moved from `data.face` to `data.concepts` with a `vocab_id`.

Before the date a face model's region carried `data.face` = {identity, age_appearance,
gender_appearance, multicultural_appearance}, each `{concepts}` (`face` was field 4 of
clarifai.api.Data, a legacy field today). Clarifai's response of 2020-02-13 already shows a
`vocab_id` on the concepts inside `data.face` (old-docs
`examples/deprecate_face_object/old_response.json`), so they keep it here.

From the date "the API will return both for a while during the transition" (the seed page):
each face region answers `data.face` *and* the flat `data.concepts`. The while ended on
2020-04-01: old-docs commit dea0134 (2020-03-03, "stop sending face from api", PR #30) listed
"Apr 1, 2020 ... Stop returning Face object from API ... Currently as transition period, we
are returning both `data.face` and `data.concept`. We will stop returning `data.face` after
Apr 1st 2020" (provenance: cl009-overlap). From then on, today's answer: concepts only.

So this module applies until OVERLAP_END, not only before its date: it ages today's answers,
moving (before the date) or copying (during the overlap) every region concept of a face
vocabulary into `data.face`. Concepts without a `vocab_id` count as `identity` only on a face
identity model (celebrity, custom face recognition); a face detector's own "face" concept
stays where it is.
"""

import datetime as dt

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf import json_format
from google.protobuf.message import Message

from ..call import Call
from ..legacy import attach
from . import Change

change = Change(
    __name__,
    code="CL009",
    date=dt.date(2020, 2, 27),
    rpcs={"PostModelOutputs", "PostWorkflowResults"},
    legacy_fields={"clarifai.api.Data": {4: ("face", "message:clarifai.api.legacy.Face")}},
)

APPEARANCES = ("age_appearance", "gender_appearance", "multicultural_appearance")
IDENTITY = "identity"
# Model types of face identity models before and after CL007 (2020-02-12) renamed them.
IDENTITY_MODEL_TYPES = {"facedetect-identity", "detect-concept"}
OVERLAP_END = dt.date(2020, 4, 1)  # first day without data.face (old-docs commit dea0134)


@change.applies
def applies(call: Call) -> bool:
    """Before the date (data.face only) and during the overlap (both forms), until 2020-04-01."""
    return call.as_of < OVERLAP_END


@change.after
def after(call: Call, response: Message) -> Message:
    """Every face region answers `data.face`: instead of its vocabulary concepts before the date,
    beside them during the overlap."""
    overlap = call.as_of >= change.date
    for shown in _outputs(response):
        identity_model = shown.model.model_type_id in IDENTITY_MODEL_TYPES
        for region in shown.data.regions:
            _to_face(region.data, identity_model, keep_concepts=overlap)
    return response


def _outputs(response: Message) -> list[resources_pb2.Output]:
    if "results" in response.DESCRIPTOR.fields_by_name:  # PostWorkflowResults
        return [shown for result in response.results for shown in result.outputs]
    return list(response.outputs)


def _attribute(concept: resources_pb2.Concept, identity_model: bool) -> str:
    """The `data.face` attribute a concept belonged to, or "" when it stays a plain concept."""
    if concept.vocab_id in APPEARANCES or concept.vocab_id == IDENTITY:
        return concept.vocab_id
    return IDENTITY if identity_model and not concept.vocab_id else ""


def _to_face(data: resources_pb2.Data, identity_model: bool, keep_concepts: bool) -> None:
    face: dict[str, dict] = {}
    kept = []
    for concept in data.concepts:
        attribute = _attribute(concept, identity_model)
        if not attribute:
            kept.append(resources_pb2.Concept())
            kept[-1].CopyFrom(concept)  # a copy: the originals go when the list is cleared
            continue
        old = json_format.MessageToDict(concept, preserving_proto_field_name=True)
        face.setdefault(attribute, {"concepts": []})["concepts"].append(old)
    if not face:
        return
    if not keep_concepts:
        del data.concepts[:]
        data.concepts.extend(kept)
    attach(data, "face", face)
