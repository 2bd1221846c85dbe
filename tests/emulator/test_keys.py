"""API keys: PostKeys (the id is the token), scopes enforced per RPC, ListKeys, GetKey, DeleteKey."""

import re

import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from tests.helpers import image

ME = resources_pb2.UserAppIDSet(user_id="me")
READ_INPUTS = ("Apps:Get", "Annotations:Get", "Concepts:Get", "Inputs:Get")  # ListInputs' scopes


def key_for(stub, pat, app_id, *scopes, endpoints=(), **fields):
    """Make an app key of the seeded app with `scopes`; return the response."""
    key = resources_pb2.Key(
        description="test key",
        scopes=list(scopes),
        endpoints=list(endpoints),
        apps=[resources_pb2.App(id=app_id.app_id, user_id=app_id.user_id)],
        **fields,
    )
    return stub.PostKeys(service_pb2.PostKeysRequest(user_app_id=ME, keys=[key]), metadata=pat)


def as_key(token):
    return (("authorization", f"Key {token}"),)


def list_inputs(stub, metadata):
    return stub.ListInputs(service_pb2.ListInputsRequest(), metadata=metadata)


def test_post_keys_answers_a_key_whose_id_is_its_token(stub, pat, app_id):
    response = key_for(stub, pat, app_id, *READ_INPUTS)
    assert response.status.code == 10000
    key = response.keys[0]
    assert re.fullmatch(r"[0-9a-f]{32}", key.id)
    assert (key.type, key.description) == ("app_specific_key", "test key")
    assert list(key.scopes) == list(READ_INPUTS)
    assert [(a.id, a.user_id) for a in key.apps] == [(app_id.app_id, app_id.user_id)]
    assert key.created_at.seconds > 0
    assert list_inputs(stub, as_key(key.id)).status.code == 10000


def test_a_key_without_a_scope_the_rpc_needs_is_refused_with_11007(stub, pat, app_id):
    token = key_for(stub, pat, app_id, *READ_INPUTS).keys[0].id
    assert list_inputs(stub, as_key(token)).status.code == 10000
    request = service_pb2.PostInputsRequest(inputs=[image(input_id="x")])
    refused = stub.PostInputs(request, metadata=as_key(token)).status
    assert (refused.code, refused.description) == (11007, "API key has insufficient permissions")
    assert "Inputs:Add" in refused.details
    listed = stub.ListInputs(service_pb2.ListInputsRequest(user_app_id=app_id), metadata=pat)
    assert (listed.status.code, list(listed.inputs)) == (10000, [])


def test_scope_names_may_be_written_with_underscores_and_all_grants_everything(stub, pat, app_id):
    token = key_for(stub, pat, app_id, "All").keys[0].id
    added = stub.PostInputs(service_pb2.PostInputsRequest(inputs=[image()]), metadata=as_key(token))
    assert added.status.code == 10000
    underscored = key_for(stub, pat, app_id, "Inputs_Get").keys[0]
    assert list(underscored.scopes) == ["Inputs:Get"]


def test_an_endpoint_scope_opens_exactly_that_rpc(stub, pat, app_id):
    token = key_for(stub, pat, app_id, endpoints=["/clarifai.api.V2/ListInputs"]).keys[0].id
    assert list_inputs(stub, as_key(token)).status.code == 10000
    count = stub.GetInputCount(service_pb2.GetInputCountRequest(), metadata=as_key(token))
    assert count.status.code == 11007


def test_an_unknown_scope_or_a_foreign_app_makes_no_key(stub, pat, app_id):
    before = len(stub.ListKeys(service_pb2.ListKeysRequest(user_app_id=ME), metadata=pat).keys)
    unknown = key_for(stub, pat, app_id, "Inputs:Fly")
    assert (unknown.status.code, "Inputs:Fly" in unknown.status.details) == (11102, True)
    foreign = resources_pb2.Key(scopes=["All"], apps=[resources_pb2.App(id="not-mine")])
    response = stub.PostKeys(service_pb2.PostKeysRequest(user_app_id=ME, keys=[foreign]), metadata=pat)
    assert response.status.code == 11101
    no_scope = key_for(stub, pat, app_id)
    assert no_scope.status.code == 11102
    after = stub.ListKeys(service_pb2.ListKeysRequest(user_app_id=ME), metadata=pat).keys
    assert len(after) == before


