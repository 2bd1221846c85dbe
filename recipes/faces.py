"""Face outputs after `data.face` became concepts (CL009) and demographics became a workflow (CL010).

Before 2020-02-27 a face model's region carried `data.face`, four lists of concepts:

    {"identity": {"concepts": [...]}, "age_appearance": {"concepts": [...]},
     "gender_appearance": {"concepts": [...]}, "multicultural_appearance": {"concepts": [...]}}

Since then each region has one flat `data.concepts`, every concept naming its list in
`vocab_id`. Since 2020-10-16 age, gender and multicultural appearance come from three models
run by the public "Demographics" workflow, one output each, whose regions share ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from copy import deepcopy
from typing import Any

from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from google.protobuf import json_format
from google.protobuf.message import Message

from .connect import Session
from .errors import check

FACE_ATTRIBUTES = ("identity", "age_appearance", "gender_appearance", "multicultural_appearance")
APPEARANCES = {
    "age_appearance": "age",
    "gender_appearance": "gender",
    "multicultural_appearance": "multicultural",
}
IDENTITY = "identity"
# Model types of face identity models (celebrity, face recognition), before and after CL007.
IDENTITY_MODEL_TYPES = ("facedetect-identity", "detect-concept")
DEMOGRAPHICS_WORKFLOW = "Demographics"
CLARIFAI_MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")

Concept = Mapping[str, Any] | resources_pb2.Concept


def as_json(message: Message | Mapping[str, Any]) -> dict[str, Any]:
    """A protobuf message as the REST API shows it (proto field names); a dict is copied as it is."""
    if isinstance(message, Message):
        return json_format.MessageToDict(message, preserving_proto_field_name=True)
    return dict(message)


def face_to_concepts(face: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The concepts of an old `data.face`, flat, each with its `vocab_id` (CL009).

    The new shape of the same answer: concepts in the order identity, age, gender,
    multicultural appearance, each list in its own order; `vocab_id` is the attribute's
    name (`identity` too: celebrity and face recognition models may leave it empty today).
    """
    concepts = []
    for attribute in FACE_ATTRIBUTES:
        for concept in face.get(attribute, {}).get("concepts", []):
            concepts.append({**as_json(concept), "vocab_id": attribute})
    return concepts


def concepts_to_face(
    concepts: Iterable[Concept], keep_vocab_id: bool = False, unlabelled_are_identity: bool = True
) -> dict[str, Any]:
    """An old `data.face` built from a region's `data.concepts` (CL009), for code that reads it.

    Concepts are grouped by `vocab_id` into identity / age_appearance / gender_appearance /
    multicultural_appearance, each `{"concepts": [...]}` in the order given. A concept without
    a `vocab_id` is an identity (celebrity, face recognition) unless `unlabelled_are_identity`
    is False (a face detector's own "face" concept is not one). Concepts of another
    vocabulary are left out. Accepts REST JSON dicts or protobuf Concepts. `vocab_id` is
    dropped unless `keep_vocab_id` (the API's own `data.face` kept it: its response of
    2020-02-13 in Clarifai/old-docs `examples/deprecate_face_object/old_response.json`).
    """
    face: dict[str, Any] = {}
    for concept in concepts:
        shown = as_json(concept)
        attribute = shown.get("vocab_id") or (IDENTITY if unlabelled_are_identity else "")
        if attribute not in FACE_ATTRIBUTES:
            continue
        if not keep_vocab_id:
            shown.pop("vocab_id", None)
        face.setdefault(attribute, {"concepts": []})["concepts"].append(shown)
    return {attribute: face[attribute] for attribute in FACE_ATTRIBUTES if attribute in face}


def with_face_objects(response: Mapping[str, Any], keep_vocab_id: bool = True) -> dict[str, Any]:
    """A copy of a REST prediction response (JSON) where every face region also has `data.face`.

    For code that still reads `region["data"]["face"]` (CL009; the API stopped sending it on
    2020-04-01): each region's face is built from `region["data"]["concepts"]` with
    `concepts_to_face`, keeping each concept's `vocab_id` as the API's own `data.face` did
    unless `keep_vocab_id` is False; concepts without a `vocab_id`
    count as identities only on face identity models (`IDENTITY_MODEL_TYPES`). Regions
    without face concepts are left as they are. Works on PostModelOutputs and
    PostWorkflowResults answers.
    """
    copy = deepcopy(dict(response))
    outputs = copy.get("outputs", []) + [
        o for result in copy.get("results", []) for o in result.get("outputs", [])
    ]
    for output in outputs:
        identity_model = output.get("model", {}).get("model_type_id") in IDENTITY_MODEL_TYPES
        for region in output.get("data", {}).get("regions", []):
            concepts = region.get("data", {}).get("concepts", [])
            face = concepts_to_face(
                concepts, keep_vocab_id=keep_vocab_id, unlabelled_are_identity=identity_model
            )
            if face:
                region["data"]["face"] = face
    return copy


