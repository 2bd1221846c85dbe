"""CL022: create an app whose base workflow is General now that the API's default is Universal."""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from cookbook.exercise import Attempt, Exercise, Expectation
from recipes.connect import Session
from recipes.workflows import base_workflow_of

APP_ID = "cl022-yours"
WANTED = "General"


def scope(session: Session) -> resources_pb2.UserAppIDSet:
    """APP_ID of the session's user."""
    return resources_pb2.UserAppIDSet(user_id=session.user_app_id.user_id, app_id=APP_ID)


def no_app(session: Session) -> str:
    """Delete APP_ID if an earlier check made it, so each check creates it anew; return its id."""
    request = service_pb2.DeleteAppRequest(user_app_id=scope(session))
    session.stub.DeleteApp(request, metadata=session.metadata)  # NOT_FOUND the first time
    return APP_ID


def _made(attempt: Attempt) -> str:
    request = service_pb2.GetAppRequest(user_app_id=scope(attempt.session))
    status = attempt.session.stub.GetApp(request, metadata=attempt.session.metadata).status
    return "" if status.code == 10000 else f"there is no app {APP_ID!r} (GetApp: {status.description})"


def _base_workflow(attempt: Attempt) -> str:
    found = base_workflow_of(attempt.session, scope(attempt.session))
    return "" if found == WANTED else f"the app's base workflow is {found}, not {WANTED}"


EXERCISE = Exercise(
    change="CL022",
    prepare=no_app,
    run=lambda answer, session, app_id: answer(session, app_id),
    expectations=(
        Expectation(
            f"the app {APP_ID!r} is made",
            _made,
            "create it with PostApps, user_app_id naming only your user_id.",
        ),
        Expectation(
            f"its base workflow is {WANTED}",
            _base_workflow,
            "an app that names no base workflow gets Universal now: set the App's default_workflow "
            "to a Workflow(id='General', user_id='clarifai', app_id='main').",
        ),
    ),
)
