"""Statuses in the API's own form, with texts from the provenance table.

Every description and details text the emulator can send is a row of `provenance.csv`,
marked documented or inferred, so nothing invented goes out unlabelled.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from importlib import resources

from clarifai_grpc.grpc.api import resources_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2, status_pb2
from google.protobuf.message import Message

PROVENANCE = resources.files(__package__) / "provenance.csv"


@functools.cache
def provenance() -> dict[tuple[str, str], dict[str, str]]:
    """The provenance table, keyed by (kind, key)."""
    with PROVENANCE.open(encoding="utf-8") as handle:
        return {(row["kind"], row["key"]): row for row in csv.DictReader(handle)}


def description(name: str) -> str:
    """The description text of the status code called `name`."""
    return provenance()[("description", name)]["text"]


ERA_KEY = re.compile(r"(\w+) until (\d{4}-\d{2}-\d{2})")  # a description row of an earlier era


@functools.cache
def eras() -> dict[str, tuple[tuple[dt.date, str], ...]]:
    """Earlier texts of a code's description: rows keyed `NAME until YYYY-MM-DD` (last day)."""
    found: dict[str, list[tuple[dt.date, str]]] = {}
    for (kind, key), row in provenance().items():
        match = ERA_KEY.fullmatch(key) if kind == "description" else None
        if match:
            found.setdefault(match[1], []).append((dt.date.fromisoformat(match[2]), row["text"]))
    return {name: tuple(sorted(texts)) for name, texts in found.items()}


def description_on(name: str, day: dt.date) -> str:
    """The description of `name` as the API worded it on `day`: the era row whose last day is
    the first not before `day`, else today's text."""
    for last_day, text in eras().get(name, ()):
        if day <= last_day:
            return text
    return description(name)


@functools.cache
def _can_hold_version(descriptor) -> bool:
    """Whether a message of this type can hold a ModelVersion (whose status has an era text)."""
    pending, seen = [descriptor], set()
    while pending:
        current = pending.pop()
        if current.full_name == resources_pb2.ModelVersion.DESCRIPTOR.full_name:
            return True
        if current.full_name not in seen:
            seen.add(current.full_name)
            pending += [field.message_type for field in current.fields if field.message_type is not None]
    return False


def word_as_of(response: Message, day: dt.date) -> Message:
    """`response` with each model version's status worded as on `day` (see `eras`)."""
    if not eras() or not _can_hold_version(response.DESCRIPTOR):
        return response
    if isinstance(response, resources_pb2.ModelVersion) and response.HasField("status"):
        name = status_code_pb2.StatusCode.Name(response.status.code) if response.status.code else ""
        if name in eras() and response.status.description == description(name):
            response.status.description = description_on(name, day)
    for field, value in response.ListFields():
        if field.message_type is None or not _can_hold_version(field.message_type):
            continue
        if field.label == field.LABEL_REPEATED:
            if field.message_type.GetOptions().map_entry:
                continue
            for item in value:
                word_as_of(item, day)
        else:
            word_as_of(value, day)
    return response


def details(key: str, **values: object) -> str:
    """The details text `key` of the provenance table, with its placeholders filled."""
    return provenance()[("details", key)]["text"].format(**values)


def status(name: str, details_key: str = "", req_id: str = "", **values: object) -> status_pb2.Status:
    """A Status with the code `name`, its description and optionally a details text."""
    return status_pb2.Status(
        code=status_code_pb2.StatusCode.Value(name),
        description=description(name),
        details=details(details_key, **values) if details_key else "",
        req_id=req_id,
    )


class ApiError(Exception):
    """A request the API refuses: carries the status the response will have."""

    def __init__(self, name: str, details_key: str = "", **values: object) -> None:
        self.status = status(name, details_key, **values)
        super().__init__(f"{name}: {self.status.details or self.status.description}")
