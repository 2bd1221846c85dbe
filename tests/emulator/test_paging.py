"""Pagination on every List RPC the emulator implements: `page` (from 1), `per_page` (128 by
default, at most 1000, Clarifai docs api-guide/advanced-topics/pagination.md), an empty page
past the end, 11102 beyond the maximum."""

import pytest
import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from emulator.handlers import HANDLERS
from emulator.paging import DEFAULT_PER_PAGE, MAX_PER_PAGE
from tests.helpers import image

SERVICE = service_pb2.DESCRIPTOR.services_by_name["V2"]
LISTERS = sorted(
    m.name
    for m in SERVICE.methods
    if m.name.startswith("List") and {"page", "per_page"} <= set(m.input_type.fields_by_name)
)
IMPLEMENTED = [name for name in LISTERS if name in HANDLERS]
DATASET = "paged-set"  # for the listers inside one dataset


def _listed(response) -> list:
    """The items of a List response: its first repeated message field."""
    repeated = [f for f in response.DESCRIPTOR.fields if f.is_repeated and f.message_type is not None]
    return list(getattr(response, min(repeated, key=lambda f: f.number).name))


def _call(stub, pat, app_id, rpc_name, **paging):
    method = SERVICE.methods_by_name[rpc_name]
    request_class = getattr(service_pb2, method.input_type.name)
    request = request_class(**paging)
    fields = request.DESCRIPTOR.fields_by_name
    if "user_app_id" in fields:
        request.user_app_id.CopyFrom(app_id)
    if "dataset_id" in fields:
        request.dataset_id = DATASET
    if "model_id" in fields:
        request.model_id = "general-image-recognition"
        request.user_app_id.CopyFrom(resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main"))
    return getattr(stub, rpc_name)(request, metadata=pat)


@pytest.fixture
def filled(stub, pat, app_id):
    """An app with a few of everything the listers show (inputs, concepts, annotations, apps)."""
    inputs = [image(input_id=f"p{n}") for n in range(3)]
    for n, item in enumerate(inputs):
        item.data.concepts.add(id=f"concept-{n}", value=1)
    stub.PostInputs(service_pb2.PostInputsRequest(user_app_id=app_id, inputs=inputs), metadata=pat)
    if "PostDatasets" in HANDLERS:
        dataset = resources_pb2.Dataset(id=DATASET)
        made = service_pb2.PostDatasetsRequest(user_app_id=app_id, datasets=[dataset])
        stub.PostDatasets(made, metadata=pat)
    apps = [resources_pb2.App(id=f"paged-{n}") for n in range(2)]
    stub.PostApps(service_pb2.PostAppsRequest(user_app_id=app_id, apps=apps), metadata=pat)
    return stub


def test_the_listers_are_found_from_the_service_descriptor():
    assert {"ListApps", "ListInputs", "ListConcepts", "ListModels"} <= set(IMPLEMENTED)
    assert (DEFAULT_PER_PAGE, MAX_PER_PAGE) == (128, 1000)


@pytest.mark.parametrize("rpc_name", IMPLEMENTED)
def test_pages_of_one_add_up_to_the_default_page(filled, pat, app_id, rpc_name):
    everything = _call(filled, pat, app_id, rpc_name)
    assert everything.status.code == 10000, everything.status
    items = _listed(everything)
    pages = [
        _listed(_call(filled, pat, app_id, rpc_name, page=n, per_page=1)) for n in range(1, len(items) + 1)
    ]
    assert all(len(one) == 1 for one in pages)
    assert [one[0] for one in pages] == items


@pytest.mark.parametrize("rpc_name", IMPLEMENTED)
def test_a_page_past_the_end_is_empty(filled, pat, app_id, rpc_name):
    response = _call(filled, pat, app_id, rpc_name, page=10_000, per_page=MAX_PER_PAGE)
    assert (response.status.code, _listed(response)) == (10000, [])


@pytest.mark.parametrize("rpc_name", IMPLEMENTED)
def test_per_page_over_the_maximum_is_refused_naming_it(filled, pat, app_id, rpc_name):
    response = _call(filled, pat, app_id, rpc_name, per_page=MAX_PER_PAGE + 1)
    assert response.status.code == 11102
    assert "per_page" in response.status.details


def test_list_apps_pages_on_the_rest_door(emulator, filled):
    url = emulator.rest_url + "/v2/users/me/apps"
    auth = {"Authorization": "Key " + emulator.account.pat}
    first = requests.get(url, params={"per_page": 1, "page": 1}, headers=auth).json()["apps"]
    past = requests.get(url, params={"per_page": 1, "page": 99}, headers=auth).json()
    assert len(first) == 1
    assert past["status"]["code"] == 10000
    assert past.get("apps", []) == []
