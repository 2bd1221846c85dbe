"""Failures in the API's own words: `NAME (number): description`."""

from __future__ import annotations

from clarifai_grpc.grpc.api.status import status_code_pb2, status_pb2
from google.protobuf.message import Message

SUCCESS = status_code_pb2.SUCCESS


def code_name(code: int) -> str:
    """Today's name of a status code number, or `UNKNOWN_<n>` when this client has none."""
    try:
        return status_code_pb2.StatusCode.Name(code)
    except ValueError:
        return f"UNKNOWN_{code}"


def describe(status: status_pb2.Status | dict) -> str:
    """`NAME (number): description` of a status, from gRPC or from a REST JSON body."""
    if isinstance(status, dict):
        code, text = int(status.get("code", 0)), status.get("description", "")
    else:
        code, text = status.code, status.description
    return f"{code_name(code)} ({code}): {text}"


class ClarifaiStatusError(Exception):
    """An API call answered a status other than the one expected.

    Carries the status code's name and number, its description and details, and the RPC.
    """

    def __init__(self, rpc: str, status: status_pb2.Status) -> None:
        self.rpc = rpc
        self.code = status.code
        self.name = code_name(status.code)
        self.description = status.description
        self.details = status.details
        text = f"{rpc}: {describe(status)}"
        super().__init__(f"{text} ({self.details})" if self.details else text)


def check(rpc: str, response: Message, expected: int = SUCCESS) -> Message:
    """Return `response` if its status code is `expected`; raise ClarifaiStatusError if not."""
    if response.status.code != expected:
        raise ClarifaiStatusError(rpc, response.status)
    return response
