"""The engine: a text prefilter, one parse and one AST walk per file, all rules at once.

Speed comes from doing little: a file whose text holds none of the active rules' trigger
words is never parsed; a file that is gets parsed once (each notebook cell once), and a single
walk over its tree hands every node to the rules that asked for its type (`visit_Call`,
`visit_Attribute`, ...). Rules that judge the whole file (did it ever poll?) collect during the
walk and answer in `finish`.
"""

from __future__ import annotations

import ast
import gc
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from .hits import Finding, Hit, Problem
from .names import Names
from .sources import Source, Unit

# Words that say a file is Clarifai code: its name, and the gRPC client's module and stub names,
# which the docs' snippets use with their imports on another page (`names.WELL_KNOWN_MODULES`).
CLARIFAI_SPELLINGS = ("clarifai", "Clarifai", "CLARIFAI", "resources_pb2", "status_code_pb2", "V2Stub")


Visitor = Callable[[Any, "Context", tuple[ast.AST, ...]], Iterable[Hit] | None]


@dataclass(frozen=True)
class Rule:
    """A rule module seen by the engine (see `cookbook.lint.rules` for the module shape)."""

    code: str
    triggers: tuple[str, ...]
    strong_triggers: tuple[str, ...]
    needs_clarifai: bool
    heuristic: bool
    fix: str
    visitors: dict[type, Visitor]
    finish: Callable[[Context], Iterable[Hit]] | None


class Context:
    """What every rule may ask about the file being checked."""

    def __init__(self, text: str, names: Names) -> None:
        self.text = text
        self.names = names
        self.mentions_clarifai = any(spelling in text for spelling in CLARIFAI_SPELLINGS)
        self.unit: Unit = Unit("")
        self._state: dict[str, Any] = {}

    def state(self, code: str, factory: Callable[[], Any]) -> Any:
        """Per-file scratch space of one rule (for rules that judge the whole file)."""
        if code not in self._state:
            self._state[code] = factory()
        return self._state[code]

    def segment(self, node: ast.AST) -> str:
        """The exact source text of `node` in the current unit."""
        unit = self.unit
        start = unit.offset(node.lineno, node.col_offset)
        return unit.text[start : unit.offset(node.end_lineno, node.end_col_offset)]


# Fields the walk does not descend into: names and flags, and the operator and context
# singletons (`ast.Add()`, `ast.Load()`), which no rule visits (`UNVISITED`); nodes without children.
_SCALAR_FIELDS = frozenset(
    {"ctx", "op", "ops", "type_comment", "id", "attr", "arg", "name", "asname", "module", "level", "kind"}
    | {"conversion"}
)
UNVISITED = (ast.expr_context, ast.operator, ast.cmpop, ast.boolop, ast.unaryop)
_LEAVES = (ast.Constant, ast.Name)
_child_fields: dict[type, tuple[str, ...]] = {}


def _fields(node_type: type) -> tuple[str, ...]:
    """Child fields of a node type, last first (they go on a stack); comprehensions' loops first."""
    fields = _child_fields.get(node_type)
    if fields is None:
        order = []
        if not issubclass(node_type, _LEAVES):
            order = [name for name in node_type._fields if name not in _SCALAR_FIELDS]
        if "generators" in order:  # `[x.a for x in xs]` binds x before it uses it
            order.remove("generators")
            order.insert(0, "generators")
        fields = tuple(reversed(order))
        _child_fields[node_type] = fields
    return fields


Sink = Callable[[str, Hit], None]
Entry = tuple[str, Visitor]
V = TypeVar("V", bound=Callable[..., Any])

# The node types whose visitors can ask for nodes by name, and the name each is known by.
CALL, ATTRIBUTE, NAME, SUBSCRIPT, KEYWORD, STRING = 1, 2, 3, 4, 5, 6
_KEYED = {
    ast.Call: CALL,
    ast.Attribute: ATTRIBUTE,
    ast.Name: NAME,
    ast.Subscript: SUBSCRIPT,
    ast.keyword: KEYWORD,
}


def named(*names: str) -> Callable[[V], V]:
    """Hand a `visit_Call`, `visit_Attribute`, `visit_Name`, `visit_Subscript` or `visit_keyword`
    only the nodes known by one of `names`: the called name (`requests.post(...)`: "post";
    `Model(...)`: "Model"), the attribute, the identifier, the string key (`body["model"]`), the
    keyword (`closed_environment=True`).

    The engine reads each node's name once and looks up the visitors that want it, as
    django-upgrade's `register(names=...)` does, instead of calling every rule on every node.
    """

    def mark(visitor: V) -> V:
        visitor.names = frozenset(names)  # type: ignore[attr-defined]
        return visitor

    return mark


