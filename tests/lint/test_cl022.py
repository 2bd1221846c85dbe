"""CL022: apps created via the API without a base workflow get Universal since 2024-07-02."""

import pytest

from tests.lint.helpers import fixed, flags

CODE = "CL022"
GRPC = "from clarifai_grpc.grpc.api import resources_pb2, service_pb2\n"


def curl(method: str, path: str, body: str) -> str:
    """A script holding a curl command to the API in a string (its JSON body between single quotes)."""
    return f'CMD = """curl -X {method} https://api.clarifai.com/v2{path} -d \'{body}\'"""'


FLAGGED = [
    GRPC + 'service_pb2.PostAppsRequest(user_app_id=user, apps=[resources_pb2.App(id="new")])',
    GRPC + 'request = PostAppsRequest(apps=[App(id="a", description="demo")])',
    "import requests  # clarifai\n"
    'requests.post(f"{API}/v2/users/me/apps", json={"apps": [{"id": "new"}]}, headers=H)',
    curl("POST", "/users/me/apps", '{"apps": [{"id": "new-app"}]}'),
    GRPC + "app = resources_pb2.App(id='a')\nstub.PostApps(service_pb2.PostAppsRequest(apps=[app]))",
    GRPC + "def make(stub):\n    new = resources_pb2.App(id='a', description='d')\n"
    "    return stub.PostApps(service_pb2.PostAppsRequest(user_app_id=uid, apps=[new]))",
]
NOT_FLAGGED = [
    GRPC + 'service_pb2.PostAppsRequest(apps=[resources_pb2.App(id="new", default_workflow_id="General")])',
    GRPC
    + 'wf = resources_pb2.Workflow(id="General", app_id="main", user_id="clarifai")\n'
    + 'service_pb2.PostAppsRequest(apps=[resources_pb2.App(id="new", default_workflow=wf)])',
    GRPC + "service_pb2.PostAppsRequest(apps=[resources_pb2.App(**fields)])",
    GRPC + 'app = resources_pb2.App(id="x")\nprint(app)',  # not a PostApps request
    "# clarifai\n"
    'body = {"apps": [{"id": "new", "default_workflow_id": "General"}]}\n'
    'requests.post(f"{API}/v2/users/me/apps", json=body)',
    'from clarifai.client.user import User\nUser(user_id="me").create_app(app_id="new")',  # the SDK names one
    curl("POST", "/users/me/apps", '{"apps": [{"id": "new-app", "default_workflow_id": "General"}]}'),
    curl(
        "PATCH", "/users/me/apps", '{"apps": [{"id": "new-app", "description": "d"}], "action": "overwrite"}'
    ),
    curl("GET", "/users/me/apps", '{"apps": []}'),
    GRPC + "app = resources_pb2.App(id='a', default_workflow_id='General')\n"
    "stub.PostApps(service_pb2.PostAppsRequest(apps=[app]))",
    GRPC + "app = resources_pb2.App(id='a', description='new')\n"
    "stub.PatchApps(service_pb2.PatchAppsRequest(apps=[app], action='overwrite'))",
]


@pytest.mark.parametrize("source", FLAGGED)
def test_an_app_without_a_base_workflow_is_flagged_without_a_fix(source):
    assert flags(source, CODE)
    assert fixed(source, CODE).strip() == source.strip()


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_apps_naming_their_base_workflow_are_left_alone(source):
    assert not flags(source, CODE)
