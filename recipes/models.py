"""Models: model types by their names of today (CL007, CL013), models by id (CL014), and
model versions with their own `*_info` (CL017), `enrich_dataset` (CL018), training on
processed inputs (CL011)."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2

from .connect import Session
from .errors import ClarifaiStatusError, check
from .renames import FACEDETECT_RENAMES, OLD_TYPE_IDS

# --- model types and names: CL007, CL013, CL014 -----------------------------------------

MODELS_PAGE = 100
NOT_FOUND = {status_code_pb2.CONN_DOES_NOT_EXIST, status_code_pb2.MODEL_DOES_NOT_EXIST}


def detect_type_for(old_type: str) -> str:
    """The `detect*` name of a `facedetect*` type name (CL007, 2020-02-12); others unchanged.

    facedetect -> detect, facedetect-identity and facedetect-demographics -> detect-concept,
    facedetect-embed -> detect-embed, as Clarifai announced the rename. These are values of the
    old `output_info.type` / `type_ext` and `model_query.type`, not model_type_ids: since CL013
    use `model_type_id_for`.
    """
    return FACEDETECT_RENAMES.get(old_type, old_type)


def model_type_id_for(old_type: str) -> str:
    """The `model_type_id` to use today for an old `type` name (CL013, after CL007).

    `concept` -> embedding-classifier, `embed` -> visual-embedder, `cluster` -> clusterer,
    `detect` and `detect-concept` -> visual-detector, `detect-embed` -> visual-embedder; the
    facedetect names are renamed first (`detect_type_for`), so `facedetect` -> visual-detector.
    Anything else (already a model_type_id) is returned unchanged. The mapping is the
    cookbook's reading of the old and new names: check `ListModelTypes` for the types your
    app can create.
    """
    renamed = detect_type_for(old_type)
    return OLD_TYPE_IDS.get(renamed, renamed)


def model_type_query(old_type: str | None = None, name: str | None = None) -> resources_pb2.ModelQuery:
    """Today's `ModelQuery` for a search that used `model_query.type` (CL013).

    `name` is kept as the pattern (`gen*` wildcards work); since CL014 it is matched
    against model ids.
    """
    type_id = model_type_id_for(old_type) if old_type else ""
    return resources_pb2.ModelQuery(name=name or "", model_type_id=type_id)


def search_models(
    session: Session, query: resources_pb2.ModelQuery, user_app_id: resources_pb2.UserAppIDSet | None = None
) -> list[resources_pb2.Model]:
    """Every model PostModelsSearches finds for `query`, page by page."""
    found: list[resources_pb2.Model] = []
    page = 1
    while True:
        request = service_pb2.PostModelsSearchesRequest(
            user_app_id=user_app_id or session.user_app_id,
            model_query=query,
            pagination=service_pb2.Pagination(page=page, per_page=MODELS_PAGE),
        )
        response = check(
            "PostModelsSearches", session.stub.PostModelsSearches(request, metadata=session.metadata)
        )
        found.extend(response.models)
        if len(response.models) < MODELS_PAGE:
            return found
        page += 1


def _listed_models(session: Session, user_app_id: resources_pb2.UserAppIDSet) -> list[resources_pb2.Model]:
    models: list[resources_pb2.Model] = []
    page = 1
    while True:
        request = service_pb2.ListModelsRequest(user_app_id=user_app_id, page=page, per_page=MODELS_PAGE)
        response = check("ListModels", session.stub.ListModels(request, metadata=session.metadata))
        models.extend(response.models)
        if len(response.models) < MODELS_PAGE:
            return models
        page += 1


def find_model(
    session: Session, name_or_id: str, user_app_id: resources_pb2.UserAppIDSet | None = None
) -> resources_pb2.Model:
    """The model a piece of old code named, by id first (CL014, 2022-01-20).

    Since CL014 the model id names a model, and old ids (like the general model's
    `aaa03c23b3724a16a56b629203edc62c`) still work in requests: GetModel tries `name_or_id`
    as an id and answers the model under today's id. Only if there is no such id does it
    look through the app's models (ListModels) for exactly one whose deprecated `name` or
    `display_name` is `name_or_id`. Raises the GetModel failure (a ClarifaiStatusError)
    when nothing matches, and LookupError when several models carry that name.
    """
    scope = user_app_id or session.user_app_id
    request = service_pb2.GetModelRequest(user_app_id=scope, model_id=name_or_id)
    response = session.stub.GetModel(request, metadata=session.metadata)
    if response.status.code == status_code_pb2.SUCCESS:
        return response.model
    if response.status.code not in NOT_FOUND:
        raise ClarifaiStatusError("GetModel", response.status)
    named = [m for m in _listed_models(session, scope) if name_or_id in (m.name, m.display_name)]
    if len(named) > 1:
        raise LookupError(f"{len(named)} models are named {name_or_id!r}: {sorted(m.id for m in named)}")
    if not named:
        raise ClarifaiStatusError("GetModel", response.status)
    return named[0]


# --- model versions: CL017, CL018, CL011 -------------------------------------------------

IN_TRAINING = {status_code_pb2.MODEL_QUEUED_FOR_TRAINING, status_code_pb2.MODEL_TRAINING}


def model_version(
    concepts: Sequence[str | resources_pb2.Concept] = (),
    *,
    output_config: resources_pb2.OutputConfig | None = None,
    train_params: Mapping[str, Any] | None = None,
    base_model_id: str | None = None,
) -> resources_pb2.ModelVersion:
    """A ModelVersion carrying its own `*_info` (CL017): concepts and output config in
    `output_info`, training parameters in `train_info.params`, the base embedding model in
    `input_info.base_embed_model`."""
    version = resources_pb2.ModelVersion()
    for concept in concepts:
        item = concept if isinstance(concept, resources_pb2.Concept) else resources_pb2.Concept(id=concept)
        version.output_info.data.concepts.append(item)
    if output_config is not None:
        version.output_info.output_config.CopyFrom(output_config)
    if train_params:
        version.train_info.params.update(dict(train_params))
    if base_model_id:
        version.input_info.base_embed_model.id = base_model_id
    return version


def post_model_version(session: Session, model_id: str, version: resources_pb2.ModelVersion) -> str:
    """Create (and so start training) one version of a model; return its id."""
    request = service_pb2.PostModelVersionsRequest(
        user_app_id=session.user_app_id, model_id=model_id, model_versions=[version]
    )
    response = check("PostModelVersions", session.stub.PostModelVersions(request, metadata=session.metadata))
    return response.model.model_version.id


def set_output_config(
    session: Session, model_id: str, version_id: str, output_config: resources_pb2.OutputConfig
) -> resources_pb2.ModelVersion:
    """Change a model version's `output_config` in place; return the version as the API answers.

    Replaces PatchModels with `model.output_info.output_config` (CL017, 2023-01-20), which
    made a new version: PatchModelVersions (action merge) changes the version itself, its id
    and training kept. Concepts cannot be patched this way: post a new version for them.
    """
    patch = resources_pb2.ModelVersion(id=version_id)
    patch.output_info.output_config.CopyFrom(output_config)
    request = service_pb2.PatchModelVersionsRequest(
        user_app_id=session.user_app_id, model_id=model_id, model_versions=[patch], action="merge"
    )
    response = session.stub.PatchModelVersions(request, metadata=session.metadata)
    return check("PatchModelVersions", response).model_versions[0]


def create_model_with_version(
    session: Session,
    model_id: str,
    model_type_id: str,
    concepts: Sequence[str | resources_pb2.Concept],
    *,
    output_config: resources_pb2.OutputConfig | None = None,
    train_params: Mapping[str, Any] | None = None,
    base_model_id: str | None = None,
) -> tuple[str, str]:
    """Create a model and its first version; return `(model_id, version_id)` (CL017, 2023-01-20).

    Since 2023-01-20 PostModels makes the model only, and `*_info` given on the model makes
    no version. So: PostModels with the model's own fields, then PostModelVersions with
    `output_info` (the concepts, `output_config`), `train_info.params` (e.g.
    `enrich_dataset_params(...)`, CL018) and the base embedding model. A trainable type starts
    training at once: wait with `wait_for_training`.
    """
    model = resources_pb2.Model(id=model_id, model_type_id=model_type_id)
    request = service_pb2.PostModelsRequest(user_app_id=session.user_app_id, models=[model])
    created = check("PostModels", session.stub.PostModels(request, metadata=session.metadata)).model
    version = model_version(
        concepts, output_config=output_config, train_params=train_params, base_model_id=base_model_id
    )
    return created.id, post_model_version(session, created.id, version)


def enrich_dataset_params(closed_environment: bool | None) -> dict[str, str]:
    """`train_info.params` replacing an old `output_config.closed_environment` (CL018, 2023-01-26).

    `closed_environment=True` (train without Clarifai's negative embeddings) becomes
    `{"enrich_dataset": "Disabled"}`; False or unset (use them) becomes
    `{"enrich_dataset": "Automatic"}`, which no longer fails when the base model has none.
    Only embedding-classifier models take it.
    """
    return {"enrich_dataset": "Disabled" if closed_environment else "Automatic"}


def wait_for_training(
    session: Session, model_id: str, version_id: str, timeout: float = 600.0
) -> resources_pb2.ModelVersion:
    """Poll GetModelVersion until the version is no longer queued or training.

    Returns the trained version; raises ClarifaiStatusError carrying the version's status
    when training failed (e.g. MODEL_TRAINING_NO_POSITIVES), TimeoutError after `timeout` s.
    """
    request = service_pb2.GetModelVersionRequest(
        user_app_id=session.user_app_id, model_id=model_id, version_id=version_id
    )
    deadline = time.monotonic() + timeout
    while True:
        response = check("GetModelVersion", session.stub.GetModelVersion(request, metadata=session.metadata))
        version = response.model_version
        if version.status.code not in IN_TRAINING:
            if version.status.code != status_code_pb2.MODEL_TRAINED:
                raise ClarifaiStatusError("PostModelVersions", version.status)
            return version
        if time.monotonic() > deadline:
            raise TimeoutError(f"model {model_id} version {version_id} still training after {timeout:g} s")
        time.sleep(session.poll_interval)


def input_counts(session: Session) -> dict[str, int]:
    """GetInputCount as a dict: processed, to_process, processing, errors (and reindex counts)."""
    request = service_pb2.GetInputCountRequest(user_app_id=session.user_app_id)
    counts = check("GetInputCount", session.stub.GetInputCount(request, metadata=session.metadata)).counts
    return {field.name: getattr(counts, field.name) for field in counts.DESCRIPTOR.fields}


def wait_until_inputs_processed(session: Session, timeout: float = 600.0) -> dict[str, int]:
    """Poll GetInputCount until no input is waiting or being processed; return the last counts."""
    deadline = time.monotonic() + timeout
    while True:
        counts = input_counts(session)
        if counts["to_process"] == 0 and counts["processing"] == 0:
            return counts
        if time.monotonic() > deadline:
            busy = counts["to_process"] + counts["processing"]
            raise TimeoutError(f"{busy} inputs still being processed after {timeout:g} s")
        time.sleep(session.poll_interval)


def train_when_ready(
    session: Session,
    model_id: str,
    *,
    concepts: Sequence[str | resources_pb2.Concept] = (),
    output_config: resources_pb2.OutputConfig | None = None,
    train_params: Mapping[str, Any] | None = None,
    base_model_id: str | None = None,
    timeout: float = 600.0,
) -> str:
    """Train a new version on every input of the app; return the version id (CL011, 2020-10-20).

    Since 2020-10-20 a version learns only from inputs already processed when it is created:
    pending and downloading ones are left out. So: poll GetInputCount until `to_process` and
    `processing` are 0 (failed inputs, `errors`, are never used), then PostModelVersions with
    the version's `*_info` (see `model_version`), then wait until it is trained. Raises
    ClarifaiStatusError with the version's status when training fails.
    """
    wait_until_inputs_processed(session, timeout)
    version = model_version(
        concepts, output_config=output_config, train_params=train_params, base_model_id=base_model_id
    )
    version_id = post_model_version(session, model_id, version)
    wait_for_training(session, model_id, version_id, timeout)
    return version_id