def _vocabulary(output: Mapping[str, Any], concepts: list[dict[str, Any]]) -> str:
    """Which appearance an output of the workflow predicts: its concepts' vocab_id, else its model."""
    for concept in concepts:
        if concept.get("vocab_id") in APPEARANCES:
            return concept["vocab_id"]
    model = output.get("model", {})
    named = f"{model.get('id', '')} {model.get('name', '')}".lower()
    for vocab_id, keywords in {
        "age_appearance": ("age",),
        "gender_appearance": ("gender",),
        "multicultural_appearance": ("multicultural", "ethnicity"),
    }.items():
        if any(keyword in named for keyword in keywords):
            return vocab_id
    return ""


def demographics_from_workflow(response: Message | Mapping[str, Any]) -> list[dict[str, Any]]:
    """One record per face from a Demographics workflow answer (CL010), sorted by position.

    Joins the workflow's three outputs (age, gender and multicultural appearance) on region
    id. Each record: `input_id`, `region_id`, `box` (the region's `bounding_box`: top_row,
    left_col, bottom_row, right_col as fractions of the image), and for each of `age`,
    `gender` and `multicultural` the top concept's name and its value (`age_value`, ...;
    None when that output said nothing about the face). Records follow the inputs' order,
    and within an input the faces from left to right (then top to bottom). Accepts the
    protobuf response or its REST JSON.
    """
    records = []
    for result in as_json(response).get("results", []):
        input_id = result.get("input", {}).get("id", "")
        faces: dict[str, dict[str, Any]] = {}
        for output in result.get("outputs", []):
            for region in output.get("data", {}).get("regions", []):
                record = faces.setdefault(region.get("id", ""), _record(input_id, region))
                concepts = region.get("data", {}).get("concepts", [])
                vocabulary = _vocabulary(output, concepts)
                if vocabulary and concepts:
                    top = max(concepts, key=lambda concept: concept.get("value", 0.0))
                    record[APPEARANCES[vocabulary]] = top.get("name", top.get("id", ""))
                    record[f"{APPEARANCES[vocabulary]}_value"] = top.get("value", 0.0)
        records.extend(sorted(faces.values(), key=lambda r: (r["box"]["left_col"], r["box"]["top_row"])))
    return records


def _record(input_id: str, region: Mapping[str, Any]) -> dict[str, Any]:
    box = region.get("region_info", {}).get("bounding_box", {})
    record: dict[str, Any] = {
        "input_id": input_id,
        "region_id": region.get("id", ""),
        "box": {side: box.get(side, 0.0) for side in ("top_row", "left_col", "bottom_row", "right_col")},
    }
    for name in APPEARANCES.values():
        record |= {name: None, f"{name}_value": None}
    return record


def predict_demographics(session: Session, image_bytes: bytes | str) -> list[dict[str, Any]]:
    """Age, gender and multicultural appearance of every face in an image, one record per face (CL010).

    Replaces PostModelOutputs on the retired `demographics` model: runs clarifai/main's public
    "Demographics" workflow (a PAT is needed for clarifai/main, CL019) and joins its outputs
    with `demographics_from_workflow`. `image_bytes` is the image's bytes, or (a str) its URL.
    Raises ClarifaiStatusError if the call fails.
    """
    if isinstance(image_bytes, str):
        image = resources_pb2.Image(url=image_bytes)
    else:
        image = resources_pb2.Image(base64=image_bytes)
    request = service_pb2.PostWorkflowResultsRequest(
        user_app_id=CLARIFAI_MAIN,
        workflow_id=DEMOGRAPHICS_WORKFLOW,
        inputs=[resources_pb2.Input(data=resources_pb2.Data(image=image))],
    )
    response = check(
        "PostWorkflowResults", session.stub.PostWorkflowResults(request, metadata=session.metadata)
    )
    return demographics_from_workflow(response)
