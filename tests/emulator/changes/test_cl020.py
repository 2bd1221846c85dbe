"""CL020 2023-07-27: workflow nodes named public models by their old hash ids before the date,
by V2 ids from it; requests may use either id on both sides."""

import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

BEFORE, AFTER = "2023-07-26", "2023-07-27"
GENERAL, GENERAL_HASH = "general-image-recognition", "aaa03c23b3724a16a56b629203edc62c"
GENERAL_VERSION = "aa7f35c01e0642fda5cf400f543e7c40"


def day(metadata, as_of):
    return (*metadata, ("x-clarifai-emulator-as-of", as_of))


def node(model_id, user_app=("clarifai", "main")):
    user_id, app_id = user_app
    model = resources_pb2.Model(id=model_id, user_id=user_id, app_id=app_id)
    model.model_version.id = GENERAL_VERSION
    return resources_pb2.WorkflowNode(id="concepts", model=model)


def post_workflow(stub, pat, app_id, workflow_id, model_id, as_of):
    workflow = resources_pb2.Workflow(id=workflow_id, nodes=[node(model_id)])
    request = service_pb2.PostWorkflowsRequest(user_app_id=app_id, workflows=[workflow])
    return stub.PostWorkflows(request, metadata=day(pat, as_of))


def node_ids(workflows):
    return [n.model.id for w in workflows for n in w.nodes]


def test_before_the_date_every_workflow_answer_names_the_hash_id(stub, pat, app_id):
    made = post_workflow(stub, pat, app_id, "tagger", GENERAL, BEFORE)
    assert made.status.code == 10000 and node_ids(made.workflows) == [GENERAL_HASH]
    got = stub.GetWorkflow(
        service_pb2.GetWorkflowRequest(user_app_id=app_id, workflow_id="tagger"), metadata=day(pat, BEFORE)
    )
    listed = stub.ListWorkflows(
        service_pb2.ListWorkflowsRequest(user_app_id=app_id), metadata=day(pat, BEFORE)
    )
    assert node_ids([got.workflow]) == node_ids(listed.workflows) == [GENERAL_HASH]
    assert (
        got.workflow.nodes[0].model.model_version.id == GENERAL_VERSION
    )  # the version is the same under both ids


def test_from_the_date_the_same_workflow_names_the_v2_id(stub, pat, app_id):
    post_workflow(stub, pat, app_id, "tagger", GENERAL_HASH, BEFORE)  # made with the hash, before
    listed = stub.ListWorkflows(
        service_pb2.ListWorkflowsRequest(user_app_id=app_id), metadata=day(pat, AFTER)
    )
    assert node_ids(listed.workflows) == [GENERAL]
    made = post_workflow(stub, pat, app_id, "tagger-2", GENERAL_HASH, AFTER)  # the hash is still accepted
    assert made.status.code == 10000 and node_ids(made.workflows) == [GENERAL]


def test_public_workflows_show_hash_ids_before_and_v2_ids_from_the_date(stub, pat):
    main = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
    request = service_pb2.GetWorkflowRequest(user_app_id=main, workflow_id="General")
    before = stub.GetWorkflow(request, metadata=day(pat, BEFORE)).workflow
    after = stub.GetWorkflow(request, metadata=day(pat, AFTER)).workflow
    assert node_ids([before]) == [
        GENERAL_HASH,
        "bbb5f41425b8468d9b7a554ff10f8581",
        "cccbe437d6e54e2bb911c6aa292fb072",
    ]
    assert node_ids([after]) == [GENERAL, "general-image-embedding", "general-clusterering"]


def test_the_rest_door_answers_the_id_of_the_day(emulator, stub, pat, app_id):
    post_workflow(stub, pat, app_id, "tagger", GENERAL, BEFORE)
    url = f"{emulator.rest_url}/v2/users/{app_id.user_id}/apps/{app_id.app_id}/workflows"
    for as_of, expected in ((BEFORE, GENERAL_HASH), (AFTER, GENERAL)):
        headers = {"Authorization": dict(pat)["authorization"], "X-Clarifai-Emulator-As-Of": as_of}
        body = requests.get(url, headers=headers, timeout=30).json()
        assert [n["model"]["id"] for w in body["workflows"] for n in w["nodes"]] == [expected]


def test_a_refused_request_is_answered_alike_on_both_sides(stub, pat, app_id):
    for as_of in (BEFORE, AFTER):
        refused = post_workflow(stub, pat, app_id, "bad", "no-such-model", as_of)
        assert refused.status.code != 10000 and not refused.workflows
