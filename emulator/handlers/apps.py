"""Apps of the calling user: create, read, list, delete (PATs only, as the real API)."""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from ..call import Call
from ..paging import page
from ..public import DEFAULT_BASE_WORKFLOW
from ..statuses import ApiError
from ..store import App
from . import handles


def render(app: App) -> resources_pb2.App:
    """The app as responses show it."""
    shown = resources_pb2.App()
    shown.CopyFrom(app.record)
    shown.id, shown.user_id = app.id, app.user_id
    return shown


def with_base_workflow(call: Call, given: resources_pb2.App) -> resources_pb2.App:
    """The app as kept: its base workflow one of clarifai/main's, named in both fields (the
    `default_workflow` the SDK sends, or the older `default_workflow_id`), Universal when the
    request names none."""
    app = resources_pb2.App()
    app.CopyFrom(given)
    workflow_id = given.default_workflow.id or given.default_workflow_id or DEFAULT_BASE_WORKFLOW
    public = call.store.public_app()
    if public is not None and workflow_id not in public.workflows:
        raise ApiError("CONN_INVALID_REQUEST", "base-workflow-unknown", workflow_id=workflow_id[:80])
    app.default_workflow_id = workflow_id
    app.default_workflow.CopyFrom(resources_pb2.Workflow(id=workflow_id, app_id="main", user_id="clarifai"))
    return app


@handles("PostApps")
def post_apps(call: Call) -> Message:
    """Create apps for the caller; ids must be new."""
    user = call.caller.user
    given = list(call.request.apps)
    if not given:
        raise ApiError("CONN_INVALID_REQUEST", "no-apps")
    ids = [app.id or call.ids.hex32("app") for app in given]
    clash = [app_id for app_id in ids if app_id in user.apps or ids.count(app_id) > 1]
    if clash:
        raise ApiError("CONN_INVALID_REQUEST", "app-exists", app=clash[0])
    records = [with_base_workflow(call, item) for item in given]  # all checked before any is made
    created = []
    for app_id, record in zip(ids, records, strict=True):
        app = user.add_app(app_id)
        app.record.CopyFrom(record)
        app.record.created_at.CopyFrom(call.timestamp())
        created.append(render(app))
    return call.ok(apps=created)


@handles("GetApp")
def get_app(call: Call) -> Message:
    """The app the request names."""
    return call.ok(app=render(call.app))


@handles("ListApps")
def list_apps(call: Call) -> Message:
    """The caller's apps, by id, one page at a time (the SDK's lister stops on an empty page)."""
    apps = [app for _, app in sorted(call.caller.user.apps.items())]
    return call.ok(apps=[render(app) for app in page(call, apps)])


@handles("DeleteApp")
def delete_app(call: Call) -> Message:
    """Delete the app, its inputs and its API keys."""
    call.store.delete_app(call.app)
    return call.ok()
