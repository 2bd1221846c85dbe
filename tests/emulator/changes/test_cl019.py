"""CL019 2023-03-30: app keys reached clarifai/main before the date; a PAT naming it is needed after,
and for a workflow of the key's app with a clarifai/main node."""

import pytest
import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from emulator.changes.cl019_pats_and_api_keys import ENFORCED_FROM, SCHEDULE, change
from tests.emulator.test_models import concepts, labelled, post_model, post_version, wait

BEFORE, AFTER = "2023-03-29", "2023-03-30"
MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
GENERAL = "general-image-recognition"
IMAGE = resources_pb2.Input(
    data=resources_pb2.Data(image=resources_pb2.Image(url="https://samples.clarifai.com/metro-north.jpg"))
)


@pytest.fixture
def key(emulator):
    return (("authorization", "Key " + emulator.account.api_key),)


def predict(stub, metadata, day, user_app_id=None, model_id=GENERAL):
    request = service_pb2.PostModelOutputsRequest(user_app_id=user_app_id, model_id=model_id, inputs=[IMAGE])
    return stub.PostModelOutputs(request, metadata=(*metadata, ("x-clarifai-emulator-as-of", day)))


def test_before_the_date_a_key_without_user_app_id_predicts_with_clarifai_main(stub, key):
    response = predict(stub, key, BEFORE)
    assert response.status.code == 10000
    assert (response.outputs[0].model.user_id, response.outputs[0].model.app_id) == ("clarifai", "main")
    assert len(response.outputs[0].data.concepts) == 20


def test_from_the_date_a_key_without_user_app_id_finds_no_such_model(stub, key):
    status = predict(stub, key, AFTER).status
    assert (status.code, status.description) == (11101, "Resource does not exist")
    assert status.details == "model_id 'general-image-recognition' not found. Check the url of your request."


def test_a_key_naming_clarifai_main_is_let_in_before_and_told_to_use_a_pat_after(stub, key):
    assert predict(stub, key, BEFORE, MAIN).status.code == 10000
    status = predict(stub, key, AFTER, MAIN).status
    assert (status.code, status.description) == (11008, "Invalid API key or Invalid API key/application pair")
    assert "personal access token" in status.details and "clarifai/main" in status.details


def test_before_the_date_any_app_named_reaches_clarifai_mains_models(stub, key, pat, app_id, emulator):
    other = resources_pb2.UserAppIDSet(user_id="someone", app_id="elsewhere")
    assert predict(stub, key, BEFORE, app_id).status.code == 10000  # the key's own app, named
    assert predict(stub, key, BEFORE, other).status.code == 10000  # an app that does not exist
    assert predict(stub, pat, BEFORE, app_id).status.code == 10000  # a PAT naming its own app
    assert predict(stub, key, AFTER, app_id).status.code == 11101
    assert predict(stub, key, AFTER, other).status.code == 11008
    assert predict(stub, pat, AFTER, app_id).status.code == 11101


def test_a_pat_naming_clarifai_main_works_on_both_sides(stub, pat):
    assert predict(stub, pat, BEFORE, MAIN).status.code == 10000
    assert predict(stub, pat, AFTER, MAIN).status.code == 10000


def test_workflows_and_get_model_follow_the_same_rule(stub, key):
    def workflow(day):
        request = service_pb2.PostWorkflowResultsRequest(workflow_id="Demographics", inputs=[IMAGE])
        return stub.PostWorkflowResults(request, metadata=(*key, ("x-clarifai-emulator-as-of", day))).status

    def get_model(day):
        request = service_pb2.GetModelRequest(user_app_id=MAIN, model_id=GENERAL)
        return stub.GetModel(request, metadata=(*key, ("x-clarifai-emulator-as-of", day))).status

    assert workflow(BEFORE).code == 10000 and workflow(AFTER).code == 11101
    assert get_model(BEFORE).code == 10000 and get_model(AFTER).code == 11008


