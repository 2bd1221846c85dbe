"""CL005's scaffolding: the Focus model asked for with GetModel, an old Focus answer read the
way the snippet and the old code did, and the two images of the client-side measure shown."""

from __future__ import annotations

import dataclasses
import io
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from clarifai_grpc.grpc.api.status import status_pb2
from PIL import Image

from recipes.auth import CLARIFAI_MAIN
from recipes.connect import Session
from recipes.images import sharpness

from ..then import OldAnswer

FOCUS_MODEL_ID = "c2cf7cecd8a6427da375b9f35fcd2381"
SIDES = ("top_row", "left_col", "bottom_row", "right_col")


def get_focus_model(session: Session) -> tuple[status_pb2.Status, resources_pb2.Model]:
    """GetModel on the Focus model in clarifai/main (a PAT reaches it there, CL019): the
    answer's status and model."""
    main = dataclasses.replace(session, user_app_id=CLARIFAI_MAIN)
    request = service_pb2.GetModelRequest(user_app_id=CLARIFAI_MAIN, model_id=FOCUS_MODEL_ID)
    reply = main.stub.GetModel(request, metadata=main.metadata)
    return reply.status, reply.model


def main_models(session: Session) -> list[resources_pb2.Model]:
    """The models ListModels answers for clarifai/main (one page of 1000)."""
    main = dataclasses.replace(session, user_app_id=CLARIFAI_MAIN)
    request = service_pb2.ListModelsRequest(user_app_id=CLARIFAI_MAIN, per_page=1000)
    listed = main.stub.ListModels(request, metadata=main.metadata)
    assert listed.status.code == 10000, listed.status.description
    return list(listed.models)


def printed(answer: OldAnswer) -> str:
    """The line the snippet prints of a Focus answer."""
    data = answer.body["outputs"][0]["data"]
    return f"focus value {data['focus']['value']:.3f}, {len(data['regions'])} in-focus regions"


def focus_table(data: dict[str, Any]) -> pd.DataFrame:
    """The old code's reading of an answer's `data`: each in-focus region's box and focus numbers."""
    rows = [
        {**{side: region["region_info"]["bounding_box"][side] for side in SIDES}, **region["data"]["focus"]}
        for region in data["regions"]
    ]
    return pd.DataFrame(rows).round(3)


def show_images(images: dict[str, bytes], title: str) -> None:
    """The images side by side, each titled with its name and `sharpness`."""
    figure, axes = plt.subplots(1, len(images), figsize=(4.5 * len(images), 4.8))
    for ax, (name, image_bytes) in zip(axes, images.items(), strict=True):
        ax.imshow(Image.open(io.BytesIO(image_bytes)).convert("RGB"))
        ax.set_title(f"{name}\nsharpness {sharpness(image_bytes):.1f}")
        ax.set_xlabel("x (pixels)")
        ax.set_ylabel("y (pixels)")
    figure.suptitle(title)
    figure.tight_layout()
    plt.show()
