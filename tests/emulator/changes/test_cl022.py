"""CL022 2024-07-02: PostApps without a base workflow made a General app before the date, a
Universal one from it; an app naming its base workflow gets it on both sides."""

import pytest
import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

BEFORE, AFTER = "2024-07-01", "2024-07-02"


def day(metadata, as_of):
    return (*metadata, ("x-clarifai-emulator-as-of", as_of))


def create(stub, pat, app_id, as_of, **fields):
    user = resources_pb2.UserAppIDSet(user_id=app_id.user_id)
    request = service_pb2.PostAppsRequest(user_app_id=user, apps=[resources_pb2.App(**fields)])
    return stub.PostApps(request, metadata=day(pat, as_of))


def base_workflow(stub, pat, app_id, new_app, as_of):
    request = service_pb2.GetAppRequest(
        user_app_id=resources_pb2.UserAppIDSet(user_id=app_id.user_id, app_id=new_app)
    )
    app = stub.GetApp(request, metadata=day(pat, as_of)).app
    return app.default_workflow_id, (
        app.default_workflow.id,
        app.default_workflow.user_id,
        app.default_workflow.app_id,
    )


@pytest.mark.parametrize(("as_of", "expected"), [(BEFORE, "General"), (AFTER, "Universal")])
def test_an_app_without_a_base_workflow_gets_the_default_of_the_day(stub, pat, app_id, as_of, expected):
    assert create(stub, pat, app_id, as_of, id="plain").status.code == 10000
    assert base_workflow(stub, pat, app_id, "plain", AFTER) == (expected, (expected, "clarifai", "main"))


@pytest.mark.parametrize("as_of", [BEFORE, AFTER])
def test_an_app_naming_its_base_workflow_gets_it_on_both_sides(stub, pat, app_id, as_of):
    general = resources_pb2.Workflow(id="General", user_id="clarifai", app_id="main")
    assert create(stub, pat, app_id, as_of, id="named", default_workflow=general).status.code == 10000
    assert create(stub, pat, app_id, as_of, id="by-id", default_workflow_id="Universal").status.code == 10000
    assert base_workflow(stub, pat, app_id, "named", as_of)[0] == "General"
    assert base_workflow(stub, pat, app_id, "by-id", as_of)[0] == "Universal"


@pytest.mark.parametrize("as_of", [BEFORE, AFTER])
def test_an_unknown_base_workflow_is_refused_and_no_app_is_made(stub, pat, app_id, as_of):
    status = create(stub, pat, app_id, as_of, id="typo", default_workflow_id="Genral").status
    assert status.code == 11102 and "'Genral'" in status.details
    listed = stub.ListApps(
        service_pb2.ListAppsRequest(user_app_id=resources_pb2.UserAppIDSet(user_id=app_id.user_id)),
        metadata=pat,
    )
    assert "typo" not in [app.id for app in listed.apps]


def test_the_rest_door_answers_the_default_of_the_day(emulator, pat, app_id):
    url = f"{emulator.rest_url}/v2/users/{app_id.user_id}/apps"
    for as_of, expected in ((BEFORE, "General"), (AFTER, "Universal")):
        headers = {"Authorization": dict(pat)["authorization"], "X-Clarifai-Emulator-As-Of": as_of}
        body = requests.post(
            url, json={"apps": [{"id": f"rest-{expected.lower()}"}]}, headers=headers, timeout=30
        ).json()
        assert body["status"]["code"] == 10000
        assert body["apps"][0]["default_workflow_id"] == expected


def test_the_universal_workflow_is_public_and_embeds(stub, pat):
    main = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
    workflow = stub.GetWorkflow(
        service_pb2.GetWorkflowRequest(user_app_id=main, workflow_id="Universal"), metadata=pat
    ).workflow
    assert [node.model.model_type_id for node in workflow.nodes] == ["visual-embedder"]
