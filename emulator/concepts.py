"""Concepts of an app.

An app's concepts are those posted with PostConcepts and those its inputs were added or
patched with (`register`): a concept without a name is named by its id, as Clarifai's own
client tests show. clarifai/main's concepts are its public models' concepts and the rest of
the general model's vocabulary the emulator knows (`EXTRA_VOCABULARY`). Concepts are
never deleted, as Clarifai's docs say.
"""

from __future__ import annotations

from collections.abc import Iterable

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.timestamp_pb2 import Timestamp

from . import faults
from .store import App

LANGUAGE = "en"
# Concepts of the general model's vocabulary beyond those its predictions show in Clarifai's
# docs: found by PostConceptsSearches in clarifai/main. Names are real general-model concepts
# (Clarifai's client tests search them); the ids are the emulator's (provenance: general-vocabulary).
EXTRA_VOCABULARY = (("ai_emuPalm0", "palm"), ("ai_emuWater", "water"))


def record(app: App, concept: resources_pb2.Concept, created: Timestamp) -> resources_pb2.Concept:
    """A new concept of `app` as responses show it: named by its id when it has no name."""
    kept = resources_pb2.Concept(
        id=concept.id,
        name=concept.name or concept.id,
        value=1.0,
        language=concept.language or LANGUAGE,
        app_id=app.id,
        user_id=app.user_id,
        definition=concept.definition,
        created_at=created,
        visibility=resources_pb2.Visibility(gettable=resources_pb2.Visibility.PRIVATE),
    )
    kept.metadata.update(concept.metadata)
    return kept


def register(app: App, concepts: Iterable[resources_pb2.Concept], created: Timestamp) -> None:
    """Add the concepts an input was labelled with to its app, and name the input's unnamed
    concepts after the app's concepts (provenance: input-concepts)."""
    for concept in concepts:
        if not concept.id:
            continue
        if concept.id not in app.concepts:
            faults.point("add a concept")
            app.concepts[concept.id] = record(app, concept, created)
        if not concept.name:
            concept.name = app.concepts[concept.id].name


def concepts_of(app: App) -> dict[str, resources_pb2.Concept]:
    """The app's concepts; for clarifai/main, its public models' concepts (made once)."""
    if app.public and not app.concepts:
        for model in app.models.values():
            version = model.version()
            for concept in version.version.output_info.data.concepts if version else ():
                shown = resources_pb2.Concept(
                    id=concept.id, name=concept.name, value=1.0, language=LANGUAGE, app_id=app.id
                )
                shown.user_id = app.user_id
                shown.created_at.CopyFrom(model.model.created_at)
                app.concepts.setdefault(concept.id, shown)
        for concept_id, name in EXTRA_VOCABULARY:
            shown = resources_pb2.Concept(id=concept_id, name=name, value=1.0, language=LANGUAGE)
            shown.app_id, shown.user_id = app.id, app.user_id
            app.concepts.setdefault(concept_id, shown)
    return app.concepts
