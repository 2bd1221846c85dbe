"""Datasets, their inputs, versions and exports (served by the data host), both doors."""

import io
import json
import zipfile

import requests
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc
from clarifai_grpc.grpc.api.status import status_code_pb2

from emulator import Emulator
from tests.helpers import image

PROTOBUF, JSON = resources_pb2.CLARIFAI_DATA_PROTOBUF, resources_pb2.CLARIFAI_DATA_JSON


def make_dataset(stub, pat, app_id, dataset_id="ds"):
    request = service_pb2.PostDatasetsRequest(
        user_app_id=app_id, datasets=[resources_pb2.Dataset(id=dataset_id)]
    )
    return stub.PostDatasets(request, metadata=pat)


def add_inputs(stub, pat, app_id, *input_ids, dataset_id="ds"):
    inputs = [image(input_id=i) for i in input_ids]
    for item in inputs:
        item.dataset_ids.append(dataset_id)
    return stub.PostInputs(service_pb2.PostInputsRequest(user_app_id=app_id, inputs=inputs), metadata=pat)


def make_version(stub, pat, app_id, version_id="v1", dataset_id="ds"):
    request = service_pb2.PostDatasetVersionsRequest(
        user_app_id=app_id,
        dataset_id=dataset_id,
        dataset_versions=[resources_pb2.DatasetVersion(id=version_id)],
    )
    return stub.PostDatasetVersions(request, metadata=pat)


def get_version(stub, pat, app_id, version_id="v1", dataset_id="ds"):
    request = service_pb2.GetDatasetVersionRequest(
        user_app_id=app_id, dataset_id=dataset_id, dataset_version_id=version_id
    )
    return stub.GetDatasetVersion(request, metadata=pat)


def put_exports(stub, pat, app_id, *formats, version_id="v1"):
    request = service_pb2.PutDatasetVersionExportsRequest(
        user_app_id=app_id,
        dataset_id="ds",
        dataset_version_id=version_id,
        exports=[resources_pb2.DatasetVersionExport(format=f) for f in formats],
    )
    return stub.PutDatasetVersionExports(request, metadata=pat)


def dataset_input_ids(stub, pat, app_id, dataset_id="ds"):
    request = service_pb2.ListDatasetInputsRequest(user_app_id=app_id, dataset_id=dataset_id)
    return [d.input.id for d in stub.ListDatasetInputs(request, metadata=pat).dataset_inputs]


def exported(stub, pat, app_id, *formats):
    """The version v1 of dataset ds, once its exports in `formats` have succeeded."""
    put_exports(stub, pat, app_id, *formats)
    for _ in range(10):
        version = get_version(stub, pat, app_id).dataset_version
        exports = [getattr(version.export_info, f) for f in ("clarifai_data_protobuf", "clarifai_data_json")]
        if all(e.status.code == status_code_pb2.DATASET_VERSION_EXPORT_SUCCESS for e in exports if e.format):
            return version
    raise AssertionError("exports never succeeded")


def test_a_dataset_is_created_read_listed_and_deleted(stub, pat, app_id):
    made = make_dataset(stub, pat, app_id).datasets[0]
    assert (made.id, made.app_id, made.user_id) == ("ds", app_id.app_id, app_id.user_id)
    got = stub.GetDataset(service_pb2.GetDatasetRequest(user_app_id=app_id, dataset_id="ds"), metadata=pat)
    assert got.dataset.id == "ds"
    make_dataset(stub, pat, app_id, "second")
    listed = stub.ListDatasets(service_pb2.ListDatasetsRequest(user_app_id=app_id), metadata=pat)
    assert [d.id for d in listed.datasets] == ["second", "ds"]
    deleted = stub.DeleteDatasets(
        service_pb2.DeleteDatasetsRequest(user_app_id=app_id, dataset_ids=["ds"]), metadata=pat
    )
    assert deleted.status.code == status_code_pb2.SUCCESS
    gone = stub.GetDataset(service_pb2.GetDatasetRequest(user_app_id=app_id, dataset_id="ds"), metadata=pat)
    assert gone.status.code == status_code_pb2.CONN_DOES_NOT_EXIST


def test_a_taken_dataset_id_is_refused(stub, pat, app_id):
    make_dataset(stub, pat, app_id)
    refused = make_dataset(stub, pat, app_id)
    assert refused.status.code == status_code_pb2.CONN_INVALID_REQUEST
    assert "ds" in refused.status.details