def test_the_keys_own_model_of_the_same_id_wins(stub, key, pat, app_id):
    model = resources_pb2.Model(id=GENERAL, model_type_id="visual-classifier")
    assert (
        stub.PostModels(
            service_pb2.PostModelsRequest(user_app_id=app_id, models=[model]), metadata=pat
        ).status.code
        == 10000
    )
    request = service_pb2.GetModelRequest(model_id=GENERAL)
    shown = stub.GetModel(request, metadata=(*key, ("x-clarifai-emulator-as-of", BEFORE))).model
    assert (shown.user_id, shown.app_id) == ("cookbook", "migrations")


def test_writes_to_clarifai_main_were_never_open(stub, key):
    request = service_pb2.PostInputsRequest(user_app_id=MAIN, inputs=[IMAGE])
    response = stub.PostInputs(request, metadata=(*key, ("x-clarifai-emulator-as-of", BEFORE)))
    assert response.status.code == 11008


def test_an_invalid_key_is_invalid_before_the_date_too(stub):
    bad = (("authorization", "Key SOME_INVALID_KEY"),)
    status = predict(stub, bad, BEFORE, MAIN).status
    assert (status.code, status.details) == (11008, "Invalid format of key.")


def test_before_2022_01_20_the_old_id_of_the_general_model_works_with_a_key(stub, key):
    response = predict(stub, key, "2022-01-19", model_id="aaa03c23b3724a16a56b629203edc62c")
    assert response.status.code == 10000


def rest_predict(emulator, day, scoped):
    prefix = "/users/clarifai/apps/main" if scoped else ""
    headers = {"Authorization": "Key " + emulator.account.api_key, "X-Clarifai-Emulator-As-Of": day}
    body = {"inputs": [{"data": {"image": {"url": IMAGE.data.image.url}}}]}
    reply = requests.post(
        f"{emulator.rest_url}/v2{prefix}/models/{GENERAL}/outputs", json=body, headers=headers, timeout=30
    )
    return reply.status_code, reply.json()["status"]


def test_rest_a_key_on_the_short_path_before_and_after(emulator):
    assert rest_predict(emulator, BEFORE, scoped=False)[1]["code"] == 10000
    http, status = rest_predict(emulator, AFTER, scoped=False)
    assert (http, status["code"]) == (404, 11101)


def test_rest_a_key_on_the_clarifai_main_path_before_and_after(emulator):
    assert rest_predict(emulator, BEFORE, scoped=True)[1]["code"] == 10000
    http, status = rest_predict(emulator, AFTER, scoped=True)
    assert (http, status["code"]) == (401, 11008)
    assert "PAT" in status["details"]


def listed_with(stub, metadata, day):
    request = service_pb2.ListModelsRequest()
    response = stub.ListModels(request, metadata=(*metadata, ("x-clarifai-emulator-as-of", day)))
    return [(model.app_id, model.id) for model in response.models]


def test_list_models_with_a_key_adds_clarifai_main_before_the_date_only(stub, key, pat, app_id):
    model = resources_pb2.Model(id="pets", model_type_id="embedding-classifier")
    stub.PostModels(service_pb2.PostModelsRequest(user_app_id=app_id, models=[model]), metadata=pat)
    before = listed_with(stub, key, BEFORE)
    assert before[0] == (app_id.app_id, "pets") and ("main", GENERAL) in before
    assert listed_with(stub, key, AFTER) == [(app_id.app_id, "pets")]
    request = service_pb2.ListModelsRequest(dont_fetch_from_main=True)
    day = ("x-clarifai-emulator-as-of", BEFORE)
    assert [m.id for m in stub.ListModels(request, metadata=(*key, day)).models] == ["pets"]


def test_rest_model_feedback_with_a_key_on_a_public_model_before_and_after(emulator):
    body = {"input": {"data": {"image": {"url": "https://samples.clarifai.com/metro-north.jpg"}}}}
    url = f"{emulator.rest_url}/v2/models/aaa03c23b3724a16a56b629203edc62c/feedback"
    for day, code in ((BEFORE, 10000), (AFTER, 11101)):
        headers = {"Authorization": "Key " + emulator.account.api_key, "X-Clarifai-Emulator-As-Of": day}
        assert requests.post(url, json=body, headers=headers).json()["status"]["code"] == code


