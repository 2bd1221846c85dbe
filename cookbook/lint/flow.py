"""Program order for the asynchronous changes (CL002, CL003, CL011): what follows what, and
whether a wait comes between.

A scope is a function body, or the top-level statements of a file (of a notebook, cell after
cell). Its steps are its calls and comparisons in the order they run (`polling` says what each
one does): adds, deletes, trainings, uses (a read, a list, a count, a search, a prediction) and waits.
A call to a function of the same file stands for that function's steps, so an upload in
`upload()` and a search in `find()` meet in the `main()` that calls both.

Waits: a wait helper (`wait_for_inputs`, the 2.x client's `wait_until_inputs_upload_finish`,
any `wait_*` or `poll_*` function not defined here), a comparison with an input status
(`== INPUT_SUCCESS`, 30000, `to_process`; `== CONN_DOES_NOT_EXIST` for deletes), or a poll
loop: a loop that reads inputs and sleeps, compares a status, or is a `while`. A read whose
answer is compared with a status at once is that check, not a use.

It is an approximation, on purpose cheap: both branches of an `if` count, in order; a loop
body counts once; waits clear every pending operation of their kind, whatever ids they name.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .names import Names
from .polling import DELETE_WAIT, READS, UPLOAD_WAIT, status_waits, step_of
from .sources import Unit
from .syntax import callee

if TYPE_CHECKING:
    from .engine import Context

WAITS = frozenset({UPLOAD_WAIT, DELETE_WAIT})
NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
Function = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class Step:
    """One thing a scope does, where it is written."""

    kind: str
    how: str
    node: ast.AST
    unit: Unit

    def where(self, other: Step) -> str:
        """Where this step is, as seen from `other`'s message: "line 12", "cell 3, line 2"."""
        if self.unit.cell is not None and self.unit is not other.unit:
            return f"cell {self.unit.cell}, line {self.node.lineno}"
        return f"line {self.node.lineno}"


@dataclass
class Flow:
    """The trees of one file or notebook, remembered during the walk, and their scopes' steps."""

    trees: list[tuple[Unit, ast.Module]] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)
    last_call: ast.Call | None = None
    _scopes: list[list[Step]] | None = None

    def scopes(self, names: Names) -> list[list[Step]]:
        """The steps of the top level and of every function, each in program order."""
        if self._scopes is None:
            self._scopes = _Scopes(self.trees, names).all()
        return self._scopes


def remember(tree: ast.Module, ctx: Context) -> None:
    """Keep a parsed unit for the analysis (each rule that uses it calls this from visit_Module)."""
    flow = ctx.state("flow", Flow)
    if not any(known is tree for _, known in flow.trees):
        flow.trees.append((ctx.unit, tree))
        flow._scopes = None


def note_call(call: ast.Call, ctx: Context) -> None:
    """Note what kind of step a call is, during the walk: a file with no start of a rule's kinds
    needs no scopes at all (each rule that uses the analysis calls this from a visit_Call that is
    `named(*STARTS)`: no other call can start anything)."""
    flow = ctx.state("flow", Flow)
    if flow.last_call is call:  # the rules that share the analysis see each call in a row
        return
    flow.last_call = call
    step = step_of(call, ctx.names)
    if step is not None:
        flow.kinds.add(step[0])


def unwaited(ctx: Context, starts: Iterable[str], uses: Iterable[str], wait: str) -> list[tuple[Step, Step]]:
    """(start, use) for each step of a kind in `starts` followed in its scope by one in `uses`
    with no `wait` between; each start once, with the first use that meets it."""
    starts, uses = frozenset(starts), frozenset(uses)
    flow = ctx.state("flow", Flow)
    if not starts & flow.kinds:
        return []
    found: dict[int, tuple[Step, Step]] = {}
    for steps in flow.scopes(ctx.names):
        pending: list[Step] = []
        for step in steps:
            if step.kind == wait:
                pending.clear()
            elif step.kind in uses and pending:
                for start in pending:
                    found.setdefault(id(start.node), (start, step))
                pending.clear()
            if step.kind in starts:
                pending.append(step)
    return sorted(found.values(), key=lambda pair: (pair[0].unit.cell or 0, pair[0].node.lineno))


