"""Statuses in the API's own form, with texts from the provenance table.

Every description and details text the emulator can send is a row of `provenance.csv`,
marked documented or inferred, so nothing invented goes out unlabelled.
"""

from __future__ import annotations

import csv
import functools
from importlib import resources

from clarifai_grpc.grpc.api.status import status_code_pb2, status_pb2

PROVENANCE = resources.files(__package__) / "provenance.csv"


@functools.cache
def provenance() -> dict[tuple[str, str], dict[str, str]]:
    """The provenance table, keyed by (kind, key)."""
    with PROVENANCE.open(encoding="utf-8") as handle:
        return {(row["kind"], row["key"]): row for row in csv.DictReader(handle)}


def description(name: str) -> str:
    """The description text of the status code called `name`."""
    return provenance()[("description", name)]["text"]


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
