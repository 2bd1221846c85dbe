"""The rules, found by module name under `cookbook/lint/rules/` and joined to the catalog.

The catalog (`data/changes.csv`) is the only list of changes: codes without a rule module are
changes that cannot be seen in code, and `--list` says so.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import pkgutil
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from .. import catalog
from . import rules as rules_package
from .engine import Rule, visitor_problem


@dataclass(frozen=True)
class Entry:
    """A catalog change and its rule, if the checker has one."""

    change: catalog.Change
    rule: Rule | None

    @property
    def notebook(self) -> str:
        """The notebook path as the project names it: `notebooks/<id>.ipynb`."""
        return f"notebooks/{self.change.id}.ipynb"


def _rule(module: ModuleType) -> Rule:
    visitors = {}
    for name in dir(module):
        if name.startswith("visit_"):
            node_type = getattr(ast, name.removeprefix("visit_"))
            visitor = getattr(module, name)
            problem = visitor_problem(node_type, visitor)
            if problem:
                raise TypeError(f"{module.__name__}.{name}: {problem}")
            visitors[node_type] = visitor
    return Rule(
        code=module.CODE,
        triggers=tuple(module.TRIGGERS),
        strong_triggers=tuple(getattr(module, "STRONG_TRIGGERS", ())),
        needs_clarifai=getattr(module, "NEEDS_CLARIFAI", True),
        heuristic=getattr(module, "HEURISTIC", False),
        fix=getattr(module, "FIX", ""),
        visitors=visitors,
        finish=getattr(module, "finish", None),
    )


def rule_modules() -> list[ModuleType]:
    """Every module of `cookbook.lint.rules`, in code order."""
    names = sorted(info.name for info in pkgutil.iter_modules(rules_package.__path__))
    return [importlib.import_module(f"{rules_package.__name__}.{name}") for name in names]


@cache
def entries() -> tuple[Entry, ...]:
    """Every change of the catalog, in date order, with its rule or None."""
    by_code = {module.CODE: _rule(module) for module in rule_modules()}
    return tuple(Entry(change, by_code.get(change.code)) for change in catalog.load())


def choose(
    select: Sequence[str] = (), ignore: Sequence[str] = (), since: dt.date | None = None
) -> list[Entry]:
    """The catalog entries kept by `--select`, `--ignore` (codes or ids) and `--since` (after it).

    Raises ValueError naming any key that is not in the catalog.
    """
    everything = list(entries())
    changes = [entry.change for entry in everything]
    selected = {change.code for change in catalog.select(changes, list(select))} if select else None
    ignored = {change.code for change in catalog.select(changes, list(ignore))} if ignore else set()
    return [
        entry
        for entry in everything
        if (selected is None or entry.change.code in selected)
        and entry.change.code not in ignored
        and (since is None or entry.change.date > since)
    ]
