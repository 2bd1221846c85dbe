"""Dated changes, the Stripe way: today's handlers, plus one module per change saying how the
API behaved before its date.

A change module declares itself once, at the top, and its hooks with decorators:

    change = Change(__name__, code="CL012", date=dt.date(2021, 2, 12), rpcs={"DeleteInputs"},
                    legacy_fields={"clarifai.api.DeleteInputsRequest": {3: ("delete_all", "bool")}})

    @change.answer
    def delete_all(call: Call) -> Message | None: ...

`date` is the first day of the new behaviour; `legacy_fields` are removed fields old clients
may still send, as `{message full name: {field number: (name, kind)}}`, so the doors can read
them. Each hook says what it does:

- `guard(call)`: may raise to refuse the request outright (an outage);
- `request(call)`: rewrites an old request (`call.request`, its legacy fields, the caller)
  into today's form; it answers nothing;
- `answer(call) -> response | None`: old behaviour that replaces today's handler, when it
  returns a response;
- `after(call, response) -> response`: rewrites a response the way it used to look;
- `authorize(rpc, request, metadata, store) -> Caller | None`: lets in, before the date, a
  caller today's auth refuses;
- `applies(call) -> bool`: when the hooks run, for a change that is not a simple "before the
  date" (a downtime on the day itself); by default `call.as_of < date`.

A misspelt hook, an unknown keyword, a module with no or two declarations, a hook function
left undeclared, a duplicate code or a code and date that disagree with the catalog
(`data/changes.csv`) raise `ChangeError`, naming the module, when the registry is built.

How changes compose (`serve`): the pending changes are those whose RPCs include the call's
and that apply to it, taken oldest first.

1. Every pending guard runs, so no old behaviour slips past an outage.
2. Every pending request transform runs, oldest first: an old request moves forward through
   time until it is in today's form. No answer can skip an older change's rewrite.
3. The newest pending change whose `answer` returns a response wins; that response is aged
   back through the `after` hooks of the pending changes older than it, newest first (the
   newer ones describe a later API than the answer's).
4. When no change answers, removed fields that no change claimed are refused
   (CONN_BAD_REQUEST_FORMAT), then today's handler answers and every pending `after` runs,
   newest first.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import importlib
import pkgutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import NoReturn

from google.protobuf.message import Message

from ..auth import Caller
from ..call import Call
from ..descriptors import Rpc
from ..legacy import LegacyFields, declared_by
from ..statuses import ApiError
from ..store import Store

HOOKS = ("guard", "applies", "authorize", "request", "answer", "after")
OLD_HOOKS = ("before",)  # the hook that did two jobs: a module defining it is told what to use
IN_REPO = Path(__file__).resolve().parents[2] / "data" / "changes.csv"
# Installed without the repository, the packaged copy (a symlink in the repo).
CATALOG = IN_REPO if IN_REPO.exists() else Path(__file__).resolve().parents[1] / "changes.csv"


class ChangeError(Exception):
    """A change module declared itself wrongly; raised when it registers, naming the module."""


class Change:
    """A dated change, declared once by its module; its hooks are added with decorators."""

    def __init__(
        self,
        module: str,
        *,
        code: str,
        date: dt.date,
        rpcs: Iterable[str],
        legacy_fields: LegacyFields | None = None,
        **unknown: object,
    ) -> None:
        if unknown:
            raise ChangeError(
                f"{module}: Change() has no keyword {', '.join(sorted(unknown))}; it takes code, date, "
                f"rpcs and legacy_fields, and hooks as decorators ({', '.join(HOOKS)})"
            )
        self.module = module
        self.code = code
        self.date = date
        self.rpcs = frozenset(rpcs)
        self.legacy_fields: LegacyFields = legacy_fields or {}
        self.hooks: dict[str, Callable] = {}

    def __repr__(self) -> str:
        return f"Change({self.module!r}, code={self.code!r}, date={self.date!r})"

    def __getattr__(self, name: str) -> NoReturn:
        """Only reached for a name the class lacks: a misspelt hook such as `@change.befor`."""
        if name.startswith("__"):
            raise AttributeError(name)
        raise ChangeError(f"{self.module}: no hook named {name!r}; the hooks are {', '.join(HOOKS)}")

    def guard(self, hook: Callable[[Call], None]) -> Callable[[Call], None]:
        """Declare the guard: raises to refuse the request before anything else runs."""
        return self._declare("guard", hook)

    def applies(self, hook: Callable[[Call], bool]) -> Callable[[Call], bool]:
        """Declare when the hooks run, in place of "served as of a date before the change"."""
        return self._declare("applies", hook)

    def authorize(self, hook: Callable[..., Caller | None]) -> Callable[..., Caller | None]:
        """Declare the old auth rule: `(rpc, request, metadata, store) -> Caller | None`."""
        return self._declare("authorize", hook)

    def request(self, hook: Callable[[Call], None]) -> Callable[[Call], None]:
        """Declare the request transform: moves an old request into today's form."""
        return self._declare("request", hook)

    def answer(self, hook: Callable[[Call], Message | None]) -> Callable[[Call], Message | None]:
        """Declare the old behaviour that replaces today's handler when it returns a response."""
        return self._declare("answer", hook)

    def after(self, hook: Callable[[Call, Message], Message]) -> Callable[[Call, Message], Message]:
        """Declare the response transform: today's response as it used to look."""
        return self._declare("after", hook)

    def _declare(self, name: str, hook: Callable) -> Callable:
        if name in self.hooks:
            raise ChangeError(
                f"{self.module}: {name} declared twice: {self.hooks[name].__name__}, {hook.__name__}"
            )
        self.hooks[name] = hook
        return hook

    def pending(self, call: Call) -> bool:
        """Whether `call` touches one of this change's RPCs on a date its hooks cover."""
        if call.rpc.name not in self.rpcs:
            return False
        applies = self.hooks.get("applies")
        return applies(call) if applies else call.as_of < self.date


