"""CL015 2022-11-22: POST /searches is deprecated; use PostInputsSearches or PostAnnotationsSearches.

Flags `stub.PostSearches`, `PostSearchesRequest`, `Query(ands=...)`, the REST paths
`/v2/searches` and `/v2/users/{user}/apps/{app}/searches` (not `/inputs/searches` and the
other new ones), and the 2.x client's search calls, which all use POST /searches.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ..engine import Context, containing, named
from ..hits import Hit
from ..rest import HTTP_CALLS, built_url
from ..syntax import (
    callee,
    chain,
    enclosing_calls,
    in_fstring_or_docstring,
    is_docstring,
    key_of,
    string_text,
)

CODE = "CL015"
TRIGGERS = ("PostSearches", "/searches", "ands", "search")
STRONG_TRIGGERS = ("PostSearches",)

OLD_PATH = re.compile(r"(?:/v2|/apps/[^/]+)/searches\b")
CLIENT_SEARCHES = frozenset(
    {
        "search_by_predicted_concepts",
        "search_by_annotated_concepts",
        "search_by_image",
        "search_by_metadata",
        "search_by_original_url",
        "search_by_geo",
    }
)
RPC = "PostSearches is deprecated: use PostInputsSearches or PostAnnotationsSearches, with filters and ranks"
ANDS = "Query.ands belongs to the deprecated PostSearches: use filters and ranks with PostInputsSearches"
PATH = "POST /searches is deprecated: use POST /v2/users/{user}/apps/{app}/inputs/searches (filters, ranks)"
CLIENT = "the 2.x client searches with the deprecated POST /searches: use PostInputsSearches"


def _query_outside_post_searches(node: ast.Attribute, parents: tuple) -> bool:
    """`query.ands` built for something else than a PostSearchesRequest (which is flagged itself)."""
    return chain(node.value)[-1] == "query" and "PostSearchesRequest" not in enclosing_calls(parents)


@named("PostSearches", "PostSearchesRequest", "ands")
def visit_Attribute(node: ast.Attribute, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`stub.PostSearches(...)`, `service_pb2.PostSearchesRequest(...)`, `query.ands.append(...)`."""
    if node.attr in ("PostSearches", "PostSearchesRequest"):
        yield Hit(node, RPC)
    elif node.attr == "ands" and ctx.names.imports_clarifai and _query_outside_post_searches(node, parents):
        yield Hit(node, ANDS)


@named("PostSearchesRequest")
def visit_Name(node: ast.Name, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`PostSearchesRequest(...)` imported by name."""
    if node.id == "PostSearchesRequest" and isinstance(node.ctx, ast.Load):
        yield Hit(node, RPC)


def _searches_with_the_client(call: ast.Call, name: str | None) -> bool:
    if not isinstance(call.func, ast.Attribute):
        return False
    return name in CLIENT_SEARCHES or (name == "search" and chain(call.func)[-2:-1] == ["inputs"])


@named("Query", "search", *CLIENT_SEARCHES, *HTTP_CALLS)
def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`Query(ands=[...])` outside a PostSearchesRequest; `app.inputs.search_by_predicted_concepts(...)`."""
    name = callee(node)
    if name == "Query" and ctx.mentions_clarifai and "PostSearchesRequest" not in enclosing_calls(parents):
        for item in node.keywords:
            if item.arg == "ands":
                yield Hit(item, ANDS)
    elif ctx.names.imports_rest_client and _searches_with_the_client(node, name):
        yield Hit(node, CLIENT)
    elif ctx.mentions_clarifai and built_url(node, ctx.names, parents, OLD_PATH):
        yield Hit(node, PATH)


@containing("/searches")
def visit_Constant(node: ast.Constant, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`"https://api.clarifai.com/v2/searches"`."""
    value = node.value
    if not isinstance(value, str) or "/searches" not in value or in_fstring_or_docstring(parents):
        return
    if not ctx.mentions_clarifai:  # other APIs have a /v2/searches too
        return
    if OLD_PATH.search(value):
        yield Hit(node, PATH)


def visit_JoinedStr(node: ast.JoinedStr, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`f"{BASE}/v2/users/{USER}/apps/{APP}/searches"`."""
    text = None if is_docstring(parents) or not ctx.mentions_clarifai else string_text(node)
    if text and "/searches" in text and OLD_PATH.search(text):
        yield Hit(node, PATH)


def visit_Dict(node: ast.Dict, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`{"query": {"ands": [...]}}` in a REST body."""
    if parents and key_of(parents[-1], node) == "query" and ctx.mentions_clarifai:
        for key in node.keys:
            if isinstance(key, ast.Constant) and key.value == "ands":
                yield Hit(key, ANDS)
