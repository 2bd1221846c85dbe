"""Clarifai's public models after app API keys lost them (CL019): a PAT and clarifai/main.

Since CL019 (announced for 2023-03-30; Clarifai's pages later gave 2024-10-01 and
2025-06-11) the models and workflows of the user `clarifai`, app `main`, answer only a
personal access token (PAT) whose requests name `user_app_id = clarifai/main`. An app API
key reaches its own app only, and runs a workflow of its app only while every model of the
workflow is of that app: a workflow using clarifai/main's models needs the PAT (naming your
own app) too.
"""

from __future__ import annotations

import dataclasses

from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2

from .connect import ConnectError, Session
from .errors import check

CLARIFAI_MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")


def holds_pat(session: Session) -> bool:
    """Whether the session's credential is a PAT, asked of the API (app keys look the same).

    One `ListApps` call, which needs a PAT: an app key gets 11007 CONN_INSUFFICIENT_SCOPES.
    Raises ClarifaiStatusError for any other failure (an invalid key, for instance).
    """
    user = resources_pb2.UserAppIDSet(user_id=session.user_app_id.user_id or "me")
    request = service_pb2.ListAppsRequest(user_app_id=user, per_page=1)
    response = session.stub.ListApps(request, metadata=session.metadata)
    if response.status.code == status_code_pb2.CONN_INSUFFICIENT_SCOPES:
        return False
    check("ListApps", response)
    return True


def main_app_session(session: Session) -> Session:
    """The same session, with `user_app_id` clarifai/main, for Clarifai's public models (CL019).

    Predictions and reads of clarifai/main's models and workflows then work with the
    session's PAT. Raises ConnectError when the session holds an app API key instead (asked
    of the API with one `ListApps` call), since a key cannot reach clarifai/main.
    """
    if not holds_pat(session):
        raise ConnectError(
            "clarifai/main needs a personal access token (PAT): this session holds an app API key, "
            "which reaches only its own app since CL019. Connect with a PAT (CLARIFAI_PAT)."
        )
    return dataclasses.replace(
        session, user_app_id=resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
    )
