"""Concepts of an app: PostConcepts, GetConcept, ListConcepts, PatchConcepts, PostConceptsSearches.

An app's concepts are those posted with PostConcepts and those its inputs were added or
patched with (`register`, called by the inputs handlers): a concept without a name is named
by its id, as Clarifai's own client tests show. clarifai/main's concepts are its public
models' concepts. Concepts are never deleted, as Clarifai's docs say.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from ..call import Call
from ..statuses import ApiError
from ..store import App
from . import handles
from .inputs import page

LANGUAGE = "en"
PATCHABLE = ("name", "definition", "metadata")  # what PatchConcepts overwrites
DEFAULT_PER_PAGE = 20


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
    return app.concepts


def _copy(concept: resources_pb2.Concept) -> resources_pb2.Concept:
    shown = resources_pb2.Concept()
    shown.CopyFrom(concept)
    return shown


@handles("PostConcepts")
def post_concepts(call: Call) -> Message:
    """Create concepts with an id (and a name, else the id names it); ids must be new."""
    given = list(call.request.concepts)
    if not given:
        raise ApiError("CONN_INVALID_REQUEST", "no-concepts-given")
    ids = [concept.id for concept in given]
    for concept in given:
        if not concept.id:
            raise ApiError("CONCEPTS_INVALID_REQUEST", "concept-no-id")
        if concept.id in call.app.concepts or ids.count(concept.id) > 1:
            raise ApiError("CONCEPTS_INVALID_REQUEST", "concept-duplicate", concept_id=concept.id)
    made = [record(call.app, concept, call.timestamp()) for concept in given]
    for concept in made:
        call.app.concepts[concept.id] = concept
    return call.ok(concepts=[_copy(c) for c in made])


def _existing(call: Call, concept_id: str) -> resources_pb2.Concept:
    concept = concepts_of(call.app).get(concept_id)
    if concept is None:
        raise ApiError("CONN_DOES_NOT_EXIST", "concept-not-found", concept_id=concept_id)
    return concept


@handles("GetConcept")
def get_concept(call: Call) -> Message:
    """One concept of the app."""
    return call.ok(concept=_copy(_existing(call, call.request.concept_id)))


@handles("ListConcepts")
def list_concepts(call: Call) -> Message:
    """The app's concepts, oldest first, optionally only the one `id`."""
    concepts = list(concepts_of(call.app).values())
    if call.request.id:
        concepts = [c for c in concepts if c.id == call.request.id]
    return call.ok(concepts=[_copy(c) for c in page(call, concepts)])


@handles("PatchConcepts")
def patch_concepts(call: Call) -> Message:
    """Rename concepts (`overwrite`, the only action, as Clarifai's docs say): name, definition
    and metadata take the values given; a concept that is not the app's is not found."""
    if call.request.action != "overwrite":
        raise ApiError("CONN_INVALID_REQUEST", "concept-patch-action", action=call.request.action)
    if not call.request.concepts:
        raise ApiError("CONN_INVALID_REQUEST", "no-concepts-given")
    targets = [_existing(call, given.id) for given in call.request.concepts]  # all exist, or none change
    for concept, given in zip(targets, call.request.concepts, strict=True):
        concept.name = given.name or concept.id
        concept.definition = given.definition
        concept.ClearField("metadata")
        concept.metadata.update(given.metadata)
    return call.ok(concepts=[_copy(c) for c in targets])


def _matches(pattern: str, name: str) -> bool:
    """A name query: `*` is a wildcard; without one the name must start with the query."""
    pattern, name = pattern.lower(), name.lower()
    return fnmatch.fnmatchcase(name, pattern if "*" in pattern else pattern + "*")


def _public_app(call: Call) -> App | None:
    return next((app for app in call.store.apps() if app.public), None)


@handles("PostConceptsSearches")
def post_concepts_searches(call: Call) -> Message:
    """Concepts whose name matches `concept_query.name`: the app's, then clarifai/main's."""
    query = call.request.concept_query
    apps = [] if query.ignore_app_concepts else [call.app]
    public = _public_app(call)
    if public is not None and public is not call.app:
        apps.append(public)
    found: dict[str, resources_pb2.Concept] = {}
    for app in apps:
        for concept in concepts_of(app).values():
            if _matches(query.name, concept.name) and concept.id not in found:
                found[concept.id] = concept
    pagination = call.request.pagination
    number, size = pagination.page or 1, pagination.per_page or DEFAULT_PER_PAGE
    shown = list(found.values())[(number - 1) * size : number * size]
    return call.ok(concepts=[_copy(c) for c in shown])
