"""How values travel inside one file: what a variable was built from, which call a dict is sent in.

Small, local data flow for the rules: `request = DeleteModelsRequest()` then
`request.delete_all = True` (the request is DeleteModels'), `body = {...}` then
`requests.delete(url, json=body)` (the body goes to that URL). Only the innermost function
(or the module) holding the node is searched, and only plain `name = value` assignments.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from .syntax import calls_in

SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)


def scope_of(parents: tuple[ast.AST, ...]) -> ast.AST | None:
    """The innermost function, or the module, among a node's parents."""
    for parent in reversed(parents):
        if isinstance(parent, SCOPES):
            return parent
    return None


_ASSIGNED: dict[int, tuple[ast.AST, dict[str, list[ast.expr]]]] = {}  # id(scope) -> (scope, values)


def _own_statements(scope: ast.AST) -> list[ast.stmt]:
    """The statements of a function or module, nested blocks included, nested defs and classes not."""
    found: list[ast.stmt] = []
    stack = list(getattr(scope, "body", []))
    while stack:
        statement = stack.pop()
        found.append(statement)
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for name in ("body", "orelse", "finalbody"):
            stack.extend(getattr(statement, name, ()))
        for block in (*getattr(statement, "handlers", ()), *getattr(statement, "cases", ())):
            stack.extend(block.body)
    return found


def _assigned(scope: ast.AST) -> dict[str, list[ast.expr]]:
    """Every `name = value` of a scope, worked out once per scope."""
    cached = _ASSIGNED.get(id(scope))
    if cached is not None and cached[0] is scope:
        return cached[1]
    values: dict[str, list[ast.expr]] = {}
    for statement in _own_statements(scope):
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                values.setdefault(target.id, []).append(value)
    if len(_ASSIGNED) > 256:
        _ASSIGNED.clear()
    _ASSIGNED[id(scope)] = (scope, values)
    return values


def assignments(scope: ast.AST, name: str) -> list[ast.expr]:
    """The values `name` is assigned (`name = value`) in `scope`, outside its nested defs."""
    return _assigned(scope).get(name, [])


def local_value(node: ast.Name, parents: tuple[ast.AST, ...]) -> ast.expr | None:
    """The one value a variable is assigned in the function (or module) using it, if only one."""
    scope = scope_of(parents)
    values = assignments(scope, node.id) if scope is not None else []
    return values[0] if len(values) == 1 else None


def assigned_call(node: ast.AST, parents: tuple[ast.AST, ...]) -> ast.Call | None:
    """The call a variable was built by (`request = DeleteModelsRequest()`), if one only."""
    if not isinstance(node, ast.Name):
        return None
    scope = scope_of(parents)
    values = assignments(scope, node.id) if scope is not None else []
    calls = [value for value in values if isinstance(value, ast.Call)]
    return calls[0] if len(calls) == 1 and len(values) == 1 else None


def enclosing_call(node: ast.AST, parents: tuple[ast.AST, ...]) -> ast.Call | None:
    """The call a value is an argument of, directly, through `json.dumps(...)`, or through
    the variable it is assigned to (`body = {...}` ... `requests.post(url, json=body)`)."""
    child = node
    for parent in reversed(parents):
        if isinstance(parent, ast.keyword):
            continue
        if isinstance(parent, ast.Attribute) and parent.attr == "encode":
            child = parent
            continue
        if isinstance(parent, ast.Call) and parent.func is child:  # `json.dumps(body).encode()`
            child = parent
            continue
        if isinstance(parent, ast.Call):
            if child in parent.args or any(item.value is child for item in parent.keywords):
                if _is_dumps(parent):
                    child = parent
                    continue
                return parent
            return None
        if isinstance(parent, ast.Assign) and len(parent.targets) == 1:
            target = parent.targets[0]
            return _call_passing(target.id, parents) if isinstance(target, ast.Name) else None
        return None
    return None


def _is_dumps(call: ast.Call) -> bool:
    """`json.dumps(x)` (or `dumps(x)`), and `json.dumps(x).encode()`'s inner call."""
    func = call.func
    return (isinstance(func, ast.Attribute) and func.attr == "dumps") or (
        isinstance(func, ast.Name) and func.id == "dumps"
    )


def _call_passing(name: str, parents: tuple[ast.AST, ...]) -> ast.Call | None:
    """The first call in the scope that takes variable `name` as an argument (or `json.dumps(name)`)."""
    scope = scope_of(parents)
    if scope is None:
        return None
    for node in calls_in(scope):
        if _is_dumps(node):
            continue
        for value in (*node.args, *(item.value for item in node.keywords)):
            if _names(value, name):
                return node
    return None


def _names(value: ast.AST, name: str) -> bool:
    """Whether `value` is `name`, `json.dumps(name)` or `json.dumps(name).encode()`."""
    if isinstance(value, ast.Name):
        return value.id == name
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "encode":
        return _names(value.func.value, name)
    if isinstance(value, ast.Call) and _is_dumps(value) and value.args:
        return _names(value.args[0], name)
    return False


def local_strings(
    call: ast.Call, parents: tuple[ast.AST, ...], constants: dict[str, str]
) -> Iterator[tuple[ast.expr, str, str]]:
    """(argument, keyword, string) for keywords given a variable that the function assigns one
    string (`model = "focus"` ... `Request(model_id=model)`); module constants are left to
    `Names.passed_strings`."""
    for item in call.keywords:
        if not item.arg or not isinstance(item.value, ast.Name) or item.value.id in constants:
            continue
        value = local_value(item.value, parents)
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            yield item.value, item.arg, value.value


def assigned_name(node: ast.AST, parents: tuple[ast.AST, ...]) -> str | None:
    """The variable a value is assigned to (`app = App(...)` gives "app"), if it is one."""
    if parents and isinstance(parents[-1], ast.Assign) and parents[-1].value is node:
        targets = parents[-1].targets
        if len(targets) == 1 and isinstance(targets[0], ast.Name):
            return targets[0].id
    return None


def calls_given(name: str, parents: tuple[ast.AST, ...]) -> list[str]:
    """The names of the calls in the scope given variable `name` as an argument, also inside a
    list or tuple (`PostAppsRequest(apps=[app])` gives ["PostAppsRequest"])."""
    scope = scope_of(parents)
    found: list[str] = []
    for node in calls_in(scope) if scope is not None else ():
        values = [*node.args, *(item.value for item in node.keywords)]
        for value in values:
            items = value.elts if isinstance(value, ast.List | ast.Tuple) else [value]
            if any(isinstance(item, ast.Name) and item.id == name for item in items):
                func = node.func
                found.append(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return found


def helper_callees(call: ast.Call, functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef]) -> set[str]:
    """The names a helper of the file calls, when `call` calls one (`patch(stub, ...)` whose body
    builds a `PatchInputsRequest` gives {"PatchInputsRequest", ...}); empty otherwise."""
    if not isinstance(call.func, ast.Name) or call.func.id not in functions:
        return set()
    found: set[str] = set()
    for inner in calls_in(functions[call.func.id]):
        func = inner.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name:
            found.add(name)
    return found
