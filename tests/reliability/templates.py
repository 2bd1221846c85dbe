"""One valid request per implemented RPC, in the JSON channel's form, for the fuzzers to spoil.

Random fields alone rarely get past the first check of a handler; a valid request with one
field spoiled reaches the deep code (image decoding, predictions, searches, patches). Ids
name what `tests.reliability.world.populate` made. `{PNG}` stands for base64 image bytes.
"""

from __future__ import annotations

import base64
import copy

from emulator.descriptors import rpc
from tests.reliability.fuzz import PNG

MAIN = {"user_id": "clarifai", "app_id": "main"}
IMAGE = {"image": {"base64": base64.b64encode(PNG).decode()}}
URL = {"image": {"url": "https://samples.clarifai.com/metro-north.jpg", "allow_duplicate_url": True}}
DOG = {"concepts": [{"id": "dog", "value": 1}]}
GENERAL = {"id": "general-image-recognition", "user_id": "clarifai", "app_id": "main"}

TEMPLATES: dict[str, dict] = {
    "PostInputs": {
        "inputs": [{"id": "new-1", "data": {**URL, **DOG, "metadata": {"k": "v"}}}, {"data": IMAGE}]
    },
    "GetInput": {"input_id": "in-0000"},
    "ListInputs": {"page": 1, "per_page": 2, "ids": ["in-0000", "in-0002"]},
    "DeleteInput": {"input_id": "in-0001"},
    "DeleteInputs": {"ids": ["in-0001", "in-0002"]},
    "PatchInputs": {
        "action": "merge",
        "inputs": [{"id": "in-0000", "data": {"concepts": [{"id": "cat", "value": 1}]}}],
    },
    "GetInputCount": {},
    "PostAnnotations": {"annotations": [{"input_id": "in-0000", "data": DOG}]},
    "ListAnnotations": {"input_ids": ["in-0000"]},
    "PatchAnnotations": {
        "action": "merge",
        "annotations": [{"input_id": "in-0000", "data": {"concepts": [{"id": "cat", "value": 1}]}}],
    },
    "PostInputsSearches": {"searches": [{"query": {"ranks": [{"annotation": {"data": DOG}}]}}]},
    "PostAnnotationsSearches": {"searches": [{"query": {"filters": [{"annotation": {"data": DOG}}]}}]},
    "PostSearches": {
        "query": {"ands": [{"output": {"data": {"concepts": [{"id": "ai_8S2Vq3cR", "value": 1}]}}}]}
    },
    "PostSearchesByID": {"id": "saved", "pagination": {"page": 1, "per_page": 2}},
    "ListSearches": {},
    "GetSearch": {"id": "saved"},
    "DeleteSearch": {"id": "saved"},
    "PostSearchFeedback": {"input": {"id": "in-0000", "feedback_info": {"event_type": "search_click"}}},
    "PostConcepts": {"concepts": [{"id": "cat", "name": "Cat"}]},
    "GetConcept": {"concept_id": "dog"},
    "ListConcepts": {"per_page": 5},
    "PatchConcepts": {"action": "overwrite", "concepts": [{"id": "dog", "name": "Dog"}]},
    "PostConceptsSearches": {"concept_query": {"name": "do*"}},
    "PostModels": {"models": [{"id": "cats", "model_type_id": "embedding-classifier"}]},
    "GetModel": {"model_id": "pets"},
    "ListModels": {"per_page": 3},
    "PatchModels": {"action": "merge", "models": [{"id": "pets", "description": "pets"}]},
    "DeleteModel": {"model_id": "pets"},
    "DeleteModels": {"ids": ["pets"]},
    "PostModelsSearches": {"model_query": {"name": "general"}},
    "PostModelVersions": {
        "model_id": "pets",
        "model_versions": [{"output_info": {"data": {"concepts": [{"id": "dog"}]}}}],
    },
    "GetModelVersion": {"model_id": "pets", "version_id": "{VERSION}"},
    "ListModelVersions": {"model_id": "pets"},
    "PatchModelVersions": {
        "model_id": "pets",
        "action": "merge",
        "model_versions": [{"id": "{VERSION}", "description": "first"}],
    },
    "DeleteModelVersion": {"model_id": "pets", "version_id": "{VERSION}"},
    "GetModelOutputInfo": {"model_id": "pets"},
    "PostModelVersionMetrics": {"model_id": "pets", "version_id": "{VERSION}"},
    "GetModelVersionMetrics": {"model_id": "pets", "version_id": "{VERSION}"},
    "PostModelFeedback": {"model_id": "pets", "input": {"data": {**URL, **DOG}}},
    "GetModelType": {"model_type_id": "embedding-classifier"},
    "ListModelTypes": {},
    "PostModelOutputs": {
        "user_app_id": MAIN,
        "model_id": "general-image-recognition",
        "inputs": [{"data": IMAGE}],
    },
    "PostWorkflows": {"workflows": [{"id": "second", "nodes": [{"id": "classify", "model": GENERAL}]}]},
    "GetWorkflow": {"workflow_id": "general"},
    "ListWorkflows": {},
    "PatchWorkflows": {
        "action": "overwrite",
        "workflows": [{"id": "general", "nodes": [{"id": "n", "model": GENERAL}]}],
    },
    "DeleteWorkflow": {"workflow_id": "general"},
    "DeleteWorkflows": {"ids": ["general"]},
    "PostWorkflowResults": {"workflow_id": "general", "inputs": [{"data": IMAGE}, {"data": URL}]},
    "PostApps": {"apps": [{"id": "fresh", "description": "new"}]},
    "GetApp": {},
    "ListApps": {},
    "DeleteApp": {"user_app_id": {"user_id": "cookbook", "app_id": "other"}},
    "PostKeys": {"keys": [{"description": "k", "scopes": ["Inputs:Get"], "apps": [{"id": "migrations"}]}]},
    "GetKey": {"key_id": "{KEY}"},
    "ListKeys": {"type": "app_specific_key"},
    "DeleteKey": {"key_id": "{KEY}"},
    "MyScopes": {},
    "PostDatasets": {"datasets": [{"id": "fresh-set", "description": "new"}]},
    "GetDataset": {"dataset_id": "pets-set"},
    "ListDatasets": {"per_page": 2},
    "DeleteDatasets": {"dataset_ids": ["pets-set"]},
    "PostDatasetInputs": {"dataset_id": "pets-set", "dataset_inputs": [{"input": {"id": "in-0002"}}]},
    "ListDatasetInputs": {"dataset_id": "pets-set"},
    "GetDatasetInput": {"dataset_id": "pets-set", "input_id": "in-0000"},
    "DeleteDatasetInputs": {"dataset_id": "pets-set", "input_ids": ["in-0000"]},
    "PostDatasetVersions": {"dataset_id": "pets-set", "dataset_versions": [{"id": "v2"}]},
    "GetDatasetVersion": {"dataset_id": "pets-set", "dataset_version_id": "v1"},
    "ListDatasetVersions": {"dataset_id": "pets-set"},
    "DeleteDatasetVersions": {"dataset_id": "pets-set", "dataset_version_ids": ["v1"]},
    "PutDatasetVersionExports": {
        "dataset_id": "pets-set",
        "dataset_version_id": "v1",
        "exports": [{"format": "CLARIFAI_DATA_PROTOBUF"}, {"format": "CLARIFAI_DATA_JSON"}],
    },
    "PostInputsDataSources": {"data_sources": [{"url": {"url": "s3://samples.clarifai.com/Archive.zip"}}]},
    "GetInputsExtractionJob": {"inputs_extraction_job_id": "{EXTRACTION}"},
    "ListInputsExtractionJobs": {"per_page": 5},
    "GetInputsAddJob": {"id": "unreadable"},
    "ListInputsAddJobs": {},
    "ListCollaborators": {"per_page": 5},
}


def template(rpc_name: str, scope: dict, version_id: str, key_id: str, extraction_id: str = "") -> dict:
    """The valid request of `rpc_name` in the account's app (unless it names its own)."""
    made = copy.deepcopy(TEMPLATES.get(rpc_name, {}))
    if "user_app_id" in rpc(rpc_name).request_class.DESCRIPTOR.fields_by_name:  # not every retired RPC's
        made.setdefault("user_app_id", dict(scope))
    if made.get("inputs_extraction_job_id") == "{EXTRACTION}":
        made["inputs_extraction_job_id"] = extraction_id
    for name in ("version_id", "key_id"):
        if made.get(name) in ("{VERSION}", "{KEY}"):
            made[name] = version_id if name == "version_id" else key_id
    for version in made.get("model_versions", []):
        if version.get("id") == "{VERSION}":
            version["id"] = version_id
    return made
