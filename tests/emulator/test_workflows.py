"""Workflows: create, read, list, patch, delete; nodes on the app's models and clarifai/main's."""

import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from tests.emulator.test_models import concepts, labelled, post_model, post_version, wait

GENERAL, GENERAL_VERSION = "general-image-recognition", "aa7f35c01e0642fda5cf400f543e7c40"
OLD_GENERAL = "aaa03c23b3724a16a56b629203edc62c"
MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
DOG_URL = "https://samples.clarifai.com/dog2.jpeg"


def node(node_id, model_id, version_id="", **fields):
    version = resources_pb2.ModelVersion(id=version_id)
    return resources_pb2.WorkflowNode(
        id=node_id, model=resources_pb2.Model(id=model_id, model_version=version, **fields)
    )


def post(stub, pat, app_id, workflow_id, *nodes):
    workflow = resources_pb2.Workflow(id=workflow_id, nodes=list(nodes))
    return stub.PostWorkflows(
        service_pb2.PostWorkflowsRequest(user_app_id=app_id, workflows=[workflow]), metadata=pat
    )


def get(stub, pat, app_id, workflow_id):
    return stub.GetWorkflow(
        service_pb2.GetWorkflowRequest(user_app_id=app_id, workflow_id=workflow_id), metadata=pat
    )


def listed(stub, pat, app_id, **fields):
    return stub.ListWorkflows(service_pb2.ListWorkflowsRequest(user_app_id=app_id, **fields), metadata=pat)


def run(stub, pat, app_id, workflow_id):
    request = service_pb2.PostWorkflowResultsRequest(
        user_app_id=app_id,
        workflow_id=workflow_id,
        inputs=[
            resources_pb2.Input(
                data=resources_pb2.Data(
                    image=resources_pb2.Image(url="https://samples.clarifai.com/dog2.jpeg")
                )
            )
        ],
    )
    return stub.PostWorkflowResults(request, metadata=pat)


def test_a_workflow_on_a_public_model_is_kept_with_its_app_and_version(stub, pat, app_id):
    response = post(stub, pat, app_id, "general-only", node("general", GENERAL))
    assert response.status.code == 10000
    made = response.workflows[0]
    assert (made.id, made.app_id, made.user_id) == ("general-only", app_id.app_id, app_id.user_id)
    model = made.nodes[0].model
    assert (model.id, model.user_id, model.app_id, model.model_version.id) == (
        GENERAL,
        "clarifai",
        "main",
        GENERAL_VERSION,
    )
    assert made.created_at.seconds > 0
    assert get(stub, pat, app_id, "general-only").workflow == made


def test_post_workflow_results_runs_a_users_workflow_on_public_models(stub, pat, app_id):
    post(stub, pat, app_id, "two", node("general", GENERAL), node("faces", "face-detection"))
    response = run(stub, pat, app_id, "two")
    assert response.status.code == 10000
    outputs = response.results[0].outputs
    assert [o.model.id for o in outputs] == [GENERAL, "face-detection"]
    assert outputs[0].data.concepts[0].id.startswith("ai_")
    assert response.workflow.id == "two"


def test_a_public_model_may_be_named_by_its_old_id_as_clarifais_tests_do(stub, pat, app_id):
    made = post(stub, pat, app_id, "legacy", node("the-general-node", OLD_GENERAL, GENERAL_VERSION))
    assert made.workflows[0].nodes[0].model.id == GENERAL


def test_a_node_may_use_a_trained_model_of_the_app(stub, pat, app_id):
    labelled(stub, pat, app_id, 2)
    post_model(stub, pat, app_id)
    post_version(stub, pat, app_id, output_info=concepts("cat"))
    wait(stub, pat, app_id)
    made = post(stub, pat, app_id, "mine", node("pets", "pets"))
    assert made.status.code == 10000
    assert (made.workflows[0].nodes[0].model.app_id, made.workflows[0].nodes[0].model.user_id) == (
        app_id.app_id,
        app_id.user_id,
    )
    outputs = run(stub, pat, app_id, "mine").results[0].outputs
    assert [c.id for c in outputs[0].data.concepts] == ["cat"]


def test_a_missing_model_or_version_makes_no_workflow(stub, pat, app_id):
    missing = post(stub, pat, app_id, "broken", node("food", "bd367be194cf45149e75f01d59f77ba7"))
    assert (missing.status.code, missing.status.description) == (22104, "Workflow invalid argument")
    assert "bd367be194cf45149e75f01d59f77ba7" in missing.status.details
    old_version = post(
        stub, pat, app_id, "broken", node("general", GENERAL, "aa9ca48295b37401f8af92ad1af0d91d")
    )
    assert old_version.status.code == 22104
    assert get(stub, pat, app_id, "broken").status.code == 11101


