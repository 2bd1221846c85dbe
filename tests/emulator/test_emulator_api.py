"""The public `Emulator` API the tools use: account ids, environment(), journal, account."""

import dataclasses
import shlex

import pytest
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc

from emulator import Emulator
from emulator.api import JournalEntry

CREDENTIALS = {"CLARIFAI_PAT", "CLARIFAI_API_KEY", "CLARIFAI_USER_ID", "CLARIFAI_APP_ID"}


@pytest.fixture(scope="module")
def emulator():
    with Emulator(user_id="ada", app_id="engines") as running:
        yield running


def _input_count(emulator: Emulator, token: str) -> int:
    host, port = emulator.grpc_address.rsplit(":", 1)
    stub = service_pb2_grpc.V2Stub(ClarifaiChannel.get_insecure_grpc_channel(base=host, port=int(port)))
    scope = resources_pb2.UserAppIDSet(user_id=emulator.account.user_id, app_id=emulator.account.app_id)
    request = service_pb2.GetInputCountRequest(user_app_id=scope)
    return stub.GetInputCount(request, metadata=(("authorization", "Key " + token),)).status.code


def test_the_account_is_seeded_under_the_ids_given(emulator):
    assert (emulator.account.user_id, emulator.account.app_id) == ("ada", "engines")
    assert emulator.store.app("ada", "engines") is not None
    assert _input_count(emulator, emulator.account.pat) == 10000
    assert _input_count(emulator, emulator.account.api_key) == 10000


def test_the_account_is_read_only(emulator):
    with pytest.raises(AttributeError):
        emulator.account = dataclasses.replace(emulator.account, user_id="someone-else")


def test_the_environment_names_every_door_and_the_credentials(emulator):
    env = emulator.environment()
    assert env == {
        "CLARIFAI_GRPC_BASE": emulator.tls_address,
        "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH": str(emulator.certificate.path),
        "CLARIFAI_API_BASE": emulator.rest_url,
        "CLARIFAI_EMULATOR_GRPC": emulator.grpc_address,
        "CLARIFAI_PAT": emulator.account.pat,
        "CLARIFAI_API_KEY": emulator.account.api_key,
        "CLARIFAI_USER_ID": "ada",
        "CLARIFAI_APP_ID": "engines",
    }
    assert not CREDENTIALS & set(emulator.environment(credentials=False))


def test_exports_are_the_environment_quoted_for_a_shell(emulator):
    lines = emulator.exports()
    parsed = dict(shlex.split(line)[1].split("=", 1) for line in lines)
    assert parsed == emulator.environment()


def test_without_tls_there_is_no_tls_variable():
    with Emulator(tls=False) as plain:
        env = plain.environment()
    assert "CLARIFAI_GRPC_BASE" not in env and "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH" not in env


def test_a_workshop_exports_no_credential():
    room = Emulator(seed_text="workshop:" + "0" * 32, workshop=2, tls=False)  # never started
    assert not CREDENTIALS & {line.split()[1].split("=")[0] for line in room.exports()}


def test_the_journal_is_a_snapshot_of_the_requests_served(emulator):
    before = emulator.journal
    _input_count(emulator, emulator.account.pat)
    after = emulator.journal
    assert isinstance(after, tuple) and len(after) == len(before) + 1
    assert isinstance(after[-1], JournalEntry) and (after[-1].rpc, after[-1].code) == ("GetInputCount", 10000)
    with pytest.raises(AttributeError):
        emulator.journal = ()
