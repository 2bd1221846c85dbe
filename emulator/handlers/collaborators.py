"""Collaborators of an app: the users it is shared with, and its owner."""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from ..call import Call
from ..paging import page
from . import handles


@handles("ListCollaborators")
def list_collaborators(call: Call) -> Message:
    """The app's collaborators, one page at a time (none until the app is shared), and its owner.

    Sharing (PostCollaborators) is not emulated: the emulator's apps are reachable by their
    owner's credentials only, so every app answers an empty list."""
    shared: list[resources_pb2.Collaborator] = []
    return call.ok(collaborators=page(call, shared), app_owner=resources_pb2.User(id=call.app.user_id))
