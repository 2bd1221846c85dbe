"""What may import what (DESIGN.md, Layout), read from the source with `ast`, never by importing.

Every import counts: at module level and inside functions, relative ones resolved; only
`if TYPE_CHECKING:` blocks are left out (they never run). A package folder that does not
exist (yet) is skipped. The registries that load their own modules by name (`pkgutil` in
`emulator.changes` and `emulator.handlers`) are no edges: only the layer rules see them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("emulator", "recipes", "cookbook")
FIRST_PARTY = set(PACKAGES)
# The emulator's layers, top first: a module may import its own layer or a lower one only
# (doors -> api -> changes and handlers -> domain and store). Anything not named is domain.
DOORS = {
    "emulator.__main__",
    "emulator.server",
    "emulator.workshop",
    "emulator.grpc_door",
    "emulator.rest_door",
}
LAYERS = ("doors", "api", "changes", "handlers", "domain")


@dataclass(frozen=True)
class Import:
    """One import statement of a module: the first-party module it reaches, and where."""

    source: str
    target: str
    line: int
    in_function: bool


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    """Every module of the packages that exist, by dotted name."""
    found = {}
    for package in PACKAGES:
        if (ROOT / package).is_dir():
            found |= {_module_name(path): path for path in sorted((ROOT / package).rglob("*.py"))}
    return found


MODULES = _modules()


def _is_type_checking(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return isinstance(test, ast.Name | ast.Attribute) and "TYPE_CHECKING" in ast.unparse(test)


def _statements(tree: ast.AST, in_function: bool = False) -> Iterator[tuple[ast.AST, bool]]:
    """Every import statement of `tree`, and whether it sits inside a function."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, in_function
        elif not _is_type_checking(node):
            inner = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            yield from _statements(node, inner)


def _known(name: str) -> str | None:
    """`name`, or the longest package prefix of it, when it is a first-party module."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    base = node.module or ""
    if node.level:
        package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{base}" if base else package
    for alias in node.names:  # `from package import submodule` reaches the submodule
        yield f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base


def _imports_of(module: str) -> list[Import]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"), filename=str(MODULES[module]))
    found = []
    for node, in_function in _statements(tree):
        for name in _targets(module, node):
            target = _known(name) if name.split(".")[0] in FIRST_PARTY else None
            if target is not None and target != module:
                found.append(Import(module, target, node.lineno, in_function))
    return found


IMPORTS = list(dict.fromkeys(found for module in MODULES for found in _imports_of(module)))


def _cycles() -> list[list[str]]:
    """One cycle through each strongly connected group of modules (Tarjan's algorithm)."""
    graph: dict[str, set[str]] = {module: set() for module in MODULES}
    for found in IMPORTS:
        graph[found.source].add(found.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while node not in group:
                group.add(stack.pop())
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_path_through(sorted(group)[0], group, graph) for group in groups]


def _path_through(start: str, group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest cycle from `start` back to itself inside `group`."""
    paths = {start: [start]}
    todo = [start]
    while todo:
        node = todo.pop(0)
        for nxt in sorted(graph[node] & group):
            if nxt == start:
                return [*paths[node], start]
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                todo.append(nxt)
    raise AssertionError(f"{start} is in no cycle")


def _where(found: Import) -> str:
    kind = "in a function" if found.in_function else "at module level"
    return f"{MODULES[found.source].relative_to(ROOT)}:{found.line} imports {found.target} ({kind})"


def _layer(module: str) -> str:
    if module in DOORS:
        return "doors"
    if module == "emulator.api":
        return "api"
    for layer in ("changes", "handlers"):
        if module == f"emulator.{layer}" or module.startswith(f"emulator.{layer}."):
            return layer
    return "domain"


def _is_change_module(module: str) -> bool:
    return module.startswith("emulator.changes.cl")


def test_the_packages_are_found():
    assert "emulator.api" in MODULES and "recipes.connect" in MODULES
    assert any(found.in_function for found in IMPORTS)  # function-level imports are read too


def test_no_import_cycle():
    cycles = [" -> ".join(cycle) for cycle in _cycles()]
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_the_emulator_never_imports_recipes_or_the_tools():
    wrong = [
        found
        for found in IMPORTS
        if found.source.startswith("emulator") and found.target.split(".")[0] != "emulator"
    ]
    assert not wrong, "\n".join(map(_where, wrong))


def test_recipes_use_the_emulator_only_in_connect_and_never_the_tools():
    wrong = [
        found
        for found in IMPORTS
        if found.source.startswith("recipes")
        and found.target.split(".")[0] != "recipes"
        and not (found.source == "recipes.connect" and found.target.split(".")[0] == "emulator")
    ]
    assert not wrong, "\n".join(map(_where, wrong))


def test_change_modules_never_import_each_other_or_handlers():
    wrong = [
        found
        for found in IMPORTS
        if _is_change_module(found.source)
        and (_is_change_module(found.target) or _layer(found.target) == "handlers")
    ]
    assert not wrong, "\n".join(map(_where, wrong))


@pytest.mark.parametrize("layer", LAYERS)
def test_emulator_layers_import_only_downwards(layer):
    """doors -> api -> changes, handlers -> domain and store; changes and handlers apart."""
    allowed = {
        "doors": set(LAYERS),
        "api": {"api", "changes", "handlers", "domain"},
        "changes": {"changes", "domain"},
        "handlers": {"handlers", "domain"},
        "domain": {"domain"},
    }[layer]
    wrong = [
        found
        for found in IMPORTS
        if found.source.startswith("emulator.")
        and _layer(found.source) == layer
        and found.target.startswith("emulator.")
        and _layer(found.target) not in allowed
    ]
    assert not wrong, "\n".join(map(_where, wrong))
