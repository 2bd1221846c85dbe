"""Datasets of an app, their versions and the versions' exports, as today's API keeps them.

A dataset is a named group of the app's inputs (an input names its datasets in `dataset_ids`);
a version is a snapshot of those inputs that becomes DATASET_VERSION_READY on the virtual clock;
an export writes a ready version as a zip on the data host (`emulator.hosted_files`) in one of the
documented formats: a `mimetype` entry, then the inputs as one batch (clarifai-grpc's
tests/client/test_dataset_version_export.py, the SDK's datasets/export/inputs_annotations.py).
"""

from __future__ import annotations

import io
import zipfile

from clarifai_grpc.grpc.api import resources_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2
from google.protobuf import json_format

from . import hosted, hosted_files
from .call import Call
from .statuses import ApiError, status
from .store import DATA_HOST, JOB_TICKS, Job, StoredDataset, StoredDatasetVersion, StoredExport, StoredInput

MIMETYPES = {  # documented by the export readers above
    resources_pb2.CLARIFAI_DATA_PROTOBUF: "application/x.clarifai-data+protobuf",
    resources_pb2.CLARIFAI_DATA_JSON: "application/x.clarifai-data+json",
}
EXPORT_FIELDS = {
    resources_pb2.CLARIFAI_DATA_PROTOBUF: "clarifai_data_protobuf",
    resources_pb2.CLARIFAI_DATA_JSON: "clarifai_data_json",
    resources_pb2.COCO: "coco",
}
BATCH_NAME = "all/batch-0"  # one split, one batch (provenance: export-layout)
VERSION_STATUS = {
    "queued": "DATASET_VERSION_PENDING",
    "running": "DATASET_VERSION_IN_PROGRESS",
    "done": "DATASET_VERSION_READY",
    "failed": "DATASET_VERSION_FAILURE",
}
EXPORT_STATUS = {
    "queued": "DATASET_VERSION_EXPORT_PENDING",
    "running": "DATASET_VERSION_EXPORT_IN_PROGRESS",
    "done": "DATASET_VERSION_EXPORT_SUCCESS",
    "failed": "DATASET_VERSION_EXPORT_FAILED",
}


def existing(call: Call, dataset_id: str) -> StoredDataset:
    """The dataset `dataset_id` of the call's app; 11101 when there is none."""
    stored = call.app.datasets.get(dataset_id)
    if stored is None:
        raise ApiError("CONN_DOES_NOT_EXIST", "dataset-not-found", dataset_id=dataset_id)
    return stored


def new_dataset(call: Call, given: resources_pb2.Dataset, taken: set[str]) -> StoredDataset:
    """The dataset PostDatasets keeps from `given` (not yet kept); 11102 for a taken id."""
    dataset_id = given.id or call.ids.hex32("dataset")
    if dataset_id in taken or dataset_id in call.app.datasets:
        raise ApiError("CONN_INVALID_REQUEST", "dataset-exists", dataset_id=dataset_id)
    taken.add(dataset_id)
    made = resources_pb2.Dataset()
    made.CopyFrom(given)
    made.id, made.app_id, made.user_id = dataset_id, call.app.id, call.app.user_id
    made.ClearField("version")
    made.created_at.CopyFrom(call.timestamp())
    made.modified_at.CopyFrom(call.timestamp())
    return StoredDataset(made)


def members(call: Call, dataset_id: str) -> list[StoredInput]:
    """The app's inputs in the dataset, newest first."""
    return [s for s in call.app.inputs.all(call.now) if dataset_id in s.input.dataset_ids]


def delete(call: Call, dataset_ids: list[str]) -> None:
    """Remove the datasets (all exist, or none goes), their versions and exports; their inputs
    stay in the app, no longer naming them."""
    doomed = [existing(call, dataset_id) for dataset_id in dataset_ids]
    for stored in doomed:
        for version in stored.versions:
            drop_exports(call, version)
        for member in members(call, stored.dataset.id):
            kept = [d for d in member.input.dataset_ids if d != stored.dataset.id]
            del member.input.dataset_ids[:]
            member.input.dataset_ids.extend(kept)
        del call.app.datasets[stored.dataset.id]


def new_version(
    call: Call, stored: StoredDataset, given: resources_pb2.DatasetVersion
) -> StoredDatasetVersion:
    """A version of the dataset as it is now, ready JOB_TICKS requests later; 64030 for a taken id."""
    version_id = given.id or call.ids.hex32("dataset-version")
    if any(v.version.id == version_id for v in stored.versions):
        raise ApiError("DATASET_VERSION_CONFLICT", "dataset-version-exists", version_id=version_id)
    made = resources_pb2.DatasetVersion()
    made.CopyFrom(given)
    made.id, made.dataset_id = version_id, stored.dataset.id
    made.app_id, made.user_id = call.app.id, call.app.user_id
    for name in ("status", "export_info", "metrics"):
        made.ClearField(name)
    made.created_at.CopyFrom(call.timestamp())
    made.modified_at.CopyFrom(call.timestamp())
    job = Job(call.now, call.now + JOB_TICKS)
    snapshot = [_frozen(call, s) for s in members(call, stored.dataset.id)]
    return StoredDatasetVersion(made, job, snapshot)


