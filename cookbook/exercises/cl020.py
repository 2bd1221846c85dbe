"""CL020: find a workflow's node on the general model now that nodes name models by V2 id."""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from cookbook.exercise import Attempt, Exercise, Expectation
from recipes.connect import Session

from ..text import plural

WORKFLOW_ID = "cl020-yours"
# node id -> (the model's old hash id, its version): a public model of clarifai/main each
NODES = {
    "tags": ("aaa03c23b3724a16a56b629203edc62c", "aa7f35c01e0642fda5cf400f543e7c40"),  # general
    "moderate": ("d16f390eb32cad478c7ae150069bd2c6", "aa8be956dbaa4b7a858826a84253cab9"),  # moderation
}
GENERAL_NODE = "tags"


def make_workflow(session: Session) -> str:
    """A fresh WORKFLOW_ID of two nodes, each made with its model's hash id, as in 2023."""
    delete = service_pb2.DeleteWorkflowRequest(user_app_id=session.user_app_id, workflow_id=WORKFLOW_ID)
    session.stub.DeleteWorkflow(delete, metadata=session.metadata)  # NOT_FOUND the first time
    nodes = []
    for node_id, (model_id, version_id) in NODES.items():
        model = resources_pb2.Model(id=model_id, user_id="clarifai", app_id="main")
        model.model_version.id = version_id
        nodes.append(resources_pb2.WorkflowNode(id=node_id, model=model))
    workflow = resources_pb2.Workflow(id=WORKFLOW_ID, nodes=nodes)
    request = service_pb2.PostWorkflowsRequest(user_app_id=session.user_app_id, workflows=[workflow])
    reply = session.stub.PostWorkflows(request, metadata=session.metadata)
    assert reply.status.code == 10000, reply.status.description
    return WORKFLOW_ID


def shown_model_ids(session: Session) -> str:
    """The model ids GetWorkflow answers for the nodes, for the attendee: `tags: general-...`."""
    request = service_pb2.GetWorkflowRequest(user_app_id=session.user_app_id, workflow_id=WORKFLOW_ID)
    workflow = session.stub.GetWorkflow(request, metadata=session.metadata).workflow
    return ", ".join(f"{node.id}: {node.model.id}" for node in workflow.nodes)


def _found(attempt: Attempt) -> str:
    if not isinstance(attempt.result, list | tuple):
        return f"it returned {attempt.result!r}, not a list of node ids"
    if GENERAL_NODE in attempt.result:
        return ""
    return (
        f"it returned {list(attempt.result)!r}, not the node {GENERAL_NODE!r} "
        f"(GetWorkflow answers {shown_model_ids(attempt.session)})"
    )


def _only_general(attempt: Attempt) -> str:
    others = sorted(set(attempt.result) - {GENERAL_NODE})
    return f"it also returned {others!r}: {plural(len(others), 'node')} on another model" if others else ""


EXERCISE = Exercise(
    change="CL020",
    prepare=make_workflow,
    run=lambda answer, session, workflow_id: answer(session, workflow_id),
    expectations=(
        Expectation(
            f"it finds the node on the general model ({GENERAL_NODE!r})",
            _found,
            "nodes answer V2 ids now: ask GetModel (user_app_id clarifai/main) for the hash id you "
            "hold and compare each node's model id with the id it answers.",
        ),
        Expectation(
            "it leaves out the node on another model",
            _only_general,
            "keep only the nodes whose model id equals the general model's V2 id.",
        ),
    ),
)