def test_inputs_naming_a_dataset_are_its_inputs_and_can_join_or_leave_it(stub, pat, app_id):
    make_dataset(stub, pat, app_id)
    add_inputs(stub, pat, app_id, "a", "b")
    stub.PostInputs(
        service_pb2.PostInputsRequest(user_app_id=app_id, inputs=[image(input_id="c")]), metadata=pat
    )
    assert sorted(dataset_input_ids(stub, pat, app_id)) == ["a", "b"]
    joined = stub.PostDatasetInputs(
        service_pb2.PostDatasetInputsRequest(
            user_app_id=app_id,
            dataset_id="ds",
            dataset_inputs=[resources_pb2.DatasetInput(input=resources_pb2.Input(id="c"))],
        ),
        metadata=pat,
    )
    assert [d.input.id for d in joined.dataset_inputs] == ["c"]
    stub.DeleteDatasetInputs(
        service_pb2.DeleteDatasetInputsRequest(user_app_id=app_id, dataset_id="ds", input_ids=["a"]),
        metadata=pat,
    )
    assert sorted(dataset_input_ids(stub, pat, app_id)) == ["b", "c"]


def test_deleting_a_dataset_keeps_its_inputs(stub, pat, app_id):
    make_dataset(stub, pat, app_id)
    add_inputs(stub, pat, app_id, "a")
    stub.DeleteDatasets(
        service_pb2.DeleteDatasetsRequest(user_app_id=app_id, dataset_ids=["ds"]), metadata=pat
    )
    kept = stub.GetInput(service_pb2.GetInputRequest(user_app_id=app_id, input_id="a"), metadata=pat)
    assert (kept.status.code, list(kept.input.dataset_ids)) == (status_code_pb2.SUCCESS, [])


def test_a_version_is_pending_then_in_progress_then_ready(stub, pat, app_id):
    make_dataset(stub, pat, app_id)
    made = make_version(stub, pat, app_id).dataset_versions[0]
    assert (made.id, made.dataset_id, made.status.code) == (
        "v1",
        "ds",
        status_code_pb2.DATASET_VERSION_PENDING,
    )
    assert (
        get_version(stub, pat, app_id).dataset_version.status.code
        == status_code_pb2.DATASET_VERSION_IN_PROGRESS
    )
    ready = get_version(stub, pat, app_id).dataset_version.status
    assert (ready.code, ready.description) == (
        status_code_pb2.DATASET_VERSION_READY,
        "Dataset version is ready",
    )


def test_versions_are_listed_newest_first_and_a_taken_id_conflicts(stub, pat, app_id):
    make_dataset(stub, pat, app_id)
    make_version(stub, pat, app_id, "v1")
    make_version(stub, pat, app_id, "v2")
    assert make_version(stub, pat, app_id, "v1").status.code == status_code_pb2.DATASET_VERSION_CONFLICT
    request = service_pb2.ListDatasetVersionsRequest(user_app_id=app_id, dataset_id="ds")
    assert [v.id for v in stub.ListDatasetVersions(request, metadata=pat).dataset_versions] == ["v2", "v1"]


def test_an_export_holds_the_versions_inputs_in_both_formats(emulator, stub, pat, app_id):
    make_dataset(stub, pat, app_id)
    add_inputs(stub, pat, app_id, "a", "b")
    make_version(stub, pat, app_id)
    add_inputs(stub, pat, app_id, "later")  # not in the snapshot
    version = exported(stub, pat, app_id, PROTOBUF, JSON)
    key = {"Authorization": "Key " + emulator.account.api_key}
    for export, mimetype in (
        (version.export_info.clarifai_data_protobuf, b"application/x.clarifai-data+protobuf"),
        (version.export_info.clarifai_data_json, b"application/x.clarifai-data+json"),
    ):
        reply = requests.get(export.url, headers=key)
        assert (reply.status_code, len(reply.content)) == (200, export.size)
        with zipfile.ZipFile(io.BytesIO(reply.content)) as archive:
            assert archive.read("mimetype") == mimetype
            (batch,) = [n for n in archive.namelist() if n != "mimetype"]
            content = archive.read(batch)
        if export.format == PROTOBUF:
            ids = [i.id for i in resources_pb2.InputBatch.FromString(content).inputs]
        else:
            ids = [i["id"] for i in json.loads(content)["inputs"]]
        assert sorted(ids) == ["a", "b"]


def test_an_export_is_pending_until_it_succeeds(stub, pat, app_id):
    make_dataset(stub, pat, app_id)
    make_version(stub, pat, app_id)
    started = put_exports(stub, pat, app_id, PROTOBUF).exports[0]
    assert (started.status.code, started.url) == (status_code_pb2.DATASET_VERSION_EXPORT_PENDING, "")


def test_an_export_is_read_only_with_the_owners_credentials(emulator, stub, pat, app_id):
    make_dataset(stub, pat, app_id)
    make_version(stub, pat, app_id)
    url = exported(stub, pat, app_id, PROTOBUF).export_info.clarifai_data_protobuf.url
    assert requests.get(url).status_code == 404
    assert requests.get(url, headers={"Authorization": "Key " + "0" * 32}).status_code == 401
    assert requests.get(url, headers={"Authorization": "Key " + emulator.account.pat}).status_code == 200


