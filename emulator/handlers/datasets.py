"""Datasets, their inputs, versions and exports (`emulator.datasets`)."""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from .. import datasets
from ..call import Call
from ..inputs import existing as existing_input
from ..inputs import render
from ..paging import page
from ..statuses import ApiError
from ..store import StoredDataset
from . import handles


def _shown(stored: StoredDataset) -> resources_pb2.Dataset:
    shown = resources_pb2.Dataset()
    shown.CopyFrom(stored.dataset)
    return shown


@handles("PostDatasets")
def post_datasets(call: Call) -> Message:
    """Create datasets; ids must be new (all are checked before any is kept)."""
    given = list(call.request.datasets)
    if not given:
        raise ApiError("CONN_INVALID_REQUEST", "no-datasets")
    taken: set[str] = set()
    made = [datasets.new_dataset(call, item, taken) for item in given]
    for stored in made:
        call.app.datasets[stored.dataset.id] = stored
    return call.ok(datasets=[_shown(s) for s in made])


@handles("GetDataset")
def get_dataset(call: Call) -> Message:
    """One dataset."""
    return call.ok(dataset=_shown(datasets.existing(call, call.request.dataset_id)))


@handles("ListDatasets")
def list_datasets(call: Call) -> Message:
    """The app's datasets, newest first (or by id, or reversed, as asked), one page at a time."""
    items = list(reversed(call.app.datasets.values()))
    if call.request.sort_by_id:
        items.sort(key=lambda s: s.dataset.id, reverse=True)
    if call.request.sort_ascending:
        items.reverse()
    return call.ok(datasets=[_shown(s) for s in page(call, items)])


@handles("DeleteDatasets")
def delete_datasets(call: Call) -> Message:
    """Delete datasets by id, with their versions; their inputs stay in the app."""
    ids = list(call.request.dataset_ids)
    if not ids:
        raise ApiError("CONN_INVALID_REQUEST", "no-dataset-ids")
    datasets.delete(call, ids)
    return call.ok()


@handles("PostDatasetInputs")
def post_dataset_inputs(call: Call) -> Message:
    """Add existing inputs of the app to the dataset, by id."""
    stored = datasets.existing(call, call.request.dataset_id)
    if call.request.HasField("search"):
        raise ApiError("NOT_IMPLEMENTED", "not-implemented", rpc="PostDatasetInputs with a search")
    targets = [existing_input(call, item.input.id) for item in call.request.dataset_inputs]
    if not targets:
        raise ApiError("CONN_INVALID_REQUEST", "no-dataset-inputs")
    for target in targets:
        if stored.dataset.id not in target.input.dataset_ids:
            target.input.dataset_ids.append(stored.dataset.id)
    shown = [resources_pb2.DatasetInput(input=render(call, t), created_at=call.timestamp()) for t in targets]
    return call.ok(dataset_inputs=shown)


@handles("ListDatasetInputs")
def list_dataset_inputs(call: Call) -> Message:
    """The dataset's inputs, newest first, one page at a time."""
    stored = datasets.existing(call, call.request.dataset_id)
    items = page(call, datasets.members(call, stored.dataset.id))
    shown = [resources_pb2.DatasetInput(input=render(call, s), created_at=s.input.created_at) for s in items]
    return call.ok(dataset_inputs=shown)


@handles("GetDatasetInput")
def get_dataset_input(call: Call) -> Message:
    """One input of the dataset; 11101 when the input is not in it."""
    stored = datasets.existing(call, call.request.dataset_id)
    target = existing_input(call, call.request.input_id)
    if stored.dataset.id not in target.input.dataset_ids:
        raise ApiError(
            "CONN_DOES_NOT_EXIST",
            "dataset-input-not-found",
            dataset_id=stored.dataset.id,
            input_id=target.input.id,
        )
    shown = resources_pb2.DatasetInput(input=render(call, target), created_at=target.input.created_at)
    return call.ok(dataset_input=shown)


@handles("DeleteDatasetInputs")
def delete_dataset_inputs(call: Call) -> Message:
    """Take inputs out of the dataset; they stay in the app."""
    stored = datasets.existing(call, call.request.dataset_id)
    targets = [existing_input(call, input_id) for input_id in call.request.input_ids]
    for target in targets:
        kept = [d for d in target.input.dataset_ids if d != stored.dataset.id]
        del target.input.dataset_ids[:]
        target.input.dataset_ids.extend(kept)
    return call.ok()


@handles("PostDatasetVersions")
def post_dataset_versions(call: Call) -> Message:
    """Snapshot the dataset's inputs as new versions; each becomes ready on the virtual clock."""
    stored = datasets.existing(call, call.request.dataset_id)
    given = list(call.request.dataset_versions)
    if not given:
        raise ApiError("CONN_INVALID_REQUEST", "no-dataset-versions")
    made = []
    for item in given:
        version = datasets.new_version(call, stored, item)
        stored.versions.insert(0, version)
        made.append(version)
    return call.ok(dataset_versions=[datasets.render_version(call, v) for v in made])


@handles("GetDatasetVersion")
def get_dataset_version(call: Call) -> Message:
    """One version with its status and its exports."""
    stored = datasets.existing(call, call.request.dataset_id)
    version = datasets.version_of(stored, call.request.dataset_version_id)
    return call.ok(dataset_version=datasets.render_version(call, version))


@handles("ListDatasetVersions")
def list_dataset_versions(call: Call) -> Message:
    """The dataset's versions, newest first, one page at a time."""
    stored = datasets.existing(call, call.request.dataset_id)
    return call.ok(dataset_versions=[datasets.render_version(call, v) for v in page(call, stored.versions)])


@handles("DeleteDatasetVersions")
def delete_dataset_versions(call: Call) -> Message:
    """Delete versions by id (all exist, or none goes), with their exported files."""
    stored = datasets.existing(call, call.request.dataset_id)
    ids = list(call.request.dataset_version_ids)
    if not ids:
        raise ApiError("CONN_INVALID_REQUEST", "no-dataset-version-ids")
    doomed = [datasets.version_of(stored, version_id) for version_id in ids]
    for version in doomed:
        datasets.drop_exports(call, version)
    gone = {v.version.id for v in doomed}
    stored.versions = [v for v in stored.versions if v.version.id not in gone]
    return call.ok()


@handles("PutDatasetVersionExports")
def put_dataset_version_exports(call: Call) -> Message:
    """Start exporting the version in each format asked; GetDatasetVersion shows their progress."""
    stored = datasets.existing(call, call.request.dataset_id)
    version = datasets.version_of(stored, call.request.dataset_version_id)
    asked = list(call.request.exports)
    if not asked:
        raise ApiError("CONN_INVALID_REQUEST", "no-exports")
    for n, item in enumerate(asked):
        datasets.check_format(item.format, n)
    made = [datasets.export(call, version, item.format) for item in asked]
    return call.ok(exports=[datasets.render_export(call, e) for e in made])
