"""CL019 2023-03-30: clarifai/main models and workflows need a PAT and user_app_id clarifai/main.

Flags prediction and model requests to a known clarifai/main model or workflow (a literal id, a
module constant, a local variable, or a helper of the file passing it on) that give no
`user_app_id`, or one that is not clarifai/main; REST URLs to a public model without
`/users/clarifai/apps/main`; and the 2.x client (`ClarifaiApp`, which authenticates with an app
API key) in files that use public models.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..engine import Context, containing
from ..forms import local_value
from ..hits import Hit
from ..names import PUBLIC_MODELS, PUBLIC_WORKFLOWS
from ..rest import url_text
from ..syntax import callee, calls_in, chain, const_str, in_fstring_or_docstring, is_docstring, keyword

CODE = "CL019"
TRIGGERS = ("Request", "/models/", "/workflows/", "public_models", "models.get", "workflows.get")

REQUESTS = {
    "PostModelOutputsRequest": "model_id",
    "GetModelRequest": "model_id",
    "GetModelVersionRequest": "model_id",
    "ListModelVersionsRequest": "model_id",
    "PostWorkflowResultsRequest": "workflow_id",
    "GetWorkflowRequest": "workflow_id",
}
PUBLIC_URL = re.compile(r"/(models|workflows)/([^/{}?]+)/(?:versions/[^/]+/)?(?:outputs|results)\b")
URL_OWNER = re.compile(r"/users/([^/]+)/apps/([^/]+)/(?:models|workflows)/")
MESSAGE = (
    "{what} is in clarifai/main: since the PAT change an app API key no longer reaches it; "
    "use a PAT and user_app_id=UserAppIDSet(user_id='clarifai', app_id='main')"
)
CLIENT = (
    "the 2.x client calls clarifai/main models with the app's API key, refused since the PAT change: "
    "use clarifai-grpc with a PAT and user_app_id clarifai/main"
)


def _is_public(kind: str, name: str | None) -> bool:
    return name in (PUBLIC_MODELS if kind == "model_id" else PUBLIC_WORKFLOWS)


def _owner_is_clarifai(value: ast.expr, ctx: Context) -> bool | None:
    """Whether `user_app_id=UserAppIDSet(user_id=..., app_id=...)` names clarifai/main; None if unknown."""
    if not isinstance(value, ast.Call):
        return None
    user = keyword(value, "user_id")
    app = keyword(value, "app_id")
    user_id = ctx.names.string(user.value) if user else None
    app_id = ctx.names.string(app.value) if app else None
    if user_id is None or app_id is None:
        return None
    return user_id == "clarifai" and app_id == "main"


@dataclass
class _Client:
    constructors: list[tuple] = field(default_factory=list)  # ClarifaiApp(api_key=...)
    uses: list[tuple] = field(default_factory=list)  # public model uses through the 2.x client
    unowned: dict[str, set[str]] = field(default_factory=dict)  # helper name -> `_unowned_requests`


def _client(ctx: Context) -> _Client:
    return ctx.state(CODE, _Client)


def _named(value: ast.expr, ctx: Context, parents: tuple) -> str | None:
    """The id a request is given: a literal, a module constant, or a local variable's one string."""
    text = ctx.names.string(value)
    if text is None and isinstance(value, ast.Name):
        local = local_value(value, parents)
        text = local.value if isinstance(local, ast.Constant) and isinstance(local.value, str) else None
    return text


def _unowned_requests(definition: ast.AST) -> set[str]:
    """The id keywords (`model_id`, `workflow_id`) of a function's requests that give no user_app_id."""
    kinds: set[str] = set()
    for inner in calls_in(definition):
        kind = REQUESTS.get(callee(inner) or "")
        if kind is not None and keyword(inner, "user_app_id") is None:
            kinds.add(kind)
    return kinds


def _through_helper(node: ast.Call, ctx: Context) -> Iterator[Hit]:
    """`predict(stub, "general-image-recognition")` for a helper of the file whose request passes
    its argument on as `model_id` and gives no user_app_id."""
    if not isinstance(node.func, ast.Name) or node.func.id not in ctx.names.functions:
        return
    known = _client(ctx).unowned
    if node.func.id not in known:
        known[node.func.id] = _unowned_requests(ctx.names.functions[node.func.id])
    unowned = known[node.func.id]
    for argument, key, text in ctx.names.passed_strings(node):
        if key in unowned and _is_public(key, text):
            yield Hit(argument, MESSAGE.format(what=f"{key.removesuffix('_id')} '{text}'"))
            return


def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """Requests to public models without clarifai/main; the 2.x client's public model calls."""
    name = callee(node)
    kind = REQUESTS.get(name or "")
    if kind is not None:
        target = keyword(node, kind)
        model = _named(target.value, ctx, parents) if target else None
        owner = keyword(node, "user_app_id")
        if _is_public(kind, model) and (owner is None or _owner_is_clarifai(owner.value, ctx) is False):
            yield Hit(node, MESSAGE.format(what=f"{kind.removesuffix('_id')} '{model}'"))
        return
    yield from _through_helper(node, ctx)
    if not ctx.names.imports_rest_client:
        return
    if name == "ClarifaiApp" and keyword(node, "api_key") is not None:
        _client(ctx).constructors.append((ctx.unit, node))
    elif name == "get" and node.args and chain(node.func)[-2:-1] in (["models"], ["workflows"]):
        target = const_str(node.args[0])
        if target in PUBLIC_MODELS or target in PUBLIC_WORKFLOWS:
            _client(ctx).uses.append((ctx.unit, node))


def visit_Attribute(node: ast.Attribute, ctx: Context, parents: tuple) -> None:
    """`app.public_models.general_model` (2.x client)."""
    owner = node.value
    if isinstance(owner, ast.Attribute) and owner.attr == "public_models" and ctx.names.imports_rest_client:
        _client(ctx).uses.append((ctx.unit, node))


def _url_hit(node: ast.AST, text: str) -> Iterator[Hit]:
    match = PUBLIC_URL.search(text)
    if not match:
        return
    kind = "model_id" if match.group(1) == "models" else "workflow_id"
    if not _is_public(kind, match.group(2)):
        return
    owner = URL_OWNER.search(text)
    if owner and ("{" in owner.group(0) or owner.groups() == ("clarifai", "main")):
        return
    yield Hit(node, MESSAGE.format(what=f"{match.group(1).rstrip('s')} '{match.group(2)}'"))


@containing("/models/", "/workflows/")
def visit_Constant(node: ast.Constant, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`"https://api.clarifai.com/v2/models/general-image-recognition/outputs"`."""
    value = node.value
    if not isinstance(value, str) or in_fstring_or_docstring(parents):
        return
    if "/models/" in value or "/workflows/" in value:
        yield from _url_hit(node, value)


def visit_JoinedStr(node: ast.JoinedStr, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`f"{BASE}/v2/models/{MODEL_ID}/outputs"` with `MODEL_ID = "general-image-recognition"`."""
    text = None if is_docstring(parents) else url_text(node, ctx.names)
    if text and ("/models/" in text or "/workflows/" in text):
        yield from _url_hit(node, text)


def finish(ctx: Context) -> Iterator[Hit]:
    """The 2.x client with an API key, in a file that uses public models."""
    client = _client(ctx)
    if not client.uses:
        return
    for unit, node in client.constructors or client.uses:
        yield Hit(node, CLIENT, unit=unit)
