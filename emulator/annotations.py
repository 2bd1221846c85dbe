"""Annotations of an app's inputs.

Each input has one input-level annotation: the concepts it was added, patched or annotated
with (`data.concepts`), under an id derived from the input id (provenance: annotations).
PostAnnotations with `data.regions` adds a region annotation of its own, with a generated id,
kept in `App.region_annotations` (provenance: region-annotations).
"""

from __future__ import annotations

import hashlib

from clarifai_grpc.grpc.api import resources_pb2

from .statuses import status
from .store import App, StoredInput


def annotation_id(input_id: str) -> str:
    """The id of an input's own annotation."""
    return hashlib.sha256(f"input|{input_id}".encode()).hexdigest()[:32]


def own(app: App, stored: StoredInput) -> resources_pb2.Annotation:
    """The input-level annotation of an input: its concepts."""
    item = stored.input
    annotation = resources_pb2.Annotation(
        id=annotation_id(item.id),
        input_id=item.id,
        user_id=app.user_id,
        input_level=True,
        status=status("ANNOTATION_SUCCESS"),
        created_at=item.created_at,
        modified_at=item.modified_at,
    )
    annotation.data.concepts.extend(item.data.concepts)
    return annotation


def _copy(annotation: resources_pb2.Annotation) -> resources_pb2.Annotation:
    shown = resources_pb2.Annotation()
    shown.CopyFrom(annotation)
    return shown


class Annotations:
    """An app's annotations as of now; the region annotations are found by input
    (`App.region_ids`), so reading every input's annotations stays linear."""

    def __init__(self, app: App) -> None:
        self.app = app

    def regions(self, stored: StoredInput) -> list[resources_pb2.Annotation]:
        """The input's region annotations, in the order they were added (read only)."""
        kept = self.app.region_annotations
        return [kept[i] for i in self.app.region_ids.get(stored.input.id, ())]

    def of_input(self, stored: StoredInput) -> list[resources_pb2.Annotation]:
        """An input's annotations as responses show them: its own (when it has concepts),
        then its region annotations."""
        found = [own(self.app, stored)] if stored.input.data.concepts else []
        return [*found, *(_copy(a) for a in self.regions(stored))]
