"""MyScopes: what the caller's credential may do, and in which app."""

import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

ME = resources_pb2.UserAppIDSet(user_id="me")


def my_scopes(stub, metadata, user_app_id=None):
    return stub.MyScopes(service_pb2.MyScopesRequest(user_app_id=user_app_id), metadata=metadata)


def test_a_scoped_key_sees_its_own_scopes_endpoints_and_app(stub, pat, app_id):
    key = resources_pb2.Key(
        scopes=["Predict", "Inputs:Get"],
        endpoints=["/clarifai.api.V2/ListInputs"],
        apps=[resources_pb2.App(id=app_id.app_id)],
    )
    token = stub.PostKeys(service_pb2.PostKeysRequest(user_app_id=ME, keys=[key]), metadata=pat).keys[0].id
    response = my_scopes(stub, (("authorization", f"Key {token}"),))
    assert response.status.code == 10000
    assert list(response.scopes) == ["Inputs:Get", "Predict"]
    assert list(response.endpoints) == ["/clarifai.api.V2/ListInputs"]
    assert (response.app.id, response.app.user_id) == (app_id.app_id, app_id.user_id)


def test_a_pat_holds_every_operation_scope_in_the_app_it_names(stub, pat, app_id):
    response = my_scopes(stub, pat, app_id)
    assert response.status.code == 10000
    assert {"Inputs:Add", "Inputs:Get", "Predict", "Search", "Workflows:Add"} <= set(response.scopes)
    assert "All" not in response.scopes
    assert response.app.id == app_id.app_id


def test_the_seeded_key_holds_all_scopes(stub, emulator):
    response = my_scopes(stub, (("authorization", f"Key {emulator.account.api_key}"),))
    assert "Models:Train" in response.scopes
    assert response.app.id == emulator.account.app_id


def test_a_pat_without_an_app_is_told_to_name_one(stub, pat):
    refused = my_scopes(stub, pat).status
    assert (refused.code, refused.details) == (11008, "Must provide app external ID in API authorizer")


def test_my_scopes_over_rest(emulator):
    headers = {"Authorization": f"Key {emulator.account.api_key}"}
    body = requests.get(f"{emulator.rest_url}/v2/myscopes", headers=headers, timeout=10).json()
    assert body["status"]["code"] == 10000
    assert "Predict" in body["scopes"]
