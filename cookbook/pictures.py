"""Pictures for the notebooks: the boxes of face regions (CL007, CL009, CL010) drawn on their image,
a row of thumbnails with captions (CL015's search hits and their scores), and the status of
inputs poll after poll (CL002, CL003)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
from google.protobuf import json_format
from google.protobuf.message import Message
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from recipes.images import open_image

SIDES = ("top_row", "left_col", "bottom_row", "right_col")
LABEL_ROOM = 0.05  # a box nearer the top of the image than this has its label inside it
# One colour per input status, the same in every notebook; other statuses take tab10's colours.
STATUS_COLOURS = {
    "INPUT_PENDING": "#f2c14e",
    "INPUT_IN_PROGRESS": "#f78154",
    "INPUT_SUCCESS": "#4d9078",
    "INPUT_FAILED": "#b4436c",
    "CONN_DOES_NOT_EXIST": "#bbbbbb",
    "not listed": "#bbbbbb",  # ListInputs no longer shows the input: deleted
}


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
        inside = top < LABEL_ROOM * height  # above the box, the label would cover the title
        y, va = (top + 4, "top") if inside else (top - 4, "bottom")
        axes.text(left, y, label, color="black", fontsize=8, va=va, bbox={"facecolor": "yellow"})
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


def status_colours(statuses: Sequence[str]) -> dict[str, str]:
    """A colour for each status, by what precedes its parenthesis (`"INPUT_PENDING (30001)"`)."""
    others = itertools.cycle(plt.get_cmap("tab10").colors)
    return {status: STATUS_COLOURS.get(status.split(" (")[0]) or next(others) for status in statuses}


def draw_status_timeline(
    timeline: Mapping[str, Sequence[str]], title: str = "Status per poll", poll_label: str = "poll"
) -> Figure:
    """One row per input, one square per poll, coloured by the status that poll answered.

    `timeline` maps each input id (rows, top to bottom, in its order) to its status at each
    poll (`"INPUT_PENDING (30001)"`, ...); the legend lists the statuses in the order they first
    appear, poll by poll. Call `plt.show()` (or `plt.close(figure)`) when done.
    """
    rows = list(timeline)
    polls = max((len(seen) for seen in timeline.values()), default=0)
    by_poll = [seen[poll] for poll in range(polls) for seen in timeline.values() if poll < len(seen)]
    colours = status_colours(list(dict.fromkeys(by_poll)))
    figure, axes = plt.subplots(figsize=(4 + 0.8 * polls, 1.2 + 0.4 * len(rows)))
    for row, input_id in enumerate(rows):
        for poll, status in enumerate(timeline[input_id]):
            axes.add_patch(Rectangle((poll - 0.45, row - 0.4), 0.9, 0.8, facecolor=colours[status]))
    axes.set_xlim(-0.5, polls - 0.5)
    axes.set_ylim(len(rows) - 0.5, -0.5)
    axes.set_xticks(range(polls))
    axes.set_yticks(range(len(rows)), rows)
    handles = [Patch(facecolor=colour, label=status) for status, colour in colours.items()]
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    axes.set_title(title)
    axes.set_xlabel(poll_label)
    axes.set_ylabel("input")
    figure.tight_layout()
    return figure