class _Scopes:
    """Builds the steps of every scope of a file; a function's steps are worked out once."""

    def __init__(self, trees: list[tuple[Unit, ast.Module]], names: Names) -> None:
        self.trees = trees
        self.names = names
        self.functions: dict[str, tuple[Function, Unit]] = {}
        for unit, tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, Function):
                    self.functions[node.name] = (node, unit)
        self.done: dict[str, list[Step]] = {}
        self.busy: set[str] = set()

    def all(self) -> list[list[Step]]:
        top = [step for unit, tree in self.trees for step in self.body(tree.body, unit)]
        return [
            _checks_absorb_reads(top),
            *(_checks_absorb_reads(self.function(name)) for name in self.functions),
        ]

    def function(self, name: str) -> list[Step]:
        """The steps of the file's function `name` (none while it is being worked out: recursion)."""
        if name in self.done:
            return self.done[name]
        if name in self.busy:
            return []
        self.busy.add(name)
        definition, unit = self.functions[name]
        steps = self.body(definition.body, unit)
        self.busy.discard(name)
        self.done[name] = steps
        return steps

    def body(self, statements: Iterable[ast.stmt], unit: Unit) -> list[Step]:
        return [step for statement in statements for step in self.statement(statement, unit)]

    def statement(self, node: ast.stmt, unit: Unit) -> list[Step]:
        if isinstance(node, NESTED_SCOPES):
            return []
        if isinstance(node, ast.While | ast.For | ast.AsyncFor):
            return self.loop(node, unit)
        if isinstance(node, ast.If):
            return self.expressions([node.test], unit) + self.body([*node.body, *node.orelse], unit)
        if isinstance(node, ast.With | ast.AsyncWith):
            headers = [item.context_expr for item in node.items]
            return self.expressions(headers, unit) + self.body(node.body, unit)
        if isinstance(node, ast.Try | ast.TryStar):
            handlers = [statement for handler in node.handlers for statement in handler.body]
            return self.body([*node.body, *handlers, *node.orelse, *node.finalbody], unit)
        if isinstance(node, ast.Match):
            cases = [statement for case in node.cases for statement in case.body]
            return self.expressions([node.subject], unit) + self.body(cases, unit)
        return self.expressions([node], unit)

    def loop(self, node: ast.While | ast.For | ast.AsyncFor, unit: Unit) -> list[Step]:
        header = node.test if isinstance(node, ast.While) else node.iter
        inner = self.expressions([header], unit) + self.body([*node.body, *node.orelse], unit)
        reads = any(step.kind in READS for step in inner)
        waits = status_waits(node)
        if not reads or not (isinstance(node, ast.While) or waits or _sleeps(node)):
            return inner
        kept = [step for step in inner if step.kind not in READS]
        return kept + [Step(kind, "a poll loop", node, unit) for kind in sorted(waits or WAITS)]

    def expressions(self, roots: Iterable[ast.AST], unit: Unit) -> list[Step]:
        """The steps of some expressions (or simple statements), in the order they run: a call
        runs after its arguments, so steps sort by where they end."""
        found: list[tuple[tuple[int, int], int, list[Step]]] = []
        stack = list(roots)
        while stack:
            node = stack.pop()
            if isinstance(node, NESTED_SCOPES):
                continue
            steps = self.call(node, unit) if isinstance(node, ast.Call) else None
            if isinstance(node, ast.Compare):
                steps = [Step(kind, "a status check", node, unit) for kind in sorted(status_waits(node))]
            if steps:
                found.append(((node.end_lineno or 0, node.end_col_offset or 0), len(found), steps))
            stack.extend(ast.iter_child_nodes(node))
        found.sort(key=lambda item: item[:2])
        return [step for _, _, steps in found for step in steps]

    def call(self, node: ast.Call, unit: Unit) -> list[Step]:
        step = step_of(node, self.names)
        if step is not None:
            return [Step(step[0], step[1], node, unit)]
        name = _local_name(node)
        if name in self.functions:
            return self.function(name)
        name = callee(node) or ""
        if name.startswith(("wait", "poll", "_wait", "_poll")):
            return [Step(kind, f"{name}()", node, unit) for kind in sorted(WAITS)]
        return []


def _local_name(node: ast.Call) -> str | None:
    """`helper(...)`, `self.helper(...)`, `cls.helper(...)`: a name that may be the file's function."""
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in ("self", "cls")
    ):
        return func.attr
    return None


def _sleeps(node: ast.AST) -> bool:
    return any(isinstance(inner, ast.Call) and callee(inner) == "sleep" for inner in ast.walk(node))


def _checks_absorb_reads(steps: list[Step]) -> list[Step]:
    """Drop a read, list or count whose answer is compared with a status right after: the pair is one
    status check (`stub.GetInput(...).input.status.code == INPUT_SUCCESS`)."""
    kept = []
    for position, step in enumerate(steps):
        following = steps[position + 1] if position + 1 < len(steps) else None
        if step.kind in READS and following is not None and following.kind in WAITS:
            continue
        kept.append(step)
    return kept
