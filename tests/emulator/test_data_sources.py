"""Inputs from cloud storage: PostInputsDataSources, extraction jobs and add jobs, both doors."""

import io
import zipfile

import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2

from emulator import downloads

ARCHIVE = "s3://samples.clarifai.com/Archive.zip"
FOLDER = "s3://samples.clarifai.com/storage/"


def post(stub, pat, app_id, *urls, template=None):
    sources = [
        resources_pb2.InputsDataSource(url=resources_pb2.DataSourceURL(url=url), input_template=template)
        for url in urls
    ]
    request = service_pb2.PostInputsDataSourcesRequest(user_app_id=app_id, data_sources=sources)
    return stub.PostInputsDataSources(request, metadata=pat)


def job(stub, pat, app_id, job_id):
    request = service_pb2.GetInputsExtractionJobRequest(user_app_id=app_id, inputs_extraction_job_id=job_id)
    return stub.GetInputsExtractionJob(request, metadata=pat)


def listed_inputs(stub, pat, app_id):
    return stub.ListInputs(service_pb2.ListInputsRequest(user_app_id=app_id), metadata=pat).inputs


def test_an_archive_job_is_queued_then_running_then_completed_with_its_counts(stub, pat, app_id):
    response = post(stub, pat, app_id, ARCHIVE)
    assert response.status.code == status_code_pb2.SUCCESS
    extraction = response.inputs_add_jobs[0].extraction_jobs[0]
    assert (extraction.url, extraction.status.code) == (ARCHIVE, status_code_pb2.JOB_QUEUED)
    assert extraction.progress.pending_archives_count == 1
    running = job(stub, pat, app_id, extraction.id).inputs_extraction_job
    assert running.status.code == status_code_pb2.JOB_RUNNING
    assert running.progress.in_progress_archives_count == 1
    done = job(stub, pat, app_id, extraction.id).inputs_extraction_job
    assert (done.status.code, done.status.description) == (status_code_pb2.JOB_COMPLETED, "Job completed")
    progress = done.progress
    assert (progress.image_inputs_count, progress.video_inputs_count) == (3, 1)
    assert (progress.completed_archives_count, progress.pending_archives_count) == (1, 0)


def test_the_extracted_inputs_join_the_app_and_are_ready_with_the_job(stub, pat, app_id):
    extraction = post(stub, pat, app_id, ARCHIVE).inputs_add_jobs[0].extraction_jobs[0]
    extracting = listed_inputs(stub, pat, app_id)
    assert len(extracting) == 4
    assert {i.status.code for i in extracting} == {status_code_pb2.INPUT_DOWNLOAD_IN_PROGRESS}
    assert (
        job(stub, pat, app_id, extraction.id).inputs_extraction_job.status.code
        == status_code_pb2.JOB_COMPLETED
    )
    ready = listed_inputs(stub, pat, app_id)
    assert {i.status.code for i in ready} == {status_code_pb2.INPUT_DOWNLOAD_SUCCESS}
    pictures = [i for i in ready if i.data.image.hosted.suffix]
    assert len(pictures) == 3
    assert all(i.data.image.image_info.width > 0 and not i.data.image.base64 for i in pictures)
    assert sum(1 for i in ready if i.data.video.hosted.suffix) == 1


def test_a_folder_prefix_lists_its_files_and_has_no_archive(stub, pat, app_id):
    extraction = post(stub, pat, app_id, FOLDER).inputs_add_jobs[0].extraction_jobs[0]
    job(stub, pat, app_id, extraction.id)
    done = job(stub, pat, app_id, extraction.id).inputs_extraction_job
    assert done.status.code == status_code_pb2.JOB_COMPLETED
    assert (done.progress.image_inputs_count, done.progress.video_inputs_count) == (3, 1)
    assert done.progress.completed_archives_count == 0


def test_the_input_template_is_given_to_every_extracted_input(stub, pat, app_id):
    template = resources_pb2.Input(
        data=resources_pb2.Data(concepts=[resources_pb2.Concept(id="cat", value=1)]), dataset_ids=["d1"]
    )
    post(stub, pat, app_id, FOLDER, template=template)
    made = listed_inputs(stub, pat, app_id)
    assert all([c.id for c in i.data.concepts] == ["cat"] and list(i.dataset_ids) == ["d1"] for i in made)


def test_one_add_job_holds_one_extraction_job_per_data_source(stub, pat, app_id):
    add_job = post(stub, pat, app_id, ARCHIVE, FOLDER).inputs_add_jobs[0]
    assert [e.url for e in add_job.extraction_jobs] == [ARCHIVE, FOLDER]
    assert add_job.progress.pending_count == 8
    request = service_pb2.GetInputsAddJobRequest(user_app_id=app_id, id=add_job.id)
    stub.GetInputsAddJob(request, metadata=pat)
    later = stub.GetInputsAddJob(request, metadata=pat).inputs_add_job
    assert (later.progress.success_count, later.status.code) == (8, status_code_pb2.JOB_COMPLETED)