def test_bad_ids_graphs_and_duplicates_are_refused(stub, pat, app_id):
    assert post(stub, pat, app_id, "x" * 33, node("general", GENERAL)).status.code == 11102
    assert post(stub, pat, app_id, "empty").status.code == 22104
    twice = post(stub, pat, app_id, "twice", node("a", GENERAL), node("a", GENERAL))
    assert twice.status.code == 22104
    dangling = node("b", GENERAL)
    dangling.node_inputs.add(node_id="nowhere")
    graph = post(stub, pat, app_id, "graph", dangling)
    assert (graph.status.code, graph.status.description) == (22107, "Workflow graph is invalid")
    assert post(stub, pat, app_id, "once", node("a", GENERAL)).status.code == 10000
    assert post(stub, pat, app_id, "once", node("a", GENERAL)).status.code == 22100


def test_list_workflows_newest_first_and_one_page_at_a_time(stub, pat, app_id):
    for workflow_id in ("w1", "w2", "w3"):
        post(stub, pat, app_id, workflow_id, node("general", GENERAL))
    assert [w.id for w in listed(stub, pat, app_id).workflows] == ["w3", "w2", "w1"]
    assert [w.id for w in listed(stub, pat, app_id, page=2, per_page=2).workflows] == ["w1"]
    assert [w.id for w in listed(stub, pat, app_id, id="w2").workflows] == ["w2"]


def test_patch_workflows_merge_remove_and_overwrite(stub, pat, app_id):
    post(stub, pat, app_id, "flow", node("general", GENERAL))

    def patch(action, *nodes):
        workflow = resources_pb2.Workflow(id="flow", nodes=list(nodes))
        request = service_pb2.PatchWorkflowsRequest(user_app_id=app_id, action=action, workflows=[workflow])
        return stub.PatchWorkflows(request, metadata=pat)

    merged = patch("merge", node("faces", "face-detection"))
    assert [n.id for n in merged.workflows[0].nodes] == ["general", "faces"]
    removed = patch("remove", node("general", GENERAL))
    assert [n.id for n in removed.workflows[0].nodes] == ["faces"]
    overwritten = patch("overwrite", node("only", GENERAL, GENERAL_VERSION))
    assert [n.id for n in get(stub, pat, app_id, "flow").workflow.nodes] == ["only"]
    assert overwritten.status.code == 10000
    assert patch("overwrite", node("x", "no-such-model")).status.code == 22104
    assert [n.id for n in get(stub, pat, app_id, "flow").workflow.nodes] == ["only"]


def test_delete_workflow_then_it_is_gone_everywhere(stub, pat, app_id):
    post(stub, pat, app_id, "doomed", node("general", GENERAL))
    request = service_pb2.DeleteWorkflowRequest(user_app_id=app_id, workflow_id="doomed")
    assert stub.DeleteWorkflow(request, metadata=pat).status.code == 10000
    assert get(stub, pat, app_id, "doomed").status.code == 11101
    assert run(stub, pat, app_id, "doomed").status.code == 11101
    assert stub.DeleteWorkflow(request, metadata=pat).status.code == 11101


def test_delete_workflows_by_ids_or_all(stub, pat, app_id):
    for workflow_id in ("a", "b", "c"):
        post(stub, pat, app_id, workflow_id, node("general", GENERAL))
    by_ids = service_pb2.DeleteWorkflowsRequest(user_app_id=app_id, ids=["a", "missing"])
    assert stub.DeleteWorkflows(by_ids, metadata=pat).status.code == 11101
    assert len(listed(stub, pat, app_id).workflows) == 3
    everything = service_pb2.DeleteWorkflowsRequest(user_app_id=app_id, delete_all=True)
    assert stub.DeleteWorkflows(everything, metadata=pat).status.code == 10000
    assert listed(stub, pat, app_id).workflows == []


def test_clarifai_mains_workflows_are_readable_with_a_pat_but_not_writable(stub, pat):
    demographics = get(stub, pat, MAIN, "Demographics")
    assert demographics.status.code == 10000
    assert len(demographics.workflow.nodes) == 3
    assert "Demographics" in [w.id for w in listed(stub, pat, MAIN).workflows]
    assert post(stub, pat, MAIN, "mine", node("general", GENERAL)).status.code == 11101


