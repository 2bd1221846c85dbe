"""Collaborators: an app's owner and (in the emulator, never) the users it is shared with."""

import requests
from clarifai_grpc.grpc.api import service_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2


def listed(stub, pat, app_id, **fields):
    request = service_pb2.ListCollaboratorsRequest(user_app_id=app_id, **fields)
    return stub.ListCollaborators(request, metadata=pat)


def test_a_seeded_app_has_its_owner_and_no_collaborators(stub, pat, app_id):
    response = listed(stub, pat, app_id)
    assert response.status.code == status_code_pb2.SUCCESS
    assert (list(response.collaborators), response.app_owner.id) == ([], app_id.user_id)


def test_pages_are_checked_as_for_every_list(stub, pat, app_id):
    assert listed(stub, pat, app_id, page=2, per_page=10).status.code == status_code_pb2.SUCCESS
    assert listed(stub, pat, app_id, per_page=1001).status.code == status_code_pb2.CONN_INVALID_REQUEST


def test_the_rest_door_lists_collaborators(emulator):
    account = emulator.account
    url = emulator.rest_url + f"/v2/users/{account.user_id}/apps/{account.app_id}/collaborators"
    answer = requests.get(url, headers={"Authorization": "Key " + account.pat}).json()
    assert answer["status"]["code"] == 10000
    assert answer["app_owner"]["id"] == account.user_id
