"""Pictures for the notebooks: the boxes of face regions (CL007, CL009, CL010) drawn on their image,
and a row of thumbnails with captions (CL015's search hits and their scores)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
from google.protobuf import json_format
from google.protobuf.message import Message
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from recipes.images import open_image

SIDES = ("top_row", "left_col", "bottom_row", "right_col")


def _as_dict(item: Message | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(item, Message):
        return json_format.MessageToDict(item, preserving_proto_field_name=True)
    return dict(item)


def box_of(item: Message | Mapping[str, Any]) -> dict[str, float]:
    """The bounding box of a region (protobuf or REST JSON) or of a record with a `box`."""
    shown = _as_dict(item)
    box = shown.get("box") or shown.get("region_info", {}).get("bounding_box", {})
    return {side: float(box.get(side, 0.0)) for side in SIDES}


def label_of(item: Message | Mapping[str, Any], number: int) -> str:
    """A short label: a demographics record's age, gender and group; a region's top concept."""
    shown = _as_dict(item)
    parts = [str(shown[key]) for key in ("age", "gender", "multicultural") if shown.get(key)]
    if parts:
        return ", ".join(parts)
    concepts = shown.get("data", {}).get("concepts", [])
    if concepts:
        top = max(concepts, key=lambda concept: concept.get("value", 0.0))
        return f"{top.get('name', top.get('id', ''))} {top.get('value', 0.0):.2f}"
    return f"face {number}"


def draw_regions(
    image_bytes: bytes,
    regions_or_records: Sequence[Message | Mapping[str, Any]],
    labels: Sequence[str] | None = None,
    title: str = "Regions",
) -> Figure:
    """The image with one box and one label per region, as a matplotlib Figure.

    `regions_or_records`: regions of a prediction (protobuf or REST JSON, boxes in
    `region_info.bounding_box`) or records of `recipes.faces.demographics_from_workflow`
    (boxes in `box`). Boxes are fractions of the image, drawn in pixels. `labels` default to
    `label_of` each item. Call `plt.show()` (or `plt.close(figure)`) when done.
    """
    image = open_image(image_bytes).convert("RGB")
    width, height = image.size
    labels = (
        list(labels) if labels is not None else [label_of(r, n) for n, r in enumerate(regions_or_records, 1)]
    )
    if len(labels) != len(regions_or_records):
        raise ValueError(f"{len(labels)} labels for {len(regions_or_records)} regions")
    figure, axes = plt.subplots(figsize=(6, 6 * height / width))
    axes.imshow(image)
    for item, label in zip(regions_or_records, labels, strict=True):
        box = box_of(item)
        left, top = box["left_col"] * width, box["top_row"] * height
        right, bottom = box["right_col"] * width, box["bottom_row"] * height
        axes.add_patch(
            Rectangle((left, top), right - left, bottom - top, fill=False, edgecolor="yellow", lw=2)
        )
        axes.text(left, top - 4, label, color="black", fontsize=8, va="bottom", bbox={"facecolor": "yellow"})
    axes.set_title(title)
    axes.set_xlabel("x (pixels)")
    axes.set_ylabel("y (pixels)")
    figure.tight_layout()
    return figure


def draw_thumbnails(images: Sequence[bytes], captions: Sequence[str], title: str = "Images") -> Figure:
    """A row of thumbnails of encoded `images`, each captioned (under it) with its `captions`
    entry, as a matplotlib Figure titled `title`. Call `plt.show()` (or `plt.close(figure)`) when done.
    """
    if not images:
        raise ValueError("no images to draw")
    if len(captions) != len(images):
        raise ValueError(f"{len(captions)} captions for {len(images)} images")
    figure, row = plt.subplots(1, len(images), figsize=(2.2 * len(images), 2.6), squeeze=False)
    for axes, image_bytes, caption in zip(row[0], images, captions, strict=True):
        axes.imshow(open_image(image_bytes).convert("RGB"))
        axes.set_xticks([])
        axes.set_yticks([])
        axes.set_xlabel(caption, fontsize=9)
    figure.suptitle(title)
    figure.tight_layout()
    return figure
