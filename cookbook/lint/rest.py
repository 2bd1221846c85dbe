"""Plain-HTTP calls to the REST API: `requests.post(f"{BASE}/v2/inputs", json=...)` and friends."""

from __future__ import annotations

import ast
import re
import shlex
from collections.abc import Iterator
from itertools import chain

from .curl import CurlCommand, parse_curl
from .forms import local_strings, local_value
from .names import Names
from .syntax import callee, is_docstring, keyword

HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete"})
# The called names `http_call` reads a request from (`requests.request`, `urllib.request.Request`).
HTTP_CALLS = HTTP_METHODS | {"request", "Request"}


def url_text(node: ast.AST | None, names: Names) -> str | None:
    """The text of a URL expression, with `{NAME}` (or `{}`) for the parts only known at run time.

    Reads literals, f-strings, `+` concatenations, `"...".format(...)` and module constants.
    """
    if node is None:
        return None
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else (url_text(part.value, names) or "{}")
            for part in node.values
        )
    if isinstance(node, ast.Name):
        return names.constants.get(node.id, "{" + node.id + "}")
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = url_text(node.left, names), url_text(node.right, names)
        if left is None and right is None:
            return None
        return (left or "{}") + (right or "{}")
    if isinstance(node, ast.Call) and callee(node) == "format" and isinstance(node.func, ast.Attribute):
        return url_text(node.func.value, names)
    return None


def _argument(call: ast.Call, index: int, name: str) -> ast.expr | None:
    """The argument at position `index` or under keyword `name`."""
    if len(call.args) > index:
        return call.args[index]
    item = keyword(call, name)
    return item.value if item is not None else None


def _method_and_target(call: ast.Call, names: Names) -> tuple[str, ast.expr | None] | None:
    """The HTTP method and URL expression of a call, in the forms people write.

    `requests.post(url)`, `session.delete(url)`, `httpx.patch(url)`; `requests.request("POST", url)`;
    `urllib.request.Request(url, data=..., method="DELETE")` (POST with data, GET without).
    """
    name = callee(call)
    if name in HTTP_METHODS and isinstance(call.func, ast.Attribute):
        return name, _argument(call, 0, "url")
    if name == "request" and isinstance(call.func, ast.Attribute):
        method = names.string(_argument(call, 0, "method"))
        return (method.lower(), _argument(call, 1, "url")) if method else None
    if name == "Request" and (names.origin(call.func) or "").startswith("urllib.request"):
        method = names.string(_argument(call, 3, "method"))
        data = _argument(call, 1, "data")
        default = "post" if data is not None else "get"
        return (method.lower() if method else default), _argument(call, 0, "url")
    return None


def http_call(call: ast.Call, names: Names, parents: tuple[ast.AST, ...] = ()) -> tuple[str, str] | None:
    """(method, url) when `call` is an HTTP request to what looks like Clarifai's API.

    The URL must show it: a `/v2/` path, or "clarifai" in its text or in the names it is built of.
    """
    found = _method_and_target(call, names)
    if found is None:
        return None
    method, target = found
    if isinstance(target, ast.Name) and target.id not in names.constants and parents:
        target = local_value(target, parents) or target
    url = url_text(target, names)
    if url is None or "/" not in url or ("/v2/" not in url and "clarifai" not in url.lower()):
        return None
    return method, url.split("?", 1)[0].rstrip("/")


_last_curl: list = [None, None, None]  # node, names, command


def curl_command(
    node: ast.Constant, parents: tuple[ast.AST, ...], names: Names | None = None
) -> CurlCommand | None:
    """The curl command a string literal holds, when it goes to Clarifai's API (not in prose).

    `"curl -X DELETE https://api.clarifai.com/v2/inputs -d '{...}'"` in a script, or a string
    handed to `subprocess.run(..., shell=True)` or `os.system`, or the argument list of
    `subprocess.run(["curl", ...])`. Docstrings are prose: skipped.
    A JSON text sent by an HTTP call (`requests.delete(url, data='{"delete_all": true}')`) is
    read as the same request, so that rules judge its body the way they judge a curl's.
    """
    if _last_curl[0] is node and _last_curl[1] is names:  # the rules ask of each string in a row
        return _last_curl[2]
    command = _curl_command(node, parents, names)
    _last_curl[:] = [node, names, command]
    return command