@dataclass(frozen=True)
class Entry:
    """What the catalog says of a change that its module must agree with."""

    id: str
    date: dt.date

    @property
    def slug(self) -> str:
        """The id without its date, as the module's name spells it after the code: `delete_all_removed`."""
        return self.id[len("YYYY-MM-DD-") :].replace("-", "_")


def read_catalog(path: Path = CATALOG) -> dict[str, Entry]:
    """The catalog's id and date of each change, by code."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle)
        return {row["code"]: Entry(row["id"], dt.date.fromisoformat(row["date"])) for row in rows}


def declaration(module: ModuleType) -> Change:
    """The one `Change` that `module` declares, with every hook-named function declared."""
    declared = [value for value in vars(module).values() if isinstance(value, Change)]
    if len(declared) != 1:
        raise ChangeError(f"{module.__name__}: declares {len(declared)} Change objects, not exactly one")
    change = declared[0]
    if change.module != module.__name__:
        raise ChangeError(f"{module.__name__}: its Change names another module, {change.module}")
    if not change.hooks:
        raise ChangeError(f"{module.__name__}: declares no hook ({', '.join(HOOKS)})")
    for name in (*HOOKS, *OLD_HOOKS):
        function = getattr(module, name, None)
        if callable(function) and function is not change.hooks.get(name):
            raise ChangeError(
                f"{module.__name__}: defines {name}() without declaring it; decorate a hook with one of "
                f"@change.{', @change.'.join(HOOKS)}"
            )
    return change


def register(modules: Iterable[ModuleType], catalog: Mapping[str, Entry]) -> tuple[Change, ...]:
    """The declarations of `modules`, checked against `catalog` and each other, oldest first."""
    changes: dict[str, Change] = {}
    for module in modules:
        change = declaration(module)
        if change.code in changes:
            raise ChangeError(f"{module.__name__}: code {change.code} is {changes[change.code].module}'s too")
        _check_against_catalog(change, catalog)
        changes[change.code] = change
    return tuple(sorted(changes.values(), key=lambda change: (change.date, change.code)))


def _check_against_catalog(change: Change, catalog: Mapping[str, Entry]) -> None:
    entry = catalog.get(change.code)
    if entry is None:
        raise ChangeError(f"{change.module}: code {change.code} has no row in the catalog")
    if change.date != entry.date:
        raise ChangeError(f"{change.module}: date {change.date} but the catalog has {entry.date}")
    expected = f"{change.code.lower()}_{entry.slug}"
    if change.module.rsplit(".", 1)[-1] != expected:
        raise ChangeError(f"{change.module}: the catalog's {entry.id} names the module {expected}")


@functools.cache
def registry() -> tuple[Change, ...]:
    """Every change module of this package, checked, oldest first."""
    modules = [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)]
    return register(modules, read_catalog())


@functools.cache
def legacy_fields() -> LegacyFields:
    """All removed fields the change modules declare, merged."""
    merged: LegacyFields = {}
    for change in registry():
        for message, fields in change.legacy_fields.items():
            merged.setdefault(message, {}).update(fields)
    return merged


declared_by(legacy_fields)  # the doors' and `legacy.attach`'s table of removed fields


def serve(call: Call, handler: Callable[[Call], Message], changes: Sequence[Change] | None = None) -> Message:
    """Answer `call` as the API did on its as-of date, composing `changes` (by default every
    registered one) by the rule in this module's docstring."""
    if changes is None:  # the registry's changes of this RPC, already oldest first
        pending = [change for change in _changes_of(call.rpc.name) if change.pending(call)]
    else:
        pending = sorted((c for c in changes if c.pending(call)), key=lambda c: (c.date, c.code))
    for change in pending:
        _run(change, "guard", call)
    for change in pending:
        if _run(change, "request", call) is not None:
            raise ChangeError(f"{change.module}: a request transform returned a response; declare an answer")
    for index in reversed(range(len(pending))):
        response = _run(pending[index], "answer", call)
        if response is not None:
            return _age(call, response, pending[:index])
    _refuse_unclaimed(call)
    return _age(call, handler(call), pending)