def test_extraction_jobs_are_listed_newest_first_by_page(stub, pat, app_id):
    first = post(stub, pat, app_id, ARCHIVE).inputs_add_jobs[0].extraction_jobs[0].id
    second = post(stub, pat, app_id, FOLDER).inputs_add_jobs[0].extraction_jobs[0].id
    request = service_pb2.ListInputsExtractionJobsRequest(user_app_id=app_id, per_page=1, page=2)
    assert [j.id for j in stub.ListInputsExtractionJobs(request, metadata=pat).inputs_extraction_jobs] == [
        first
    ]
    request = service_pb2.ListInputsExtractionJobsRequest(user_app_id=app_id)
    assert [j.id for j in stub.ListInputsExtractionJobs(request, metadata=pat).inputs_extraction_jobs] == [
        second,
        first,
    ]


def test_a_url_that_is_no_cloud_storage_url_is_refused_naming_the_field(stub, pat, app_id):
    response = post(stub, pat, app_id, ARCHIVE, "https://samples.clarifai.com/Archive.zip")
    assert response.status.code == status_code_pb2.CONN_INVALID_REQUEST
    assert "data_sources[1].url.url" in response.status.details
    assert listed_inputs(stub, pat, app_id) == []


def test_a_bucket_the_emulator_cannot_read_fails_the_job(stub, pat, app_id):
    extraction = (
        post(stub, pat, app_id, "s3://some-private-bucket/photos/").inputs_add_jobs[0].extraction_jobs[0]
    )
    job(stub, pat, app_id, extraction.id)
    failed = job(stub, pat, app_id, extraction.id).inputs_extraction_job
    assert failed.status.code == status_code_pb2.JOB_FAILED
    assert "s3://some-private-bucket/photos/" in failed.status.details
    assert listed_inputs(stub, pat, app_id) == []


def test_an_unknown_extraction_job_is_conn_does_not_exist(stub, pat, app_id):
    assert job(stub, pat, app_id, "nope").status.code == status_code_pb2.CONN_DOES_NOT_EXIST


def test_the_rest_door_posts_data_sources_and_polls_their_job(emulator):
    key = {"Authorization": "Key " + emulator.account.api_key}
    body = {"data_sources": [{"url": {"url": ARCHIVE}}]}
    answer = requests.post(emulator.rest_url + "/v2/inputs/data_sources", json=body, headers=key).json()
    assert answer["status"]["code"] == 10000
    job_id = answer["inputs_add_jobs"][0]["extraction_jobs"][0]["id"]
    url = emulator.rest_url + f"/v2/inputs/jobs/extraction/{job_id}"
    requests.get(url, headers=key)
    done = requests.get(url, headers=key).json()["inputs_extraction_job"]
    assert done["status"]["code"] == status_code_pb2.JOB_COMPLETED
    assert (done["progress"]["image_inputs_count"], done["progress"]["video_inputs_count"]) == ("3", "1")


def test_the_sample_archive_is_synthetic_and_the_same_every_time():
    content = downloads.fetch(ARCHIVE).content
    assert content == downloads.synthetic_archive(ARCHIVE)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.namelist() == list(downloads.SAMPLE_FOLDER)
    assert downloads.list_objects(FOLDER) == [FOLDER + name for name in downloads.SAMPLE_FOLDER]
    assert downloads.list_objects(ARCHIVE) == [ARCHIVE]
    assert downloads.list_objects("s3://another-bucket/x/") is None


def test_the_extracted_bytes_are_served_by_the_data_host(emulator, stub, pat, app_id):
    post(stub, pat, app_id, ARCHIVE)
    picture = next(i for i in listed_inputs(stub, pat, app_id) if i.data.image.url)
    reply = requests.get(picture.data.image.url, headers={"Authorization": "Key " + emulator.account.pat})
    assert reply.status_code == 200
    assert reply.headers["Content-Type"] == "image/jpeg"


def _zip(**files):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name.replace("_", "."), content)
    return out.getvalue()


def test_an_unreadable_image_fails_its_input_and_other_kinds_are_kept(monkeypatch, stub, pat, app_id):
    content = _zip(broken_jpg=b"not an image", notes_txt=b"hello", inner_zip=b"skipped", data_csv=b"a,b")
    monkeypatch.setattr(downloads, "fetch", lambda url: downloads.Download(content))
    extraction = (
        post(stub, pat, app_id, "s3://samples.clarifai.com/mixed.zip").inputs_add_jobs[0].extraction_jobs[0]
    )
    job(stub, pat, app_id, extraction.id)
    done = job(stub, pat, app_id, extraction.id).inputs_extraction_job
    assert (done.progress.image_inputs_count, done.progress.text_inputs_count) == (1, 1)
    made = {i.data.text.raw or "image": i.status for i in listed_inputs(stub, pat, app_id)}
    assert made["hello"].code == status_code_pb2.INPUT_DOWNLOAD_SUCCESS
    assert made["image"].code == status_code_pb2.INPUT_DOWNLOAD_FAILED
    assert "not an image" in made["image"].details


def test_an_archive_that_is_no_zip_fails_the_job(monkeypatch, stub, pat, app_id):
    monkeypatch.setattr(downloads, "fetch", lambda url: downloads.Download(b"not a zip"))
    extraction = (
        post(stub, pat, app_id, "s3://samples.clarifai.com/bad.zip").inputs_add_jobs[0].extraction_jobs[0]
    )
    job(stub, pat, app_id, extraction.id)
    failed = job(stub, pat, app_id, extraction.id).inputs_extraction_job
    assert (failed.status.code, failed.progress.failed_archives_count) == (status_code_pb2.JOB_FAILED, 1)
    assert "not a zip archive" in failed.status.details
