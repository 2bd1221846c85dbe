"""Workflows and apps: match a workflow's node models by V2 id (CL020), and name the base workflow
an app is made with (CL022)."""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from .connect import Session
from .errors import check

MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")

# --- node model ids: CL020 -----------------------------------------------------------------


def v2_model_id(
    session: Session, model_id: str, user_app_id: resources_pb2.UserAppIDSet | None = None
) -> str:
    """The V2 id of the model `model_id` names (an old hash id or a V2 id), as GetModel answers it.

    Old hash ids still work in requests; responses name models by V2 id (CL014 for models,
    CL020, 2023-07-27, for workflow nodes), so resolve the id your code holds before comparing.
    """
    request = service_pb2.GetModelRequest(user_app_id=user_app_id or session.user_app_id, model_id=model_id)
    return check("GetModel", session.stub.GetModel(request, metadata=session.metadata)).model.id


def nodes_running(
    session: Session,
    workflow_id: str,
    model_id: str,
    workflow_app: resources_pb2.UserAppIDSet | None = None,
) -> list[str]:
    """The ids of the nodes of `workflow_id` that run the model `model_id` (either id of it).

    Compares V2 ids: the node's model id as GetWorkflow answers it (a hash before CL020, a V2
    id after) and `model_id`, each resolved with GetModel in the app that holds the model.
    """
    scope = workflow_app or session.user_app_id
    request = service_pb2.GetWorkflowRequest(user_app_id=scope, workflow_id=workflow_id)
    workflow = check("GetWorkflow", session.stub.GetWorkflow(request, metadata=session.metadata)).workflow
    wanted: dict[tuple[str, str], str] = {}
    found = []
    for node in workflow.nodes:
        home = resources_pb2.UserAppIDSet(
            user_id=node.model.user_id or scope.user_id, app_id=node.model.app_id or scope.app_id
        )
        key = (home.user_id, home.app_id)
        if key not in wanted:
            wanted[key] = v2_model_id(session, model_id, home)
        if v2_model_id(session, node.model.id, home) == wanted[key]:
            found.append(node.id)
    return found


# --- base workflows: CL022 ------------------------------------------------------------------


def create_app(
    session: Session, app_id: str, base_workflow: str = "General", description: str = ""
) -> resources_pb2.App:
    """Create the app `app_id` of the session's user with the base workflow you rely on.

    Since 2024-07-02 (CL022) an app created via the API without a base workflow gets Universal,
    no longer General: name it, as `default_workflow` (a workflow of clarifai/main), the way
    Clarifai's SDK does.
    """
    workflow = resources_pb2.Workflow(id=base_workflow, user_id=MAIN.user_id, app_id=MAIN.app_id)
    app = resources_pb2.App(id=app_id, description=description, default_workflow=workflow)
    user = resources_pb2.UserAppIDSet(user_id=session.user_app_id.user_id)
    request = service_pb2.PostAppsRequest(user_app_id=user, apps=[app])
    return check("PostApps", session.stub.PostApps(request, metadata=session.metadata)).apps[0]


def base_workflow_of(session: Session, user_app_id: resources_pb2.UserAppIDSet | None = None) -> str:
    """The base workflow of the session's app (or `user_app_id`), as GetApp answers it."""
    request = service_pb2.GetAppRequest(user_app_id=user_app_id or session.user_app_id)
    app = check("GetApp", session.stub.GetApp(request, metadata=session.metadata)).app
    return app.default_workflow.id or app.default_workflow_id
