"""Inputs from cloud storage: add jobs and their extraction jobs (`emulator.extraction`)."""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from ..call import Call
from ..extraction import check_url, extract, render_add_job, render_extraction
from ..paging import page
from ..statuses import ApiError
from ..store import AddJob
from . import handles


@handles("PostInputsDataSources")
def post_inputs_data_sources(call: Call) -> Message:
    """One add job for the request, one extraction job per data source; all URLs checked first."""
    sources = list(call.request.data_sources)
    if not sources:
        raise ApiError("CONN_INVALID_REQUEST", "no-data-sources")
    urls = [check_url(source, n) for n, source in enumerate(sources)]
    add_id = sources[0].inputs_add_job_id or call.ids.hex32("inputs-add-job")
    if add_id in call.app.add_jobs:
        raise ApiError("CONN_INVALID_REQUEST", "add-job-exists", id=add_id)
    record = resources_pb2.InputsAddJob(id=add_id, call_back_url=call.request.call_back_url)
    record.created_at.CopyFrom(call.timestamp())
    record.modified_at.CopyFrom(call.timestamp())
    add_job = AddJob(record)
    for source, url in zip(sources, urls, strict=True):
        job = extract(call, source, url)
        call.app.extraction_jobs[job.record.id] = job
        add_job.extraction_ids.append(job.record.id)
    call.app.add_jobs[add_id] = add_job
    return call.ok(inputs_add_jobs=[render_add_job(call, add_job)])


@handles("GetInputsExtractionJob")
def get_inputs_extraction_job(call: Call) -> Message:
    """One extraction job with its status and progress now."""
    job = call.app.extraction_jobs.get(call.request.inputs_extraction_job_id)
    if job is None:
        raise ApiError(
            "CONN_DOES_NOT_EXIST", "extraction-job-not-found", id=call.request.inputs_extraction_job_id
        )
    return call.ok(inputs_extraction_job=render_extraction(job, call.now))


@handles("ListInputsExtractionJobs")
def list_inputs_extraction_jobs(call: Call) -> Message:
    """The app's extraction jobs, newest first, one page at a time."""
    jobs = list(reversed(call.app.extraction_jobs.values()))
    return call.ok(inputs_extraction_jobs=[render_extraction(job, call.now) for job in page(call, jobs)])


@handles("GetInputsAddJob")
def get_inputs_add_job(call: Call) -> Message:
    """One add job: its extraction jobs and how many of its inputs are ready."""
    add_job = call.app.add_jobs.get(call.request.id)
    if add_job is None:
        raise ApiError("CONN_DOES_NOT_EXIST", "add-job-not-found", id=call.request.id)
    return call.ok(inputs_add_job=render_add_job(call, add_job))


@handles("ListInputsAddJobs")
def list_inputs_add_jobs(call: Call) -> Message:
    """The app's add jobs, newest first, one page at a time."""
    add_jobs = list(reversed(call.app.add_jobs.values()))
    return call.ok(inputs_add_jobs=[render_add_job(call, job) for job in page(call, add_jobs)])
