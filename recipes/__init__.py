"""Copy-paste migrations for Clarifai API changes (the tools around them are in `cookbook`).

Each function names the change it migrates (CLnnn); all take a `Session` from `connect`.
"""

from .connect import ConnectError, Session, connect
from .errors import ClarifaiStatusError, check, describe
from .inputs import (
    add_inputs,
    delete_all_inputs,
    delete_and_wait,
    delete_inputs,
    wait_for_deleted,
    wait_for_inputs,
)

__all__ = [
    "ClarifaiStatusError",
    "ConnectError",
    "Session",
    "add_inputs",
    "check",
    "connect",
    "delete_all_inputs",
    "delete_and_wait",
    "delete_inputs",
    "describe",
    "wait_for_deleted",
    "wait_for_inputs",
]
