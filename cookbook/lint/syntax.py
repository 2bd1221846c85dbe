"""Small questions about AST nodes that many rules ask: names, chains, literals, keywords."""

from __future__ import annotations

import ast
from collections.abc import Iterator

ANY = "[]"  # a subscript whose key is not a string literal, in a chain


_CALLS: dict[int, tuple[ast.AST, list[ast.Call]]] = {}


def calls_in(node: ast.AST) -> list[ast.Call]:
    """Every call under `node`, in `ast.walk` order. Several rules ask this of the same scope or
    helper, so each node's answer is kept (with the node, so that a reused id is not mistaken)."""
    kept = _CALLS.get(id(node))
    if kept is not None and kept[0] is node:
        return kept[1]
    if len(_CALLS) >= 4096:
        _CALLS.clear()
    calls = [inner for inner in ast.walk(node) if isinstance(inner, ast.Call)]
    _CALLS[id(node)] = (node, calls)
    return calls


def const_str(node: ast.AST | None) -> str | None:
    """The value of a plain string literal, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def string_text(node: ast.AST | None) -> str | None:
    """A string literal's value; for an f-string its literal parts with `{}` for each field."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)
    return None


def chain(node: ast.AST) -> list[str]:
    """`response.outputs[0].data["face"]` as ["response", "outputs", "[]", "data", "face"].

    String subscripts count as names, so `body["model"]["output_info"]` and
    `body.model.output_info` read the same. Calls show as "()"; anything else starts the chain
    with "?".
    """
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            key = const_str(node.slice)
            parts.append(ANY if key is None else key)
            node = node.value
        elif isinstance(node, ast.Call):
            parts.append("()")
            node = node.func
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            break
        else:
            parts.append("?")
            break
    parts.reverse()
    return parts


def callee(call: ast.Call) -> str | None:
    """The called name: `Model` for `resources_pb2.Model(...)` and for `Model(...)`."""
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


CLIENT_MODEL_CALLS = {
    ("create", "models"): "models.create",
    ("get", "models"): "models.get",
    ("create_model", "api"): "api.create_model",
}
CLIENT_CREATES = frozenset({"models.create", "api.create_model"})


_CLIENT_MODEL_METHODS = frozenset(method for method, _owner in CLIENT_MODEL_CALLS)


def client_model_call(call: ast.Call) -> str | None:
    """Which of the 2.x client's model calls `call` looks like: "models.create", "models.get",
    "api.create_model", or "model.update" (`update` on anything named like a model); else None.
    Its shape only: the rules check that the client is imported."""
    if not isinstance(call.func, ast.Attribute):
        return None
    method = call.func.attr
    if method != "update" and method not in _CLIENT_MODEL_METHODS:
        return None
    owner = "".join(chain(call.func)[-2:-1])
    known = CLIENT_MODEL_CALLS.get((method, owner))
    if known is None and method == "update" and "model" in owner.lower():
        return "model.update"
    return known


def keyword(call: ast.Call, name: str) -> ast.keyword | None:
    """The keyword argument `name=` of a call, if given."""
    for item in call.keywords:
        if item.arg == name:
            return item
    return None


def dict_items(node: ast.Dict) -> Iterator[tuple[str, ast.expr, ast.expr]]:
    """(key text, key node, value) for every string-literal key of a dict display."""
    for key, value in zip(node.keys, node.values, strict=True):
        text = const_str(key)
        if text is not None and key is not None:
            yield text, key, value


def dict_keys(node: ast.Dict) -> set[str]:
    """The string-literal keys of a dict display."""
    return {text for text, _key, _value in dict_items(node)}


def key_of(parent: ast.AST, child: ast.AST) -> str | None:
    """The key under which `child` sits in `parent`: a dict key, or a call's keyword name."""
    if isinstance(parent, ast.Dict):
        for key, value in zip(parent.keys, parent.values, strict=True):
            if value is child:
                return const_str(key)
    if isinstance(parent, ast.keyword) and parent.value is child:
        return parent.arg
    return None


def is_called(node: ast.AST, parents: tuple[ast.AST, ...]) -> bool:
    """Whether `node` is the function of the call around it (`x.crop(...)`, not `x.crop`)."""
    return bool(parents) and isinstance(parents[-1], ast.Call) and parents[-1].func is node


def outer_chain(node: ast.AST, parents: tuple[ast.AST, ...]) -> tuple[ast.AST, ast.AST | None]:
    """The outermost attribute/subscript chain that `node` starts, and what holds that chain."""
    outer = node
    for parent in reversed(parents):
        if isinstance(parent, ast.Attribute | ast.Subscript) and parent.value is outer:
            outer = parent
        else:
            return outer, parent
    return outer, None


def is_assigned(node: ast.AST, parents: tuple[ast.AST, ...], methods: bool = True) -> bool:
    """Whether the chain `node` starts is written to: `x.a.b = v`, `x.a.b += v`, and unless
    `methods` is False, a method call on it (`x.a.b.extend(v)`, `x.a.b.CopyFrom(v)`)."""
    outer, holder = outer_chain(node, parents)
    if isinstance(getattr(outer, "ctx", None), ast.Store | ast.Del):
        return True
    if isinstance(holder, ast.AugAssign) and holder.target is outer:
        return True
    return methods and isinstance(holder, ast.Call) and holder.func is outer and outer is not node


def enclosing_calls(parents: tuple[ast.AST, ...]) -> Iterator[str]:
    """Names of the calls around a node, innermost first (for "inside a PostModelsRequest")."""
    for parent in reversed(parents):
        if isinstance(parent, ast.Call):
            name = callee(parent)
            if name:
                yield name


def is_docstring(parents: tuple[ast.AST, ...]) -> bool:
    """Whether a string is a statement of its own (a docstring or a bare string): prose, not code."""
    return bool(parents) and isinstance(parents[-1], ast.Expr)


def in_fstring_or_docstring(parents: tuple[ast.AST, ...]) -> bool:
    """Whether a string constant is a piece of an f-string or a bare string statement."""
    return bool(parents) and isinstance(parents[-1], ast.Expr | ast.JoinedStr)


def holder(node: ast.AST, parents: tuple[ast.AST, ...]) -> str | None:
    """The name a value is held under: its dict key or keyword, the key of the list holding it,
    or the variable it is assigned to (`model = {...}` is held under "model")."""
    if not parents:
        return None
    parent = parents[-1]
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1:
        target = parent.targets[0]
        return target.id if isinstance(target, ast.Name) else None
    name = key_of(parent, node)
    if name is None and isinstance(parent, ast.List) and len(parents) > 1:
        return key_of(parents[-2], parent)
    return name
