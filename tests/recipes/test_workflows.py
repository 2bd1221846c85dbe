"""Workflow and app recipes against the emulator: CL020 (node model ids), CL022 (base workflows)."""

import pytest
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from recipes.errors import ClarifaiStatusError
from recipes.workflows import MAIN, base_workflow_of, create_app, nodes_running, v2_model_id

GENERAL, GENERAL_HASH = "general-image-recognition", "aaa03c23b3724a16a56b629203edc62c"


def make_workflow(session, workflow_id, model_id):
    model = resources_pb2.Model(id=model_id, user_id="clarifai", app_id="main")
    model.model_version.id = "aa7f35c01e0642fda5cf400f543e7c40"
    workflow = resources_pb2.Workflow(
        id=workflow_id, nodes=[resources_pb2.WorkflowNode(id="tags", model=model)]
    )
    request = service_pb2.PostWorkflowsRequest(user_app_id=session.user_app_id, workflows=[workflow])
    assert session.stub.PostWorkflows(request, metadata=session.metadata).status.code == 10000


def test_v2_model_id_resolves_an_old_hash_id(session):
    assert v2_model_id(session, GENERAL_HASH, MAIN) == GENERAL
    assert v2_model_id(session, GENERAL, MAIN) == GENERAL


@pytest.mark.parametrize("day", ["2023-07-26", "2023-07-27"])
@pytest.mark.parametrize("asked", [GENERAL, GENERAL_HASH])
def test_nodes_running_finds_the_node_by_either_id_on_both_sides(session, day, asked):
    dated = session.as_of(day)
    make_workflow(dated, f"tags-{asked[:4]}", GENERAL)
    assert nodes_running(dated, f"tags-{asked[:4]}", asked) == ["tags"]
    assert nodes_running(dated, f"tags-{asked[:4]}", "general-image-embedding") == []


def test_nodes_running_reads_public_workflows(session):
    assert nodes_running(session, "General", "bbb5f41425b8468d9b7a554ff10f8581", MAIN) == [
        "general-v1.5-embed"
    ]


def test_an_unknown_model_is_the_apis_error(session):
    make_workflow(session, "tags", GENERAL)
    with pytest.raises(ClarifaiStatusError) as raised:
        nodes_running(session, "tags", "no-such-model")
    assert raised.value.rpc == "GetModel"


@pytest.mark.parametrize("day", ["2024-07-01", "2024-07-02"])
def test_create_app_keeps_the_base_workflow_named_on_both_sides(session, day):
    dated = session.as_of(day)
    made = create_app(dated, f"kept-{day}")
    assert made.default_workflow.id == "General"
    scope = resources_pb2.UserAppIDSet(user_id=session.user_app_id.user_id, app_id=f"kept-{day}")
    assert base_workflow_of(dated, scope) == "General"
    assert create_app(dated, f"universal-{day}", base_workflow="Universal").default_workflow.id == "Universal"


def test_create_app_refuses_a_base_workflow_clarifai_main_does_not_have(session):
    with pytest.raises(ClarifaiStatusError) as raised:
        create_app(session, "typo", base_workflow="Genral")
    assert raised.value.code == 11102 and "Genral" in raised.value.details


def test_the_cookbook_and_the_emulator_know_the_same_old_ids():
    from emulator.public import OLD_IDS
    from recipes.renames import OLD_MODEL_IDS

    assert OLD_MODEL_IDS == OLD_IDS