def _frozen(call: Call, stored: StoredInput) -> resources_pb2.Input:
    """The input as a version keeps it: with its status now, its media hosted at the documented
    data host, not the emulator's address of the moment, so that an export's bytes (and size)
    never change (provenance: export-layout)."""
    shown = resources_pb2.Input()
    shown.CopyFrom(stored.input)
    hosted.show_hosted(shown, call.app.user_id, call.app.id, DATA_HOST, public_s3=stored.public_s3)
    shown.status.CopyFrom(status(stored.status_name(call.now)))
    shown.status.details = (
        stored.failure if shown.status.code == status_code_pb2.INPUT_DOWNLOAD_FAILED else ""
    )
    return shown


def version_of(stored: StoredDataset, version_id: str) -> StoredDatasetVersion:
    """The dataset's version `version_id`; 11101 when there is none."""
    found = next((v for v in stored.versions if v.version.id == version_id), None)
    if found is None:
        raise ApiError(
            "CONN_DOES_NOT_EXIST",
            "dataset-version-not-found",
            dataset_id=stored.dataset.id,
            version_id=version_id,
        )
    return found


def render_version(call: Call, stored: StoredDatasetVersion) -> resources_pb2.DatasetVersion:
    """The version as responses show it now: its status and its exports' states."""
    shown = resources_pb2.DatasetVersion()
    shown.CopyFrom(stored.version)
    shown.status.CopyFrom(status(VERSION_STATUS[stored.job.stage(call.now)]))
    for export_format, export in stored.exports.items():
        target = getattr(shown.export_info, EXPORT_FIELDS[export_format])
        target.CopyFrom(render_export(call, export))
    return shown


def render_export(call: Call, stored: StoredExport) -> resources_pb2.DatasetVersionExport:
    """The export now: once it has succeeded, its size and its URL on the data host (the prefix
    is added when shown, never stored, as for hosted inputs)."""
    shown = resources_pb2.DatasetVersionExport(
        format=stored.export.format, include_embeddings=stored.export.include_embeddings
    )
    stage = stored.job.stage(call.now)
    shown.status.CopyFrom(status(EXPORT_STATUS[stage]))
    if stage == "done":
        shown.url, shown.size = call.store.data_host + stored.export.url, stored.export.size
    return shown


def check_format(export_format: int, index: int) -> None:
    """11102 naming `exports[index].format` for a format the emulator cannot write (COCO, none)."""
    if export_format not in MIMETYPES:
        known = resources_pb2.DatasetVersionExportFormat.values()
        name = (
            resources_pb2.DatasetVersionExportFormat.Name(export_format)
            if export_format in known
            else export_format
        )
        raise ApiError("CONN_INVALID_REQUEST", "export-format", field=f"exports[{index}].format", format=name)


def export(call: Call, version: StoredDatasetVersion, export_format: int) -> StoredExport:
    """Export the version in `export_format` (again if asked again): its file is hosted now and
    shown once the export is done, JOB_TICKS requests after the version is ready."""
    previous = version.exports.get(export_format)
    if previous is not None:
        _unhost(call, previous)
    content = archive(version.inputs, export_format)
    name = f"dataset_versions/{version.version.id}/exports/{call.ids.hex32('export')}.zip"
    path = hosted_files.host(call.store, call.app, name, content, "application/zip")
    record = resources_pb2.DatasetVersionExport(format=export_format, url=path, size=len(content))
    stored = StoredExport(record, Job(call.now, max(call.now, version.job.done_tick) + JOB_TICKS))
    version.exports[export_format] = stored
    return stored


def archive(inputs: list[resources_pb2.Input], export_format: int) -> bytes:
    """The export zip: `mimetype` first, then the inputs as one InputBatch in the format."""
    batch = resources_pb2.InputBatch(inputs=inputs)
    if export_format == resources_pb2.CLARIFAI_DATA_PROTOBUF:
        body = batch.SerializeToString()
    else:
        body = json_format.MessageToJson(batch, preserving_proto_field_name=True).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as written:
        written.writestr(zipfile.ZipInfo("mimetype", (2023, 1, 1, 0, 0, 0)), MIMETYPES[export_format])
        written.writestr(zipfile.ZipInfo(BATCH_NAME, (2023, 1, 1, 0, 0, 0)), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def drop_exports(call: Call, version: StoredDatasetVersion) -> None:
    """Forget the version's exported files on the data host."""
    for stored in version.exports.values():
        _unhost(call, stored)


def _unhost(call: Call, stored: StoredExport) -> None:
    call.store.hosted.pop(stored.export.url, None)