def containing(*words: str) -> Callable[[V], V]:
    """Hand a `visit_Constant` only the string literals holding one of `words` (one regular
    expression of every rule's words is tried on each string first)."""

    def mark(visitor: V) -> V:
        visitor.words = tuple(words)  # type: ignore[attr-defined]
        return visitor

    return mark


def visitor_problem(node_type: type, visitor: Visitor) -> str | None:
    """Why the walk could not hand `visitor` the nodes it asks for, if it could not."""
    if issubclass(node_type, UNVISITED):
        return "the walk never visits operators or contexts"
    if hasattr(visitor, "names") and node_type not in _KEYED:
        return f"@named needs a node known by a name, not {node_type.__name__}"
    if hasattr(visitor, "words") and node_type is not ast.Constant:
        return f"@containing is for string literals (visit_Constant), not {node_type.__name__}"
    return None


@dataclass(frozen=True)
class Choice:
    """The visitors of one node type: those that take every node, those that take nodes by
    name (each name's list includes the former), and those that take strings by word."""

    always: tuple[Entry, ...]
    by_name: dict[Any, tuple[Entry, ...]]
    by_word: tuple[tuple[tuple[str, ...], Entry], ...]
    words: re.Pattern[str] | None

    @classmethod
    def of(cls, entries: list[Entry]) -> Choice:
        chosen = [entry for entry in entries if hasattr(entry[1], "names") or hasattr(entry[1], "words")]
        always = tuple(entry for entry in entries if entry not in chosen)
        wanted: dict[Any, list[Entry]] = {}
        for entry in entries:
            for name in getattr(entry[1], "names", ()):
                wanted.setdefault(name, list(always)).append(entry)
        by_word = tuple((entry[1].words, entry) for entry in entries if hasattr(entry[1], "words"))
        everything = sorted({word for words, _ in by_word for word in words}, key=len, reverse=True)
        pattern = re.compile("|".join(map(re.escape, everything))) if everything else None
        return cls(always, {name: tuple(found) for name, found in wanted.items()}, by_word, pattern)

    def for_string(self, value: str) -> tuple[Entry, ...]:
        """The visitors of a string literal: the unfiltered ones and those whose words it holds."""
        if self.words is None or self.words.search(value) is None:
            return self.always
        held = tuple(entry for words, entry in self.by_word if any(word in value for word in words))
        return self.always + held


Dispatch = dict[type, Choice]
Plan = tuple[int, tuple[Entry, ...], Choice | None, tuple[str, ...]]


def _plans(dispatch: Dispatch) -> dict[type, Plan]:
    """Per node type, how its visitors are chosen and the child fields to descend into.

    Filled lazily by `walk` (one dict lookup per node) and kept with the dispatch table it was
    built from.
    """
    plans = _plan_cache.get(id(dispatch))
    if plans is None or plans[0] is not dispatch:
        plans = (dispatch, {})
        _plan_cache[id(dispatch)] = plans
    return plans[1]


_plan_cache: dict[int, tuple[Dispatch, dict[type, Plan]]] = {}


def _plan(plans: dict[type, Plan], dispatch: Dispatch, node_type: type) -> Plan:
    choice = dispatch.get(node_type)
    if choice is None:
        plan: Plan = (0, (), None, _fields(node_type))
    elif choice.by_word:
        plan = (STRING, choice.always, choice, _fields(node_type))
    elif choice.by_name:
        plan = (_KEYED[node_type], choice.always, choice, _fields(node_type))
    else:
        plan = (0, choice.always, None, _fields(node_type))
    plans[node_type] = plan
    return plan