def test_keys_are_made_with_a_pat_only(stub, pat, app_id, emulator):
    response = key_for(stub, as_key(emulator.account.api_key), app_id, "All")
    assert response.status.code == 11007
    assert "PostKeys" in response.status.details


def test_list_keys_shows_the_callers_keys_newest_first_and_filters_by_type(stub, pat, app_id, emulator):
    first = key_for(stub, pat, app_id, "Inputs:Get").keys[0].id
    second = key_for(stub, pat, app_id, "Predict").keys[0].id
    listed = stub.ListKeys(service_pb2.ListKeysRequest(user_app_id=ME), metadata=pat).keys
    ids = [k.id for k in listed]
    assert ids[:2] == [second, first]
    assert {emulator.account.pat, emulator.account.api_key} <= set(ids)
    request = service_pb2.ListKeysRequest(user_app_id=ME, type="personal_access_token")
    pats = stub.ListKeys(request, metadata=pat).keys
    assert [k.id for k in pats] == [emulator.account.pat]
    holding = stub.ListKeys(service_pb2.ListKeysRequest(user_app_id=ME, scopes=["Predict"]), metadata=pat)
    assert second in [k.id for k in holding.keys] and first not in [k.id for k in holding.keys]


def test_get_key_and_delete_key_then_the_key_no_longer_works(stub, pat, app_id):
    token = key_for(stub, pat, app_id, "Inputs:Get").keys[0].id
    got = stub.GetKey(service_pb2.GetKeyRequest(user_app_id=ME, key_id=token), metadata=pat)
    assert (got.status.code, list(got.key.scopes)) == (10000, ["Inputs:Get"])
    deleted = stub.DeleteKey(service_pb2.DeleteKeyRequest(user_app_id=ME, key_id=token), metadata=pat)
    assert deleted.status.code == 10000
    assert list_inputs(stub, as_key(token)).status.code == 11008
    again = stub.DeleteKey(service_pb2.DeleteKeyRequest(user_app_id=ME, key_id=token), metadata=pat)
    assert (again.status.code, again.status.description) == (11009, "API key not found")


def test_a_pat_made_with_post_keys_reaches_every_app_of_the_user(stub, pat):
    key = resources_pb2.Key(type="personal_access_token", description="ci")
    made = stub.PostKeys(service_pb2.PostKeysRequest(user_app_id=ME, keys=[key]), metadata=pat).keys[0]
    assert (made.type, list(made.scopes)) == ("personal_access_token", ["All"])
    apps = stub.ListApps(service_pb2.ListAppsRequest(), metadata=as_key(made.id))
    assert apps.status.code == 10000 and apps.apps


def test_deleting_an_app_deletes_its_keys(stub, pat, app_id):
    token = key_for(stub, pat, app_id, "All").keys[0].id
    stub.DeleteApp(service_pb2.DeleteAppRequest(user_app_id=app_id), metadata=pat)
    got = stub.GetKey(service_pb2.GetKeyRequest(user_app_id=ME, key_id=token), metadata=pat)
    assert got.status.code == 11009


def test_post_keys_over_rest_answers_json_with_the_key(emulator, app_id):
    body = {
        "keys": [
            {
                "description": "rest key",
                "scopes": list(READ_INPUTS),
                "apps": [{"id": app_id.app_id, "user_id": app_id.user_id}],
            }
        ]
    }
    headers = {"Authorization": f"Key {emulator.account.pat}"}
    answer = requests.post(f"{emulator.rest_url}/v2/users/me/keys", json=body, headers=headers, timeout=10)
    key = answer.json()["keys"][0]
    assert (answer.status_code, key["scopes"], key["type"]) == (200, list(READ_INPUTS), "app_specific_key")
    listed = requests.get(
        f"{emulator.rest_url}/v2/users/{app_id.user_id}/apps/{app_id.app_id}/inputs",
        headers={"Authorization": f"Key {key['id']}"},
        timeout=10,
    )
    assert listed.json()["status"]["code"] == 10000