def test_deleting_a_version_deletes_its_exported_files(emulator, stub, pat, app_id):
    make_dataset(stub, pat, app_id)
    make_version(stub, pat, app_id)
    url = exported(stub, pat, app_id, PROTOBUF).export_info.clarifai_data_protobuf.url
    request = service_pb2.DeleteDatasetVersionsRequest(
        user_app_id=app_id, dataset_id="ds", dataset_version_ids=["v1"]
    )
    assert stub.DeleteDatasetVersions(request, metadata=pat).status.code == status_code_pb2.SUCCESS
    assert get_version(stub, pat, app_id).status.code == status_code_pb2.CONN_DOES_NOT_EXIST
    assert requests.get(url, headers={"Authorization": "Key " + emulator.account.pat}).status_code == 404


def test_coco_exports_are_refused_naming_the_field(stub, pat, app_id):
    make_dataset(stub, pat, app_id)
    make_version(stub, pat, app_id)
    refused = put_exports(stub, pat, app_id, PROTOBUF, resources_pb2.COCO)
    assert refused.status.code == status_code_pb2.CONN_INVALID_REQUEST
    assert "exports[1].format" in refused.status.details


def test_an_unknown_dataset_or_version_is_conn_does_not_exist(stub, pat, app_id):
    assert (
        make_version(stub, pat, app_id, dataset_id="nope").status.code == status_code_pb2.CONN_DOES_NOT_EXIST
    )
    make_dataset(stub, pat, app_id)
    assert get_version(stub, pat, app_id, "nope").status.code == status_code_pb2.CONN_DOES_NOT_EXIST


def test_the_rest_door_makes_a_dataset_version_and_exports_it(emulator):
    key = {"Authorization": "Key " + emulator.account.api_key}
    base = emulator.rest_url + "/v2/datasets"
    assert (
        requests.post(base, json={"datasets": [{"id": "ds"}]}, headers=key).json()["status"]["code"] == 10000
    )
    versions = requests.post(
        base + "/ds/versions", json={"dataset_versions": [{"id": "v1"}]}, headers=key
    ).json()
    assert versions["dataset_versions"][0]["status"]["code"] == status_code_pb2.DATASET_VERSION_PENDING
    body = {"exports": [{"format": PROTOBUF}]}
    assert (
        requests.put(base + "/ds/versions/v1/exports", json=body, headers=key).json()["status"]["code"]
        == 10000
    )
    for _ in range(5):
        export = requests.get(base + "/ds/versions/v1", headers=key).json()["dataset_version"]["export_info"]
    shown = export["clarifai_data_protobuf"]
    assert shown["status"]["code"] == status_code_pb2.DATASET_VERSION_EXPORT_SUCCESS
    assert requests.get(shown["url"], headers=key).content[:2] == b"PK"


def test_an_export_survives_a_restart_on_another_port(tmp_path):
    db = tmp_path / "state.db"
    with Emulator(db=db) as first:
        stub, pat, app_id = _connect(first)
        make_dataset(stub, pat, app_id)
        add_inputs(stub, pat, app_id, "a")
        make_version(stub, pat, app_id)
        before = exported(stub, pat, app_id, PROTOBUF).export_info.clarifai_data_protobuf
    with Emulator(db=db) as again:
        assert again.diverged == 0
        stub, pat, app_id = _connect(again)
        after = get_version(stub, pat, app_id).dataset_version.export_info.clarifai_data_protobuf
        assert after.url.startswith(again.rest_url)
        assert after.url.removeprefix(again.rest_url) == before.url.removeprefix(first.rest_url)
        reply = requests.get(after.url, headers={"Authorization": "Key " + again.account.pat})
        assert (reply.status_code, len(reply.content)) == (200, before.size)


def _connect(emulator):
    channel = ClarifaiChannel.get_insecure_grpc_channel(base=emulator.host, port=emulator.grpc_port)
    scope = resources_pb2.UserAppIDSet(user_id=emulator.account.user_id, app_id=emulator.account.app_id)
    return service_pb2_grpc.V2Stub(channel), (("authorization", f"Key {emulator.account.pat}"),), scope


def test_one_input_is_read_only_inside_its_dataset(stub, pat, app_id):
    make_dataset(stub, pat, app_id)
    add_inputs(stub, pat, app_id, "a")
    stub.PostInputs(
        service_pb2.PostInputsRequest(user_app_id=app_id, inputs=[image(input_id="c")]), metadata=pat
    )

    def get(input_id):
        request = service_pb2.GetDatasetInputRequest(user_app_id=app_id, dataset_id="ds", input_id=input_id)
        return stub.GetDatasetInput(request, metadata=pat)

    assert get("a").dataset_input.input.id == "a"
    outside = get("c").status
    assert (outside.code, "'c'" in outside.details) == (status_code_pb2.CONN_DOES_NOT_EXIST, True)
