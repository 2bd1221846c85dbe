"""CL015: POST /searches is deprecated."""

import pytest

from tests.lint.helpers import findings, flags

CODE = "CL015"
GRPC = "from clarifai_grpc.grpc.api import resources_pb2, service_pb2\n"


def curl(method: str, path: str, body: str) -> str:
    """A script holding a curl command to the API in a string (its JSON body between single quotes)."""
    return f'CMD = """curl -X {method} https://api.clarifai.com/v2{path} -d \'{body}\'"""'


FLAGGED = [
    "response = stub.PostSearches(request, metadata=md)",  # the RPC name alone is Clarifai's
    GRPC + "request = service_pb2.PostSearchesRequest(query=query)",
    "from clarifai_grpc.grpc.api.service_pb2 import PostSearchesRequest\nPostSearchesRequest(query=q)",
    GRPC + "query = resources_pb2.Query(ands=[a])",
    GRPC + "query.ands.append(a)",
    '# clarifai\nrequests.post("https://api.clarifai.com/v2/searches", json=body)',
    '# clarifai\nurl = f"https://api.clarifai.com/v2/users/{user}/apps/{app}/searches"',
    '# clarifai\nbody = {"query": {"ands": [term]}}',
    "from clarifai.rest import ClarifaiApp\napp.inputs.search_by_predicted_concepts(concept='dog')",
    "from clarifai.rest import ClarifaiApp\napp.inputs.search(qb)",
    "import requests\nBASE = 'https://api.clarifai.com/v2'\nrequests.post(BASE + '/searches', json=query)",
    "import requests\nBASE = 'https://api.clarifai.com/v2'\nrequests.post(f'{BASE}/searches', json=query)",
    "import httpx\n"
    "def search(q):\n"
    "    url = 'https://api.clarifai.com/v2' + '/searches'\n"
    "    return httpx.post(url, json=q)",
    "import json, urllib.request\nAPI = 'https://api.clarifai.com/v2'\n"
    "req = urllib.request.Request(API + '/searches', data=json.dumps(q).encode(), method='POST')",
    "from clarifai.rest import ClarifaiApp\napp = ClarifaiApp()\napp.inputs.search_by_geo(geo_point=p)",
]
NOT_FLAGGED = [
    GRPC + "stub.PostInputsSearches(service_pb2.PostInputsSearchesRequest(searches=s), metadata=md)",
    GRPC + "stub.PostAnnotationsSearches(request, metadata=md)",
    GRPC + "resources_pb2.Query(ranks=ranks, filters=filters)",
    '# clarifai\nrequests.post(f"{BASE}/v2/users/{u}/apps/{a}/inputs/searches", json=b)',
    '# clarifai\nrequests.post("https://api.clarifai.com/v2/models/searches", json=b)',
    'requests.post("https://api.example.com/v2/searches", json=b)',  # another API
    "es.search(index='photos')\nands = [1, 2]",
    '"""Replaces POST /v2/searches (Clarifai)."""',
    "from clarifai.client.search import Search\nSearch(user_id='me').query(ranks=[{'image_url': u}])",
    "import requests\n"
    "BASE = 'https://api.clarifai.com/v2'\n"
    "requests.post(BASE + '/inputs/searches', json=query)",
    "import requests\n"
    "BASE = 'https://api.clarifai.com/v2'\n"
    "requests.post(f'{BASE}/annotations/searches', json=query)",
    "import requests\n"
    "BASE = 'https://api.clarifai.com/v2'\n"
    "requests.post(BASE + '/models/searches', json=query)",
    "import requests\nBASE = 'https://api.example.com/v2'\nrequests.post(BASE + '/searches', json=query)",
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_post_searches(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_the_new_searches_alone(source):
    assert not flags(source, CODE)


def test_a_post_searches_call_is_not_reported_for_its_ands_too():
    source = GRPC + "r = service_pb2.PostSearchesRequest(query=resources_pb2.Query(ands=[a]))"
    assert len(findings(source, CODE)) == 1
