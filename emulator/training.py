"""Training a user's model version on the virtual clock.

A version is trained on the app's inputs that are processed (INPUT_SUCCESS) and labelled
with a concept of the version (`data.concepts`, positive or negative: clarifai-grpc's own
test trains on inputs whose concepts carry no value, which is 0 on the wire). It fails with
no positives when no input is labelled with any of its concepts. Its outcome is decided
when training starts and kept in the stored version; until `trained_tick` the API shows it
queued, then training (provenance: training-ticks, training-examples).
"""

from __future__ import annotations

from collections.abc import Iterable

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.timestamp_pb2 import Timestamp

from .statuses import status
from .store import App, StoredInput, StoredVersion

QUEUED_TICKS = 1  # a new version waits one request in the queue,
TRAINING_TICKS = 2  # then trains for two more (provenance: training-ticks)

# Base embedding models of an embedding-classifier, and whether Clarifai keeps a pre-stored
# set of negative embeddings for them (provenance: base-embedders).
BASE_EMBEDDERS: dict[str, bool] = {
    "general-image-embedding": True,
    "face-identification-embedding": False,
    "multilingual-text-embedding": False,
}
DEFAULT_BASE_EMBEDDER = "general-image-embedding"
# Outcomes decided by the examples found, which a change to the examples may revisit.
DATA_OUTCOMES = ("MODEL_TRAINED", "MODEL_TRAINING_NO_POSITIVES")


def base_embedder(version: resources_pb2.ModelVersion) -> str:
    """The embedding model an embedding-classifier version builds on."""
    return version.input_info.base_embed_model.id or DEFAULT_BASE_EMBEDDER


def has_negatives(version: resources_pb2.ModelVersion) -> bool:
    """Whether the version's base embedding model has pre-stored negative embeddings."""
    return BASE_EMBEDDERS.get(base_embedder(version), False)


def labelled_ids(stored: StoredInput) -> set[str]:
    """The concept ids an input is labelled with, positively or negatively."""
    return {c.id for c in stored.input.data.concepts}


def examples(
    app: App, version: resources_pb2.ModelVersion, now: int, ready_by: int | None = None
) -> list[StoredInput]:
    """The app's inputs the version learns from: processed at tick `now` (or, with
    `ready_by`, by that tick) and labelled with one of the version's concepts."""
    wanted = {c.id for c in version.output_info.data.concepts}
    tick = now if ready_by is None else ready_by
    return [
        stored
        for stored in app.inputs.all(now)
        if stored.status_name(tick) == "INPUT_SUCCESS" and labelled_ids(stored) & wanted
    ]


def conclude(version: resources_pb2.ModelVersion, found: Iterable[StoredInput]) -> None:
    """Record in `version` what training on `found` gives: counts and the final status."""
    found = list(found)
    wanted = {c.id for c in version.output_info.data.concepts}
    learnt = set().union(*(labelled_ids(s) & wanted for s in found)) if found else set()
    version.total_input_count = len(found)
    version.active_concept_count = len(learnt)
    if found:
        version.status.CopyFrom(status("MODEL_TRAINED"))
    else:
        version.status.CopyFrom(status("MODEL_TRAINING_NO_POSITIVES", "no-positives"))


def fail(stored: StoredVersion, name: str, details_key: str, **values: object) -> None:
    """Make a version's training end in the failure `name` (a change module's rule)."""
    stored.version.status.CopyFrom(status(name, details_key, **values))


def start(app: App, version: resources_pb2.ModelVersion, now: int, finished: Timestamp) -> StoredVersion:
    """Begin training `version` at tick `now` on the inputs processed by then."""
    conclude(version, examples(app, version, now))
    version.completed_at.CopyFrom(finished)
    return StoredVersion(version, trained_tick=now + QUEUED_TICKS + TRAINING_TICKS)


def trained_at_once(version: resources_pb2.ModelVersion, finished: Timestamp) -> StoredVersion:
    """A version of a type that is not trained: ready as soon as it exists."""
    version.status.CopyFrom(status("MODEL_TRAINED"))
    version.completed_at.CopyFrom(finished)
    return StoredVersion(version)


def untrained(version: resources_pb2.ModelVersion) -> StoredVersion:
    """A version that waits to be trained."""
    version.status.CopyFrom(status("MODEL_UNTRAINED"))
    return StoredVersion(version)


def current_status(stored: StoredVersion, now: int) -> str:
    """`queued`, `training` or `done` at tick `now`."""
    if stored.trained_tick is None or now >= stored.trained_tick:
        return "done"
    return "training" if now >= stored.trained_tick - TRAINING_TICKS else "queued"


def shown(stored: StoredVersion, now: int) -> resources_pb2.ModelVersion:
    """The version as a response shows it at tick `now`: in progress until training ends."""
    version = resources_pb2.ModelVersion()
    version.CopyFrom(stored.version)
    phase = current_status(stored, now)
    if phase != "done":
        name = "MODEL_TRAINING" if phase == "training" else "MODEL_QUEUED_FOR_TRAINING"
        version.status.CopyFrom(status(name))
        version.ClearField("completed_at")
    return version
