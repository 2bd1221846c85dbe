"""Concepts of an app: PostConcepts, GetConcept, ListConcepts, PatchConcepts, PostConceptsSearches.

What an app's concepts are lives in `emulator.concepts`.
"""

from __future__ import annotations

import fnmatch

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from ..call import Call
from ..concepts import concepts_of, record
from ..paging import page, paged
from ..statuses import ApiError
from . import handles

DEFAULT_PER_PAGE = 20


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


@handles("PostConceptsSearches")
def post_concepts_searches(call: Call) -> Message:
    """Concepts whose name matches `concept_query.name`: the app's, then clarifai/main's."""
    query = call.request.concept_query
    apps = [] if query.ignore_app_concepts else [call.app]
    public = call.store.public_app()
    if public is not None and public is not call.app:
        apps.append(public)
    found: dict[str, resources_pb2.Concept] = {}
    for app in apps:
        for concept in concepts_of(app).values():
            if _matches(query.name, concept.name) and concept.id not in found:
                found[concept.id] = concept
    return call.ok(concepts=[_copy(c) for c in paged(call, list(found.values()), DEFAULT_PER_PAGE)])