def walk(tree: ast.AST, dispatch: Dispatch, ctx: Context, sink: Sink) -> None:
    """Visit every node once, in source order, giving each rule the nodes it asked for."""
    plans = _plans(dispatch)
    stack: list[tuple[ast.AST, tuple[ast.AST, ...]]] = [(tree, ())]
    push, pop = stack.append, stack.pop
    node_class, attribute, name_class, constant = ast.AST, ast.Attribute, ast.Name, ast.Constant
    while stack:
        node, parents = pop()
        node_type = type(node)
        plan = plans.get(node_type)
        if plan is None:
            plan = _plan(plans, dispatch, node_type)
        kind, visitors, choice, fields = plan
        if kind:
            if kind == CALL:
                func = node.func
                func_type = type(func)
                if func_type is attribute:
                    visitors = choice.by_name.get(func.attr, visitors)
                elif func_type is name_class:
                    visitors = choice.by_name.get(func.id, visitors)
            elif kind == ATTRIBUTE:
                visitors = choice.by_name.get(node.attr, visitors)
            elif kind == NAME:
                visitors = choice.by_name.get(node.id, visitors)
            elif kind == KEYWORD:
                visitors = choice.by_name.get(node.arg, visitors)
            elif kind == SUBSCRIPT:
                key = node.slice
                if type(key) is constant and type(key.value) is str:
                    visitors = choice.by_name.get(key.value, visitors)
            elif type(node.value) is str:
                visitors = choice.for_string(node.value)
        for code, visitor in visitors:
            hits = visitor(node, ctx, parents)
            if hits:
                for hit in hits:
                    sink(code, hit)
        if not fields:
            continue
        inner = parents + (node,)
        for field_name in fields:
            value = getattr(node, field_name, None)
            if value is None:
                continue
            if type(value) is list:
                for item in reversed(value):
                    if isinstance(item, node_class):
                        push((item, inner))
            elif isinstance(value, node_class):
                push((value, inner))


_dispatch_cache: dict[tuple[str, ...], Dispatch] = {}


def _dispatch(rules: Sequence[Rule]) -> Dispatch:
    key = tuple(rule.code for rule in rules)
    table = _dispatch_cache.get(key)
    if table is None:
        entries: dict[type, list[Entry]] = {}
        for rule in rules:
            for node_type, visitor in rule.visitors.items():
                entries.setdefault(node_type, []).append((rule.code, visitor))
        table = {node_type: Choice.of(found) for node_type, found in entries.items()}
        _dispatch_cache[key] = table
    return table


def active_rules(text: str, rules: Sequence[Rule]) -> list[Rule]:
    """The rules that could find something in `text` (cheap substring tests, no parsing)."""
    mentions = any(spelling in text for spelling in CLARIFAI_SPELLINGS)
    return [
        rule
        for rule in rules
        if ((mentions or not rule.needs_clarifai) and any(trigger in text for trigger in rule.triggers))
        or any(trigger in text for trigger in rule.strong_triggers)
    ]


def _syntax_problem(error: SyntaxError, unit: Unit) -> Problem:
    line = error.lineno or 1
    col = (error.offset or 1) if error.text is None else min(error.offset or 1, len(error.text) + 1)
    return Problem(f"cannot parse: {error.msg}", unit.cell, line, col)


@contextmanager
def fewer_collections(threshold0: int = 250_000) -> Iterator[None]:
    """Collect garbage less often, around a whole run: a parse allocates many short-lived AST
    nodes, no cycles to speak of, and the default threshold (700) makes the collector rescan them
    again and again. django-upgrade's `main` does the same. (Around each file it would cost more
    than it saves: restoring the threshold sets off a collection of all that is left.)"""
    old = gc.get_threshold()
    if old[0] >= threshold0:
        yield
        return
    gc.set_threshold(threshold0, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def check_source(
    source: Source, rules: Sequence[Rule], prefilter: bool = True
) -> tuple[list[Finding], list[Problem]]:
    """Every finding of `rules` in one file or notebook, and the parts that could not be parsed.

    `prefilter=False` parses and walks the file with every rule whatever its text (benchmarks).
    """
    units = source.units
    text = "\n".join(unit.text for unit in units) if len(units) != 1 else units[0].text
    active = active_rules(text, rules) if prefilter else list(rules)
    if not active:
        return [], []
    names = Names()
    parsed: list[tuple[Unit, ast.Module]] = []
    problems: list[Problem] = []
    for unit in units:
        try:
            tree = ast.parse(unit.code)
        except (SyntaxError, ValueError) as error:
            if isinstance(error, SyntaxError):
                problems.append(_syntax_problem(error, unit))
            else:
                problems.append(Problem(f"cannot parse: {error}", unit.cell))
            continue
        names.add_tree(tree)
        parsed.append((unit, tree))
    ctx = Context(text, names)
    findings: list[Finding] = []

    def sink(code: str, hit: Hit) -> None:
        unit = hit.unit or ctx.unit
        node = hit.node
        column = unit.column(node.lineno, node.col_offset) + 1
        findings.append(Finding(code, unit.cell, node.lineno, column, hit.message, hit.fix, unit))

    table = _dispatch(active)
    for unit, tree in parsed:
        ctx.unit = unit
        walk(tree, table, ctx, sink)
    for rule in active:
        if rule.finish is not None and parsed:
            for hit in rule.finish(ctx):
                sink(rule.code, hit)
    findings.sort(key=lambda finding: finding.sort_key)
    return findings, problems