@functools.cache
def _changes_of(rpc_name: str) -> tuple[Change, ...]:
    """The registered changes whose RPCs include `rpc_name`, oldest first (asked per request)."""
    return tuple(change for change in registry() if rpc_name in change.rpcs)


def _run(change: Change, hook: str, call: Call) -> object:
    function = change.hooks.get(hook)
    return function(call) if function else None


def _refuse_unclaimed(call: Call) -> None:
    """Refuse removed fields that no change handled for this date, as today's API does."""
    unclaimed = call.unclaimed_legacy()
    if unclaimed:
        message = call.request.DESCRIPTOR.name
        raise ApiError("CONN_BAD_REQUEST_FORMAT", "unknown-field", field=unclaimed[0], message=message)


def _age(call: Call, response: Message, changes: list[Change]) -> Message:
    """Rewrite a response back through `changes`, newest first."""
    for change in reversed(changes):
        after = change.hooks.get("after")
        if after:
            response = after(call, response)
    return response


def reauthorize(
    rpc: Rpc, request: Message, metadata: Mapping[str, str], as_of: dt.date, store: Store, refusal: ApiError
) -> Caller:
    """A caller that today's auth refused but the API of `as_of` let in; else raise `refusal`.

    Changes that loosened auth in the past declare an `authorize` hook (CL019: app API keys
    reached clarifai/main before PATs were required).
    """
    for change in registry():
        authorize = change.hooks.get("authorize")
        if authorize and as_of < change.date and rpc.name in change.rpcs:
            caller = authorize(rpc, request, metadata, store)
            if caller is not None:
                return caller
    raise refusal