def mine_and_mixed_workflows(stub, pat, app_id):
    """A workflow on a trained model of the app only, and one with a clarifai/main node too."""
    labelled(stub, pat, app_id, 2)
    post_model(stub, pat, app_id)
    post_version(stub, pat, app_id, output_info=concepts("cat"))
    wait(stub, pat, app_id)
    own = resources_pb2.WorkflowNode(id="pets", model=resources_pb2.Model(id="pets"))
    general = resources_pb2.WorkflowNode(
        id="general", model=resources_pb2.Model(id=GENERAL, user_id="clarifai", app_id="main")
    )
    workflows = [
        resources_pb2.Workflow(id="mine", nodes=[own]),
        resources_pb2.Workflow(id="mixed", nodes=[own, general]),
    ]
    made = stub.PostWorkflows(
        service_pb2.PostWorkflowsRequest(user_app_id=app_id, workflows=workflows), metadata=pat
    )
    assert made.status.code == 10000, made.status


def run_workflow(stub, metadata, day, workflow_id):
    request = service_pb2.PostWorkflowResultsRequest(workflow_id=workflow_id, inputs=[IMAGE])
    return stub.PostWorkflowResults(request, metadata=(*metadata, ("x-clarifai-emulator-as-of", day)))


def test_before_the_date_a_key_runs_its_apps_workflow_with_a_clarifai_main_node(stub, key, pat, app_id):
    mine_and_mixed_workflows(stub, pat, app_id)
    response = run_workflow(stub, key, BEFORE, "mixed")
    assert response.status.code == 10000, response.status
    assert [(o.model.app_id, o.model.id) for o in response.results[0].outputs] == [
        (app_id.app_id, "pets"),
        ("main", GENERAL),
    ]
    assert run_workflow(stub, key, BEFORE, "mine").status.code == 10000


def test_from_the_date_a_key_runs_only_a_workflow_of_its_apps_models(stub, key, pat, app_id):
    mine_and_mixed_workflows(stub, pat, app_id)
    mine = run_workflow(stub, key, AFTER, "mine")
    assert mine.status.code == 10000 and [c.id for c in mine.results[0].outputs[0].data.concepts] == ["cat"]
    refused = run_workflow(stub, key, AFTER, "mixed")
    assert (refused.status.code, refused.status.description) == (
        11008,
        "Invalid API key or Invalid API key/application pair",
    )
    assert "clarifai/main" in refused.status.details and "PAT" in refused.status.details
    assert not refused.results  # nothing ran


def test_a_pat_runs_both_workflows_on_both_sides_of_the_date(stub, pat, app_id):
    mine_and_mixed_workflows(stub, pat, app_id)
    scoped = ((*pat, ("x-clarifai-emulator-as-of", day)) for day in (BEFORE, AFTER))
    for metadata in scoped:
        for workflow_id in ("mine", "mixed"):
            request = service_pb2.PostWorkflowResultsRequest(
                user_app_id=app_id, workflow_id=workflow_id, inputs=[IMAGE]
            )
            assert stub.PostWorkflowResults(request, metadata=metadata).status.code == 10000


def test_the_enforcement_dates_clarifai_gave_are_declared_and_the_first_is_enforced():
    assert [m.date.isoformat() for m in SCHEDULE] == ["2023-03-30", "2024-10-01", "2024-11-07", "2025-06-11"]
    assert ENFORCED_FROM == change.date == SCHEDULE[0].date
    assert all(m.source for m in SCHEDULE)


def test_rest_a_key_on_the_short_workflow_path_before_and_after(emulator, stub, pat, app_id):
    mine_and_mixed_workflows(stub, pat, app_id)
    body = {"inputs": [{"data": {"image": {"url": IMAGE.data.image.url}}}]}
    answers = {}
    for day in (BEFORE, AFTER):
        headers = {"Authorization": "Key " + emulator.account.api_key, "X-Clarifai-Emulator-As-Of": day}
        for workflow_id in ("mine", "mixed"):
            url = f"{emulator.rest_url}/v2/workflows/{workflow_id}/results"
            reply = requests.post(url, json=body, headers=headers, timeout=30)
            answers[day, workflow_id] = (reply.status_code, reply.json()["status"]["code"])
    assert answers == {
        (BEFORE, "mine"): (200, 10000),
        (BEFORE, "mixed"): (200, 10000),
        (AFTER, "mine"): (200, 10000),
        (AFTER, "mixed"): (401, 11008),
    }
