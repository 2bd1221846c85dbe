"""CL019 2023-03-30: clarifai/main models and workflows need a PAT and user_app_id clarifai/main.

Before the date (Clarifai's text, "the legacy behavior"):
- an app API key reached the models and workflows of clarifai/main as well as its own app's,
  and ListModels listed clarifai/main's models after its app's;
- the USER_ID/APP_ID of any app reached clarifai/main's models and workflows: a model or
  workflow id missing from the app a request names was looked up in clarifai/main.
After it, a key reaches only its own app (today's `emulator.auth`: 11008, with an emulated
details text naming the fix), and clarifai/main needs a PAT with user_app_id clarifai/main
(otherwise the model is not found in the app named: 11101). Only reading and predicting
were ever open (provenance: cl019-legacy-access). The enforcement date slipped in reality
(listed later for 2024-10-01 and 2025-06-11); the emulator keeps the announced one.
"""

import datetime as dt
from collections.abc import Mapping

from google.protobuf.message import Message

from ..auth import Caller, credential_for, token_from
from ..call import Call
from ..descriptors import Rpc
from ..models import listed
from ..statuses import ApiError
from ..store import App, Store
from . import Change

change = Change(
    __name__,
    code="CL019",
    date=dt.date(2023, 3, 30),
    rpcs={
        "PostModelOutputs",
        "PostWorkflowResults",
        "GetModel",
        "GetModelVersion",
        "ListModelVersions",
        "GetWorkflow",
        "ListModels",
        "PostModelFeedback",
    },
)
WORKFLOW_RPCS = {"PostWorkflowResults", "GetWorkflow"}


def _public_app(store: Store) -> App | None:
    return next((app for app in store.apps() if app.public), None)


def _holds(app: App, rpc_name: str, request: Message) -> bool:
    """Whether `app` has the model or workflow the request names."""
    if rpc_name in WORKFLOW_RPCS:
        return request.workflow_id in app.workflows
    return app.model(getattr(request, "model_id", "")) is not None  # ListModels names none


@change.authorize
def authorize(rpc: Rpc, request: Message, metadata: Mapping[str, str], store: Store) -> Caller | None:
    """Before the date any valid PAT or key could read clarifai/main's models and workflows,
    naming clarifai/main, or any app when the resource is one of clarifai/main's."""
    public = _public_app(store)
    if public is None or not rpc.read_only:
        return None
    scope = request.user_app_id
    names_public = (scope.user_id, scope.app_id) == (public.user_id, public.id)
    if not names_public and not _holds(public, rpc.name, request):
        return None
    try:
        credential = credential_for(token_from(metadata), store)
    except ApiError:
        return None
    return Caller(credential, store.users[public.user_id], public)


@change.request
def serve_from_clarifai_main(call: Call) -> None:
    """A model or workflow that the caller's app lacks but clarifai/main has is served from
    clarifai/main (a key with no user_app_id, a PAT naming its own app)."""
    own = call.caller.app
    public = _public_app(call.store)
    if own is None or public is None or own.public:
        return
    if not _holds(own, call.rpc.name, call.request) and _holds(public, call.rpc.name, call.request):
        call.caller = Caller(call.caller.credential, call.store.users[public.user_id], public)


@change.answer
def list_public_models(call: Call) -> Message | None:
    """Before the date an app API key listed clarifai/main's models after its app's, as a PAT
    does today (provenance: list-models-public)."""
    if call.rpc.name != "ListModels":
        return None
    return call.ok(models=listed(call, not call.app.public and not call.request.dont_fetch_from_main))