def _curl_command(
    node: ast.Constant, parents: tuple[ast.AST, ...], names: Names | None
) -> CurlCommand | None:
    value = node.value
    if not isinstance(value, str) or is_docstring(parents):
        return None
    if "curl" not in value:
        return _sent_json(node, parents, names or Names())
    if value == "curl":
        value = _argv_command(node, parents, names or Names()) or value
    command = parse_curl(value)
    if command is None or ("/v2/" not in command.url and "clarifai" not in command.url.lower()):
        return None
    return command


def _argv_command(node: ast.Constant, parents: tuple[ast.AST, ...], names: Names) -> str | None:
    """`subprocess.run(["curl", "-X", "DELETE", URL, "-d", BODY])`: the list as one command line,
    its words read from literals and module constants (`{}` for the rest)."""
    words = parents[-1] if parents else None
    if not isinstance(words, ast.List | ast.Tuple) or not words.elts or words.elts[0] is not node:
        return None
    return shlex.join(names.string(word) or url_text(word, names) or "{}" for word in words.elts)


def _sent_json(node: ast.Constant, parents: tuple[ast.AST, ...], names: Names) -> CurlCommand | None:
    """A JSON object text given as `data=` / `content=` (or the second argument) of an HTTP call."""
    text = node.value
    if not isinstance(text, str) or not text.lstrip().startswith("{") or len(parents) < 2:
        return None
    call = parents[-2] if isinstance(parents[-1], ast.keyword) else parents[-1]
    if not isinstance(call, ast.Call):
        return None
    given = any(item.value is node and item.arg in ("data", "content", "body") for item in call.keywords)
    if not given and node not in call.args[1:2]:
        return None
    sent = http_call(call, names, parents)
    if sent is None:
        return None
    command = CurlCommand(sent[0].upper(), sent[1], body_text=text)
    return command if command.body is not None else None


def literal_pieces(node: ast.AST | None) -> list[str]:
    """The texts of the literals a URL expression is written with, each on its own: what rules
    that read string literals (and f-strings) already see. `BASE + "/searches"` gives ["/searches"]."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)]
    if isinstance(node, ast.BinOp):
        return literal_pieces(node.left) + literal_pieces(node.right)
    return []


def built_url(call: ast.Call, names: Names, parents: tuple[ast.AST, ...], pattern: re.Pattern[str]) -> bool:
    """Whether an HTTP call to Clarifai goes to a URL matching `pattern` only once it is put
    together (module constants, `+`, f-strings, a local variable): no literal of it matches alone,
    so rules that read literals have not reported it."""
    sent = http_call(call, names, parents)
    if sent is None or not pattern.search(sent[1]):
        return False
    found = _method_and_target(call, names)
    target = found[1] if found else None
    if isinstance(target, ast.Name) and target.id not in names.constants and parents:
        target = local_value(target, parents) or target
    return not any(pattern.search(piece) for piece in literal_pieces(target))


def model_named_through(
    call: ast.Call,
    names: Names,
    parents: tuple[ast.AST, ...],
    model: str,
    keys: frozenset[str],
    url: re.Pattern[str],
) -> Iterator[ast.AST]:
    """The nodes of `call` that name the model `model` through a value rather than a literal: an
    argument under one of `keys` holding it by a module constant, a local variable or a helper of
    the file, and the call itself when the URL it builds matches `url`."""
    passed = chain(names.passed_strings(call), local_strings(call, parents, names.constants))
    for argument, key, text in passed:
        if key in keys and text == model:
            yield argument
    if built_url(call, names, parents, url):
        yield call
