"""CL019 2023-03-30: clarifai/main models and workflows need a PAT and user_app_id clarifai/main.

Before the date (Clarifai's text, "the legacy behavior"):
- an app API key reached the models and workflows of clarifai/main as well as its own app's,
  and ListModels listed clarifai/main's models after its app's;
- the USER_ID/APP_ID of any app reached clarifai/main's models and workflows: a model or
  workflow id missing from the app a request names was looked up in clarifai/main.
After it, a key reaches only its own app (today's `emulator.auth`: 11008, with an emulated
details text naming the fix), and clarifai/main needs a PAT with user_app_id clarifai/main
(otherwise the model is not found in the app named: 11101). Only reading and predicting
were ever open (provenance: cl019-legacy-access).

Workflows, in Clarifai's words: "API keys will still work for the time being for workflows in
the same app as the API key that contains only models from that same app". So from the date
an app key runs (PostWorkflowResults) a workflow of its own app only when every node's model
is of that app; one with a clarifai/main node is refused with 11008 (today's rule,
`emulator.workflows.check_key_runs`; provenance: cl019-workflows). Before the date it ran.

When: the catalog's date is the announced one, and the emulator enforces from it (so `serve
--as-of` and `cookbook bisect`, which run as of catalog dates, name CL019 on 2023-03-30).
Clarifai moved the date twice; `SCHEDULE` lists every date its pages gave, with the source,
and the notebook shows what the emulator answers around each (provenance: cl019-date).
"""

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from ..auth import Caller, credential_for, token_from
from ..call import Call
from ..descriptors import Rpc
from ..models import listed
from ..predictions import batch_status, workflow_results
from ..statuses import ApiError
from ..store import App, Store
from ..workflows import outside_apps, stored_workflow
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


class Milestone(NamedTuple):
    """A date Clarifai's pages gave for the change, what they said, and where."""

    date: dt.date
    said: str
    source: str


DOCS = "Clarifai/docs docs/product-updates/"
SCHEDULE = (
    Milestone(
        dt.date(2023, 3, 30),
        "announced for API 9.3: 'We plan to implement this change on March 30, 2023'",
        DOCS + "upcoming-api-changes/pat-api-keys.md (Date: March 30th, 2023); the seed page: completed",
    ),
    Milestone(
        dt.date(2024, 10, 1),
        "back under 'Upcoming Changes': 'October 1st, 2024 | Changes to the use of PATs and API keys'",
        DOCS + "upcoming-api-changes/README.mdx",
    ),
    Milestone(
        dt.date(2024, 11, 7),
        "Release 10.10 changelog: 'This change will be rolled out this month in November'",
        DOCS + "changelog/release1010.md (Release Date: November 7th, 2024)",
    ),
    Milestone(
        dt.date(2025, 6, 11),
        "'Implementation Date: June 11th, 2025', API 11.6; listed under 'Completed Changes'",
        "docs.clarifai.com/product-updates/upcoming-api-changes/pat-api-keys and .../upcoming-api-changes",
    ),
)
ENFORCED_FROM = SCHEDULE[0].date  # the catalog's date: see the module's docstring


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


def _key_on_mixed_workflow(call: Call) -> bool:
    """Whether an app API key runs a workflow with a node outside its app (today: refused)."""
    credential = call.caller.credential
    workflow = call.app.workflows.get(call.request.workflow_id)
    return (
        credential is not None
        and not credential.is_pat
        and workflow is not None
        and bool(outside_apps(workflow))
    )


@change.answer
def legacy_answer(call: Call) -> Message | None:
    """Before the date an app API key listed clarifai/main's models after its app's, as a PAT
    does today (provenance: list-models-public), and ran its app's workflows whatever app
    their nodes' models were in (provenance: cl019-workflows)."""
    if call.rpc.name == "ListModels":
        return call.ok(models=listed(call, not call.app.public and not call.request.dont_fetch_from_main))
    if call.rpc.name == "PostWorkflowResults" and _key_on_mixed_workflow(call):
        workflow = stored_workflow(call, call.request.workflow_id)  # today's handler, without check_key_runs
        shown = resources_pb2.Workflow(id=workflow.id, app_id=workflow.app_id, user_id=workflow.user_id)
        results = workflow_results(call, workflow)
        answer = batch_status([result.status for result in results])
        return call.rpc.response_class(status=answer, workflow=shown, results=results)
    return None
