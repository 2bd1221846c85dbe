"""Fixtures: an emulator, a stub on it, and recipe sessions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2_grpc

from emulator import Emulator
from recipes import Session, connect


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    """A fresh emulator serving today's API."""
    with Emulator() as running:
        yield running


@pytest.fixture
def stub(emulator: Emulator) -> service_pb2_grpc.V2Stub:
    """A plain V2Stub on the emulator's gRPC door, made the way users make one."""
    channel = ClarifaiChannel.get_insecure_grpc_channel(base=emulator.host, port=emulator.grpc_port)
    return service_pb2_grpc.V2Stub(channel)


@pytest.fixture
def pat(emulator: Emulator) -> tuple[tuple[str, str], ...]:
    """Metadata with the seeded user's PAT."""
    return (("authorization", f"Key {emulator.account.pat}"),)


@pytest.fixture
def app_id(emulator: Emulator) -> resources_pb2.UserAppIDSet:
    """The seeded user's app."""
    return resources_pb2.UserAppIDSet(user_id=emulator.account.user_id, app_id=emulator.account.app_id)


@pytest.fixture
def session() -> Iterator[Session]:
    """A recipes session on its own embedded emulator."""
    made = connect("emulator")
    yield made
    made.emulator.stop()
