"""CL022 2024-07-02: apps created via the API without a base workflow get Universal, not General.

Flags the app of a PostApps request (`resources_pb2.App(...)` inside `PostAppsRequest` or held
in a variable sent in one, or an `{"apps": [{...}]}` REST body, also a curl command's) that
names no base workflow (`default_workflow` or `default_workflow_id`). No fix: which workflow
the code relies on is the author's choice (`General` keeps the old behaviour). The SDK's
`create_app` always names one: not flagged.

Not in the 2.x client: it has no call that creates an app.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..engine import Context, containing, named
from ..forms import assigned_name, calls_given
from ..hits import Hit
from ..rest import curl_command
from ..syntax import callee, dict_keys, enclosing_calls, key_of

CODE = "CL022"
TRIGGERS = ("PostApps", '"apps"', "'apps'")

BASE_FIELDS = frozenset({"default_workflow", "default_workflow_id"})
MESSAGE = (
    "an app created without a base workflow gets Universal since 2024-07-02 (General before): "
    'name the one you rely on, e.g. default_workflow=Workflow(id="General", user_id="clarifai", '
    'app_id="main") (recipes.workflows.create_app)'
)


def _posted(app: ast.Call, parents: tuple) -> bool:
    """Whether an App is sent in a PostAppsRequest: inside it, or through a variable
    (`app = resources_pb2.App(...)` ... `PostAppsRequest(apps=[app])`)."""
    if "PostAppsRequest" in enclosing_calls(parents):
        return True
    name = assigned_name(app, parents)
    return name is not None and "PostAppsRequest" in calls_given(name, parents)


@named("App")
def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`PostAppsRequest(apps=[resources_pb2.App(id="new")])`."""
    if callee(node) != "App" or not _posted(node, parents):
        return
    if any(item.arg is None for item in node.keywords):  # App(**fields): not knowable here
        return
    if not BASE_FIELDS & {item.arg for item in node.keywords}:
        yield Hit(node, MESSAGE)


def visit_Dict(node: ast.Dict, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`requests.post(f"{API}/v2/users/me/apps", json={"apps": [{"id": "new"}]})`."""
    if len(parents) < 2 or not ctx.mentions_clarifai or not isinstance(parents[-1], ast.List):
        return
    if key_of(parents[-2], parents[-1]) != "apps" or "/apps" not in ctx.text:
        return
    if None not in node.keys and not BASE_FIELDS & dict_keys(node):
        yield Hit(node, MESSAGE)


@containing("curl", "apps")
def visit_Constant(node: ast.Constant, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`"curl -X POST .../v2/users/me/apps -d '{\"apps\": [{\"id\": \"new\"}]}'"`."""
    command = curl_command(node, parents, ctx.names)
    if command is None or command.method != "POST" or not command.path.endswith("/apps"):
        return
    body = command.body
    apps = body.get("apps") if isinstance(body, dict) else None
    if isinstance(apps, list) and any(isinstance(app, dict) and not BASE_FIELDS & set(app) for app in apps):
        yield Hit(node, MESSAGE)
