"""Auth as the real API does it: codes and texts for wrong, missing and misused credentials."""

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from emulator.accounts import seed
from emulator.store import Credential


def count(stub, metadata, user_app_id=None):
    return stub.GetInputCount(service_pb2.GetInputCountRequest(user_app_id=user_app_id), metadata=metadata)


def test_invalid_key_answers_11008_with_the_documented_text(stub, app_id):
    status = count(stub, (("authorization", "Key SOME_INVALID_KEY"),), app_id).status
    assert status.code == 11008
    assert status.description == "Invalid API key or Invalid API key/application pair"
    assert status.details == "Invalid format of key."
    assert len(status.req_id) == 32


def test_well_formed_unknown_key_is_invalid(stub, app_id):
    assert count(stub, (("authorization", "Key " + "0" * 32),), app_id).status.code == 11008


def test_missing_or_malformed_header_answers_11102(stub, app_id):
    for metadata in [(), (("authorization", "Bearer abc"),), (("authorization", "Key "),)]:
        status = count(stub, metadata, app_id).status
        assert status.code == 11102
        assert status.details.startswith("Empty or malformed authorization header.")


def test_pat_reaches_its_app_and_me_means_the_caller(stub, pat, emulator):
    me = resources_pb2.UserAppIDSet(user_id="me", app_id=emulator.account.app_id)
    assert count(stub, pat, me).status.code == 10000


def test_pat_without_app_id_is_told_to_give_one(stub, pat):
    status = count(stub, pat, resources_pb2.UserAppIDSet(user_id="me")).status
    assert (status.code, status.details) == (11008, "Must provide app external ID in API authorizer")


def test_app_key_needs_no_user_app_id(stub, emulator):
    assert count(stub, (("authorization", "Key " + emulator.account.api_key),)).status.code == 10000


def test_app_key_cannot_reach_another_app(stub, emulator):
    emulator.store.users[emulator.account.user_id].add_app("other")
    other = resources_pb2.UserAppIDSet(user_id=emulator.account.user_id, app_id="other")
    status = count(stub, (("authorization", "Key " + emulator.account.api_key),), other).status
    assert status.code == 11008


def test_no_user_sees_another_users_app(stub, emulator):
    stranger = seed(emulator.store, emulator.ids, "stranger", "secret-app")
    target = resources_pb2.UserAppIDSet(user_id="stranger", app_id="secret-app")
    assert count(stub, (("authorization", "Key " + emulator.account.pat),), target).status.code == 11101
    assert count(stub, (("authorization", "Key " + stranger.pat),), target).status.code == 10000


def test_pat_only_rpcs_refuse_app_keys(stub, emulator):
    response = stub.ListApps(
        service_pb2.ListAppsRequest(), metadata=(("authorization", "Key " + emulator.account.api_key),)
    )
    assert response.status.code == 11007
    assert "ListApps" in response.status.details


def test_deleting_an_app_revokes_its_keys(stub, emulator, pat, app_id):
    key = (("authorization", "Key " + emulator.account.api_key),)
    assert stub.DeleteApp(service_pb2.DeleteAppRequest(user_app_id=app_id), metadata=pat).status.code == 10000
    assert count(stub, key).status.code == 11008
    assert emulator.account.api_key not in emulator.store.credentials


def test_unimplemented_rpc_names_itself(stub, pat, app_id):
    request = service_pb2.PostCollaboratorsRequest(user_app_id=app_id)
    status = stub.PostCollaborators(request, metadata=pat).status
    assert status.code == 10040
    assert "PostCollaborators" in status.details


def test_as_of_header_must_be_a_date(stub, pat, app_id):
    status = count(stub, (*pat, ("x-clarifai-emulator-as-of", "yesterday")), app_id).status
    assert status.code == 11102
    assert "yesterday" in status.details


def test_credentials_are_pats_or_app_keys():
    assert Credential("a" * 32, "u").is_pat
    assert not Credential("a" * 32, "u", "app").is_pat
