"""CL010's helpers that are not the lesson: what the 2.x snippet prints, the faces of an answer
as table rows, and the picture of the two models' ages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

VOCABULARIES = {
    "age_appearance": "age",
    "gender_appearance": "gender",
    "multicultural_appearance": "multicultural",
}
SIDES = ("top_row", "left_col", "bottom_row", "right_col")


def snippet_lines(body: Mapping[str, Any]) -> list[str]:
    """What the 2.x snippet prints for a prediction answer (JSON)."""
    output = body["outputs"][0]
    lines = []
    for region in output["data"]["regions"]:
        names = [concept["name"] for concept in region["data"]["concepts"]]
        box = region["region_info"]["bounding_box"]
        lines.append(f"face at left_col {box['left_col']}: {len(names)} concepts, first {names[0]}")
    version = output["model"]["model_version"]["id"]
    return [*lines, f"{len(output['data']['regions'])} faces from version {version}"]


def faces_of(regions: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per face region (REST JSON): its id, box and best concept (name, value) per vocabulary."""
    faces = []
    for region in regions:
        face = {"region_id": region["id"], **region["region_info"]["bounding_box"]}
        for vocab_id, name in VOCABULARIES.items():
            concepts = [c for c in region["data"]["concepts"] if c.get("vocab_id") == vocab_id]
            best = max(concepts, key=lambda concept: concept["value"])
            face |= {name: best["name"], f"{name}_value": best["value"]}
        faces.append(face)
    return faces


def as_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """A record of `demographics_from_workflow` with its box spread into columns, like `faces_of`'s rows."""
    rest = {key: value for key, value in record.items() if key not in ("input_id", "region_id", "box")}
    return {"region_id": record["region_id"], **record["box"], **rest}


def shown(faces: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A table of faces as a reader wants it: no ids, rounded, left to right."""
    table = pd.DataFrame(faces).drop(columns=["region_id"]).sort_values(["left_col", "top_row"])
    return table.reset_index(drop=True).round(3)


def ages_of(name: str) -> tuple[int, int]:
    """The ages a concept names: "46" -> (46, 46), "30-39" -> (30, 39), "more than 70" -> (70, 200)."""
    numbers = [int(n) for n in re.findall(r"\d+", name)]
    return (numbers[0], 200) if "than" in name else (numbers[0], numbers[-1])


def side_by_side(old_faces: list[Mapping[str, Any]], new_faces: list[Mapping[str, Any]]) -> pd.DataFrame:
    """The old model's and the workflow's best concepts of each face (joined on region id), left to right."""
    new_by_id = {face["region_id"]: face for face in new_faces}
    rows = []
    for old in sorted(old_faces, key=lambda face: face["left_col"]):
        new = new_by_id[old["region_id"]]
        rows.append({"left_col": old["left_col"]})
        for name in VOCABULARIES.values():
            rows[-1] |= {f"old {name}": old[name], f"new {name}": new[name]}
    return pd.DataFrame(rows)


def plot_ages(old_faces: list[Mapping[str, Any]], new_faces: list[Mapping[str, Any]]) -> Figure:
    """For each face, left to right: the workflow's age range (a bar), the old model's age (a dot)."""
    new_by_id = {face["region_id"]: face for face in new_faces}
    faces = sorted(old_faces, key=lambda face: face["left_col"])
    figure, axes = plt.subplots(figsize=(6, 2.8))
    for row, old in enumerate(faces):
        low, high = ages_of(new_by_id[old["region_id"]]["age"])
        axes.barh(row, min(high, 100) - low + 1, left=low, height=0.5, color="lightsteelblue")
        axes.plot(int(old["age"]), row, "o", color="darkblue")
    axes.set_yticks(range(len(faces)), [f"face {n}" for n in range(1, len(faces) + 1)])
    axes.set_xlabel("age (years)")
    axes.set_title("CL010: the old model's age (dot) within the workflow's range (bar)")
    figure.tight_layout()
    return figure