def test_the_public_general_workflow_runs_concepts_embedding_and_clusters(stub, pat):
    general = get(stub, pat, MAIN, "General").workflow
    assert [(n.id, n.model.id, n.model.model_version.id) for n in general.nodes] == [
        ("general-v1.5-concept", GENERAL, GENERAL_VERSION),
        ("general-v1.5-embed", "general-image-embedding", "bb186755eda04f9cbb6fe32e816be104"),
        ("general-v1.5-cluster", "general-clusterering", "cc2074cff6dc4c02b6f4e1b8606dcb54"),
    ]
    assert [i.node_id for i in general.nodes[2].node_inputs] == ["general-v1.5-embed"]
    request = service_pb2.PostWorkflowResultsRequest(
        user_app_id=MAIN,
        workflow_id="General",
        inputs=[resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(url=DOG_URL)))],
        output_config=resources_pb2.OutputConfig(max_concepts=3),
    )
    result = stub.PostWorkflowResults(request, metadata=pat).results[0]
    concepts, embedding, clusters = (output.data for output in result.outputs)
    assert len(concepts.concepts) == 3
    assert embedding.embeddings[0].num_dimensions == len(embedding.embeddings[0].vector) == 1024
    assert len(clusters.clusters) == 1


def test_a_workflow_of_the_general_and_moderation_models_by_their_old_ids(stub, pat, app_id):
    response = post(
        stub,
        pat,
        app_id,
        "mod-and-general",
        node("the-general-node", OLD_GENERAL, GENERAL_VERSION),
        node("the-moderation-node", "d16f390eb32cad478c7ae150069bd2c6", "aa8be956dbaa4b7a858826a84253cab9"),
    )
    assert response.status.code == 10000
    assert response.workflows[0].nodes[1].model.id == "moderation-recognition"
    moderation = run(stub, pat, app_id, "mod-and-general").results[0].outputs[1]
    assert {c.name for c in moderation.data.concepts} == {"safe", "suggestive", "explicit", "drug", "gore"}


def test_a_workflow_result_fails_with_its_input(stub, pat):
    request = service_pb2.PostWorkflowResultsRequest(
        user_app_id=MAIN,
        workflow_id="General",
        inputs=[
            resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(url=DOG_URL))),
            resources_pb2.Input(
                data=resources_pb2.Data(image=resources_pb2.Image(url="http://unreachable.example.org/a.jpg"))
            ),
        ],
    )
    response = stub.PostWorkflowResults(request, metadata=pat)
    assert response.status.code == 10010
    assert [r.status.code for r in response.results] == [10000, 30002]


def test_list_public_workflows_is_the_retired_rest_path_of_old_clients(emulator):
    url = emulator.rest_url + "/v2/public_workflows"
    headers = {"Authorization": "Key " + emulator.account.api_key}
    answer = requests.get(url, headers=headers, timeout=30).json()
    assert answer["status"]["code"] == 10000
    assert {"General", "Demographics"} <= {w["id"] for w in answer["workflows"]}
    one = requests.get(url + "?per_page=1&page=2", headers=headers, timeout=30).json()
    assert len(one["workflows"]) == 1


def test_list_public_workflows_answers_old_grpc_clients_too(emulator):
    import grpc

    from emulator.legacy_protos import ListPublicWorkflowsRequest

    with grpc.insecure_channel(f"{emulator.host}:{emulator.grpc_port}") as channel:
        call = channel.unary_unary(
            "/clarifai.api.V2/ListPublicWorkflows",
            request_serializer=ListPublicWorkflowsRequest.SerializeToString,
            response_deserializer=service_pb2.MultiWorkflowResponse.FromString,
        )
        answer = call(
            ListPublicWorkflowsRequest(), metadata=(("authorization", "Key " + emulator.account.api_key),)
        )
    assert answer.status.code == 10000 and "General" in [w.id for w in answer.workflows]


def test_list_public_workflows_takes_any_valid_key_or_pat(emulator):
    url = emulator.rest_url + "/v2/public_workflows"
    for token, code in ((emulator.account.pat, 10000), (emulator.account.api_key, 10000), ("bad", 11008)):
        answer = requests.get(url, headers={"Authorization": "Key " + token}, timeout=30).json()
        assert answer["status"]["code"] == code
    assert requests.get(url, timeout=30).json()["status"]["code"] == 11102
