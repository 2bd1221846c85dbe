"""Known root causes in the emulator, matched against failures to group the census.

Each cause names the RPCs involved and what the emulator must do (the real API's behaviour,
from the peer tests' assertions, the clients' code and clarifai-facts.md). A failure that no
cause matches is listed as "unclassified": a new cause to diagnose, not a harness verdict.
A cause stays when its fix lands, so that a regression is grouped and diagnosed at once. A
documented failure (a dated change refusing the old call) is not a cause: the 2.x flow's
steps expect it after the change's date and pass when they meet it (census: "Documented
failures met").
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Cause:
    key: str
    title: str
    rpcs: str
    diagnosis: str
    patterns: tuple[str, ...]  # regexes over "client | check name | error"

    def matches(self, text: str) -> bool:
        return any(re.search(pattern, text) for pattern in self.patterns)


CAUSES: tuple[Cause, ...] = (
    Cause(
        "cascade",
        "Follows from an earlier failed step of the same flow",
        "-",
        "Fix the earlier step: a flow stops when its start-up fails (`not reached`), and a step "
        "on a model that an earlier step failed to create finds no model.",
        (r"not reached: ", r"model_update_closed_environment.*'legacy-pets' not found"),
    ),
    Cause(
        "not-implemented-data-sources",
        "PostInputsDataSources not implemented (cloud archives / directories)",
        "PostInputsDataSources, GetInputsExtractionJob, ListInputsExtractionJobs",
        "Accept `data_sources[].url` (s3:// archive or prefix), answer 10000 with an extraction "
        "job id, let GetInputsExtractionJob reach JOB_COMPLETED and add the inputs; offline, "
        "the emulator can serve a known sample archive (s3://samples.clarifai.com/Archive.zip) "
        "synthetically as it does sample images.",
        (r"does not implement PostInputsDataSources",),
    ),
    Cause(
        "not-implemented-collaborators",
        "ListCollaborators not implemented",
        "ListCollaborators (PATAuth)",
        "Answer 10000 with the app's collaborators (none for a seeded app) and honour page/per_page.",
        (r"does not implement ListCollaborators",),
    ),
    Cause(
        "not-implemented-datasets",
        "Datasets and dataset versions not implemented",
        "PostDatasets, PostDatasetInputs, PostDatasetVersions, GetDatasetVersion, PutDatasetVersionExports",
        "Real semantics: a dataset holds inputs; a version is a snapshot that becomes READY; "
        "exports reach EXPORTED with a URL the API serves (test_dataset_version_export).",
        (r"does not implement PostDatasets",),
    ),
    Cause(
        "not-implemented-patch-annotations",
        "PatchAnnotations not implemented",
        "PatchAnnotations (then PostAnnotationsSearches / saved annotation searches on the result)",
        "Merge/overwrite/remove on annotations by id, as PatchInputs does for inputs.",
        (r"does not implement PatchAnnotations",),
    ),
    Cause(
        "legacy-feedback-rpcs",
        "Feedback RPCs of the 2.x era are gone from today's protos: /v2/searches/feedback, "
        "/v2/models/{id}/feedback",
        "PostSearchFeedback (POST /v2/searches/feedback), PostModelFeedback (POST "
        "/v2/models/{model_id}/feedback, .../versions/{version_id}/feedback)",
        "clarifai-grpc today has neither RPC, so the REST door has no binding for them: "
        "/v2/searches/feedback falls to PostSearchesByID (id `feedback`: 11100 unknown field "
        '"input") and the model feedback path answers 11101 "No API path". The 2.x client '
        "2.6.2 calls both (send_search_feedback, send_concept_feedback) and the API of its "
        "time answered 10000. When they were retired is not in the catalog: either a catalog "
        "change (its date documented) whose module serves them before it (legacy routes and "
        "messages, as CL012 declares its legacy field), or, if no retirement is documented, "
        "today's handlers answering 10000 with a provenance row (inferred).",
        (r"searches/feedback.*PostSearchesByID", r"/feedback -> 11101 .*No API path"),
    ),
    Cause(
        "saved-searches",
        "Saved searches by id refused (`searches[0].id`)",
        "PostSearches with `save: true` and an id, PostSearchesByID",
        "Store the search under its id when saved, and run it again by id with new pagination "
        "(test_save_and_execute_search_by_id).",
        (r"cannot search by searches\[0\]\.id",),
    ),
    Cause(
        "search-geo",
        "Searches refuse geo (`data.geo` point + limit, box)",
        "PostSearches (query.ands[].input.data.geo), PostInputsSearches / PostAnnotationsSearches "
        "(filters[].annotation.data.geo)",
        "Filter inputs by geo: a point with `geo_limit` (type withinKilometers/Miles/Degrees...) "
        "or a box of two points; results ordered as the peer tests assert.",
        (r"cannot search by \S*geo",),
    ),
    Cause(
        "search-algorithm",
        "Searches refuse `searches[0].algorithm` (the SDK always sets it)",
        "PostInputsSearches, PostAnnotationsSearches",
        'Accept `algorithm` ("nearest_neighbor", "brute_force") and `metric`; they only tune '
        "ranking, so today's results are fine for both.",
        (r"searches\[0\]\.algorithm",),
    ),
    Cause(
        "list-apps-page",
        "ListApps ignores `page` (the SDK's lister asks for page 2, 3, ... for ever)",
        "ListApps (and every List RPC should be checked)",
        "Pagination on every List RPC: `page` (1-based), `per_page` (default 128 on gRPC "
        "lists, max 1000), an empty page past the end. The SDK stops only on an empty page.",
        (r"user_list_apps.*is `page` ignored",),
    ),
    Cause(
        "list-inputs-base64",
        "ListInputs/GetInput echo `data.image.base64`: SDK raises `TypeError: expected bytes, str found`",
        "ListInputs, GetInput (also ListDatasetInputs)",
        "The SDK turns each listed input into a dict (MessageToDict: bytes become base64 str) and "
        "back into `resources_pb2.Input(**d)`, which refuses str for a bytes field. The real API "
        "never echoes uploaded bytes: it answers `image.url` (hosted: data.clarifai.com/orig/...) "
        "plus `hosted` {prefix, suffix, sizes} and `image_info` (clarifai-facts.md, SDH).",
        (r"TypeError: expected bytes, str found",),
    ),
    Cause(
        "list-models-public",
        "ListModels does not include clarifai/main's public models (nor names/types for 2.x)",
        "ListModels (GET /v2/models with an app key), PostModelsSearches (model_query name+type)",
        "The real ListModels lists the app's models and the public ones (app_id `main`): the SDK "
        "filters `app_id != self.id` itself, and 2.x builds its start-up cache from it keyed by "
        "(`name`, `output_info.type`), e.g. (`general-v1.3`, `concept`) -> "
        "aaa03c23b3724a16a56b629203edc62c; as of 2019 the public models need their 2019 names "
        "(general-v1.3, face-v1.3 type facedetect, ...) and PostModelsSearches must find them by "
        'name and type. Without that `app.models.get("general-v1.3")` falls back to GET '
        "/v2/models/general-v1.3: 11101.",
        (r"list_models.*no models listed", r"general-v1\.3' not found", r"no face detection model found"),
    ),
    Cause(
        "model-type-required",
        "PostModels requires `model_type_id` (real API defaults it)",
        "PostModels",
        "clarifai-grpc's own tests post `Model(id=...)` only and expect 10000: default the type "
        "(today: the embedding-classifier / concept classifier type) instead of refusing with "
        "11102. As of dates before CL013 the 2.x client sends `output_info.type`: refusing it "
        "after 2021-11-24 is the documented change, not this bug.",
        (r"Give the model's model_type_id",),
    ),
    Cause(
        "model-concepts-name",
        "Model JSON: `output_info.data.concepts[]` lack `name` / `created_at` (2.x KeyError 'name')",
        "PostModels, GetModel, ListModels, PatchModels (REST, 2.x)",
        "The real API sent every concept with id, name, value, created_at, app_id; 2.x's Model() "
        "reads concept['name'], ['app_id'], ['created_at'] on each. Always fill them.",
        (r"KeyError: 'name'", r"KeyError: 'created_at'"),
    ),
    Cause(
        "patch-overwrite-drops-image",
        "PatchInputs `overwrite` drops `data.image` (2.x: `UserError: Unknown input type`)",
        "PatchInputs (action overwrite); also search hits built on the patched input",
        "Before CL006 (2020-02-03) overwrite replaced only the fields sent (concepts, metadata); "
        "after it, it replaces the whole `data` except the media itself: the documented example "
        "loses `geo`, not the image. The input's image/url must survive an overwrite in both.",
        (r"Unknown input type",),
    ),
    Cause(
        "crop-before-cl004",
        "`image.crop` refused as of 2019 (before CL004 removed it on 2019-11-20)",
        "PostInputs (data.image.crop)",
        "As of dates before 2019-11-20, accept crop [top, left, bottom, right] (fractions) and "
        "store the cropped image; only from CL004 on refuse it (then 11100 'removed' is right).",
        (r"create_image_with_crop.*10020",),
    ),
    Cause(
        "select-concepts",
        "Predict ignores `output_config.select_concepts`",
        "PostModelOutputs",
        "Return exactly the selected concepts (by id or name), with their values, whatever their "
        "rank (test_predict_image_url_with_selected_concepts expects 2).",
        (r"test_predict_image_url_with_selected_concepts",),
    ),
    Cause(
        "failed-download",
        "A failed URL download does not fail the prediction (30002)",
        "PostModelOutputs",
        "When an input URL cannot be fetched (not a sample host, or 404), answer status 30002 "
        "(`Download failed; check URL`) for the request with one input, and for a batch 10010 "
        "(MIXED_STATUS) with per-output statuses 10000 / 30002 (test_failed_predict, "
        "test_mixed_success_predict).",
        (r"test_failed_predict", r"test_mixed_success_predict", r"assert 10000 == 30002"),
    ),
    Cause(
        "video-frames",
        "Video predictions have no `data.frames`",
        "PostModelOutputs on video (url, bytes; output_config sample_ms, min_value, max_concepts)",
        "For a video input, answer `data.frames[]` (frame.index, frame.time every sample_ms, "
        "default 1000 ms) each with its concepts, honouring min_value / max_concepts per frame.",
        (r"test_video_predict\.py",),
    ),
    Cause(
        "public-workflows",
        "Public workflows missing: `General` (clarifai/main), the moderation model, ListPublicWorkflows",
        "PostWorkflowResults (clarifai/main/General), PostWorkflows (node model "
        "d16f390eb32cad478c7ae150069bd2c6), ListPublicWorkflows (GET /v2/public_workflows)",
        "Seed clarifai/main with the `General` workflow (general-image-recognition node) and the "
        "moderation model (id d16f390eb32cad478c7ae150069bd2c6) that clarifai-grpc's workflow "
        "tests reference; route and implement ListPublicWorkflows (2.x get_all(public_only)).",
        (r"workflow_id \\?'General\\?' not found", r"the-moderation-node", r"public_workflows"),
    ),
    Cause(
        "concept-search-vocabulary",
        "PostConceptsSearches finds no `palm` / `water` (the General model's vocabulary)",
        "PostConceptsSearches",
        "The real concept search covers the concepts of the app and of the general model "
        "(its base workflow), so `palm`, `water` are found in a new app "
        "(test_post_annotations_searches reads concepts[0]).",
        (r"test_annotations_searches\.py:26",),
    ),
    Cause(
        "negative-concept-value",
        "A concept with `value: 0` (negative label) comes back as 1.0 on JSON",
        "PostInputs / GetInput over REST (JSON channel)",
        "The REST door omits `value` when it is 0 (proto3 JSON default); clarifai-grpc's JSON "
        "channel then fills the field's `cl_default_float` (1.0) when parsing the answer. The real "
        "API prints every field marked `cl_show_if_empty` (Concept.value among them) even when "
        "0: the REST door's printer must honour that extension (the client's own "
        "custom_message_to_dict shows how).",
        (r"assert 1\.0 == 0\.0",),
    ),
)


def classify(text: str) -> Cause | None:
    for cause in CAUSES:
        if cause.matches(text):
            return cause
    return None
