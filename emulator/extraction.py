"""Inputs from cloud storage (PostInputsDataSources): a URL's files, archives extracted, become
inputs of the app, on the virtual clock.

As documented (Clarifai/docs api-guide/data/cloud-storage.md): image files become image inputs,
video files video inputs, and so on; archives are extracted and their files processed alike,
but not archives inside archives; the URL is a prefix of the objects it names. Offline, only the
sample host can be listed and read (`emulator.downloads`); any other bucket fails the job.
"""

from __future__ import annotations

import io
import zipfile
from urllib.parse import urlsplit

from clarifai_grpc.grpc.api import resources_pb2

from . import concepts, downloads, images
from .call import Call
from .statuses import ApiError, details, status
from .store import JOB_TICKS, AddJob, ExtractionJob, Job, StoredInput

SCHEMES = ("s3", "gs")  # the cloud storage URLs documented (provenance: data-source-schemes)
KINDS = {  # file extension -> input kind (provenance: data-source-kinds)
    **dict.fromkeys((".jpg", ".jpeg", ".png", ".gif", ".webp", ".tiff", ".bmp"), "image"),
    **dict.fromkeys((".mp4", ".mov", ".avi", ".webm", ".mkv"), "video"),
    **dict.fromkeys((".wav", ".mp3", ".flac"), "audio"),
    ".txt": "text",
}
JOB_STATUS = {
    "queued": "JOB_QUEUED",
    "running": "JOB_RUNNING",
    "done": "JOB_COMPLETED",
    "failed": "JOB_FAILED",
}


class ExtractionFailed(Exception):
    """A data source that cannot be read; the job fails with this details text."""


def check_url(source: resources_pb2.InputsDataSource, index: int) -> str:
    """The data source's URL; 11102 naming the field when it is not a cloud storage URL."""
    url = source.url.url
    if urlsplit(url).scheme not in SCHEMES or not urlsplit(url).netloc:
        field = f"data_sources[{index}].url.url"
        raise ApiError("CONN_INVALID_REQUEST", "bad-data-source", field=field, url=url[:200])
    return url


def _is_archive(url: str) -> bool:
    return url.lower().endswith(downloads.ARCHIVE_SUFFIXES)


def _files(objects: list[str]) -> list[tuple[str, bytes]]:
    """(name, content) of every file of the objects, archives extracted one level deep."""
    files: list[tuple[str, bytes]] = []
    for object_url in objects:
        fetched = downloads.fetch(object_url)
        if fetched.failure:
            raise ExtractionFailed(fetched.failure)
        if _is_archive(object_url):
            files.extend(_members(object_url, fetched.content))
        else:
            files.append((object_url.rsplit("/", 1)[-1], fetched.content))
    return files


def _members(url: str, content: bytes) -> list[tuple[str, bytes]]:
    """The files of a zip archive, without folders and without the archives inside it."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/")]
            return [(n, archive.read(n)) for n in names if not _is_archive(n)]
    except zipfile.BadZipFile:
        raise ExtractionFailed(details("bad-archive", url=url[:200])) from None


def _kind(name: str) -> str | None:
    dot = name.rfind(".")
    return KINDS.get(name[dot:].lower()) if dot >= 0 else None


def _new_input(
    call: Call, template: resources_pb2.Input, kind: str, content: bytes, ready: int
) -> StoredInput:
    """An input of `kind` from the template, holding the file's bytes (shown hosted, as every
    input's media: `emulator.hosted`), ready at tick `ready`; failed if an image cannot be read."""
    made = resources_pb2.Input()
    made.CopyFrom(template)
    made.id = call.ids.hex32("input")
    failure = ""
    if kind == "text":
        made.data.text.raw = content.decode("utf-8", errors="replace")
    else:
        getattr(made.data, kind).base64 = content
    if kind == "image":
        try:
            made.data.image.image_info.CopyFrom(images.image_info(content))
        except images.ImageError:
            failure = details("bad-extracted-image", input_id=made.id)
    made.created_at.CopyFrom(call.timestamp())
    made.modified_at.CopyFrom(call.timestamp())
    return StoredInput(made, created_tick=call.now, ready_tick=ready, failure=failure)


def extract(call: Call, source: resources_pb2.InputsDataSource, url: str) -> ExtractionJob:
    """Start extracting one data source; its inputs are added now and ready when the job is."""
    record = resources_pb2.InputsExtractionJob(
        id=call.ids.hex32("extraction-job"),
        url=url,
        input_id_conflict_resolution=source.input_id_conflict_resolution,
        input_template=source.input_template,
    )
    record.created_at.CopyFrom(call.timestamp())
    job = ExtractionJob(
        record, Job(call.now, call.now + JOB_TICKS), resources_pb2.InputsExtractionJobProgress()
    )
    objects = downloads.list_objects(url)
    if objects is None:
        job.job.failure = details("data-source-unreachable", url=url[:200])
        return job
    job.archives = sum(1 for object_url in objects if _is_archive(object_url))
    try:
        files = _files(objects)
    except ExtractionFailed as error:
        job.job.failure = str(error)
        return job
    for name, content in files:
        kind = _kind(name)
        if kind is None:
            continue
        stored = _new_input(call, source.input_template, kind, content, job.job.done_tick)
        call.app.inputs.add(stored)
        concepts.register(call.app, stored.input.data.concepts, stored.input.created_at)
        job.input_ids.append(stored.input.id)
        field = f"{kind}_inputs_count"
        setattr(job.progress, field, getattr(job.progress, field) + 1)
    return job


def render_extraction(job: ExtractionJob, now: int) -> resources_pb2.InputsExtractionJob:
    """The extraction job as responses show it at tick `now`: counts once it is done."""
    shown = resources_pb2.InputsExtractionJob()
    shown.CopyFrom(job.record)
    stage = job.job.stage(now)
    shown.status.CopyFrom(status(JOB_STATUS[stage]))
    shown.status.details = job.job.failure
    archives = shown.progress
    if stage == "done":
        archives.CopyFrom(job.progress)
        archives.completed_archives_count = job.archives
    elif stage == "failed":
        archives.failed_archives_count = job.archives
    elif stage == "running":
        archives.in_progress_archives_count = job.archives
    else:
        archives.pending_archives_count = job.archives
    return shown


def render_add_job(call: Call, add_job: AddJob) -> resources_pb2.InputsAddJob:
    """The add job with its extraction jobs and its inputs' progress, at the call's tick."""
    shown = resources_pb2.InputsAddJob()
    shown.CopyFrom(add_job.record)
    jobs = [call.app.extraction_jobs[i] for i in add_job.extraction_ids]
    shown.extraction_jobs.extend(render_extraction(job, call.now) for job in jobs)
    names = [
        stored.status_name(call.now)
        for job in jobs
        for stored in (call.app.inputs.get(i, call.now) for i in job.input_ids)
        if stored is not None
    ]
    shown.progress.pending_count = names.count("INPUT_PENDING")
    shown.progress.in_progress_count = names.count("INPUT_IN_PROGRESS")
    shown.progress.success_count = names.count("INPUT_SUCCESS")
    shown.progress.failed_count = names.count("INPUT_FAILED")
    stages = {job.job.stage(call.now) for job in jobs}
    overall = next((s for s in ("failed", "queued", "running") if s in stages), "done")
    shown.status.CopyFrom(status(JOB_STATUS[overall]))
    return shown
