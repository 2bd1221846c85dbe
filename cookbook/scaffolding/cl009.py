"""CL009's helpers that are not the lesson: reading an answer the old way, the Demographics
workflow for the live API and its outputs merged per face, the picture of the transition and
the drawn face with its labels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import matplotlib.pyplot as plt
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from matplotlib.figure import Figure

from cookbook.pictures import draw_regions
from cookbook.scaffolding import IMAGES
from recipes import check
from recipes.connect import Session
from recipes.faces import CLARIFAI_MAIN, DEMOGRAPHICS_WORKFLOW, as_json, concepts_to_face

DEMOGRAPHICS_MODEL_ID = "c0c0ac362b03416da06ab3fa36fb58e3"
ILLUSTRATION = IMAGES / "face-illustration.png"  # a drawn face, nobody's

ATTRIBUTES = {
    "age_appearance": "age",
    "gender_appearance": "gender",
    "multicultural_appearance": "multicultural",
}


def faces_the_old_way(body: Mapping[str, Any]) -> list[str]:
    """What the 2.x snippet prints: each face's first age, gender and group, from data.face."""
    lines = []
    for region in body["outputs"][0]["data"]["regions"]:
        face = region["data"]["face"]
        age = face["age_appearance"]["concepts"][0]["name"]
        gender = face["gender_appearance"]["concepts"][0]["name"]
        group = face["multicultural_appearance"]["concepts"][0]["name"]
        lines.append(f"age {age}, {gender}, {group}")
    return lines


def data_keys(body: Mapping[str, Any]) -> list[str]:
    """The keys of the regions' data: ['face'], ['concepts', 'face'] or ['concepts']."""
    return sorted({key for region in body["outputs"][0]["data"]["regions"] for key in region["data"]})


def top_names(face: Mapping[str, Any]) -> dict[str, str]:
    """The best concept of each list of a `data.face`, by value: {"age": "46", ...}."""
    return {
        name: max(face[attribute]["concepts"], key=lambda concept: concept["value"])["name"]
        for attribute, name in ATTRIBUTES.items()
        if attribute in face
    }


def face_regions(outputs: Iterable[Any]) -> list[dict[str, Any]]:
    """The regions of one or more outputs (protobuf) as REST JSON, one per face: the
    workflow's three outputs hold the same regions, each with the concepts of one model."""
    merged: dict[str, dict[str, Any]] = {}
    for output in outputs:
        for region in output.data.regions:
            shown = merged.setdefault(region.id, as_json(region) | {"data": {"concepts": []}})
            shown["data"]["concepts"].extend(as_json(concept) for concept in region.data.concepts)
    return list(merged.values())


def plot_periods(day_before: str, change_date: str, overlap_end: str) -> Figure:
    """Which forms of a face the regions carried when, and the days the old call was sent."""
    start, change, end = (dt.date.fromisoformat(day) for day in (day_before, change_date, overlap_end))
    periods = [
        ("data.face", start - dt.timedelta(days=20), end),
        ("data.concepts", change, end + dt.timedelta(days=20)),
    ]
    figure, axes = plt.subplots(figsize=(7, 2))
    for row, (_, first, last) in enumerate(periods):
        axes.barh(row, (last - first).days, left=first, height=0.4, color=("tan", "steelblue")[row])
    axes.plot([start, change, end], [0.5] * 3, "o", color="black")
    axes.set_yticks(range(len(periods)), [form for form, _, _ in periods])
    axes.set_xlabel("date served (the dots: the days the old call was sent)")
    axes.set_title("CL009: both forms from the change date until the transition ends")
    figure.autofmt_xdate()
    figure.tight_layout()
    return figure


def workflow_outputs(session: Session, image: resources_pb2.Input) -> list[Any]:
    """The outputs of the public Demographics workflow for `image`: on the live API, where the
    demographics model is retired (CL010), its three models answer in its place."""
    request = service_pb2.PostWorkflowResultsRequest(
        user_app_id=CLARIFAI_MAIN, workflow_id=DEMOGRAPHICS_WORKFLOW, inputs=[image]
    )
    reply = session.stub.PostWorkflowResults(request, metadata=session.metadata)
    return list(check("PostWorkflowResults", reply).results[0].outputs)


def labelled_illustration(session: Session, day: str) -> Figure:
    """The drawn face of `data/images/face-illustration.png` with each region's best concept of
    each `vocab_id`: from the demographics model as of `day` on the emulator, from the
    Demographics workflow on the live API (where the model is retired)."""
    image_bytes = ILLUSTRATION.read_bytes()
    image = resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(base64=image_bytes)))
    if session.can_time_travel:
        served = session.as_of(day)
        request = service_pb2.PostModelOutputsRequest(
            user_app_id=CLARIFAI_MAIN, model_id=DEMOGRAPHICS_MODEL_ID, inputs=[image]
        )
        outputs = check(
            "PostModelOutputs", served.stub.PostModelOutputs(request, metadata=served.metadata)
        ).outputs
    else:
        outputs = workflow_outputs(session, image)
    regions = face_regions(outputs)
    faces = [top_names(concepts_to_face(region["data"]["concepts"])) for region in regions]
    labels = [f"age {face['age']}, {face['gender']}, {face['multicultural']}" for face in faces]
    return draw_regions(
        image_bytes, regions, labels, title="CL009: a drawn face, read by vocab_id (synthetic)"
    )
