"""Today's API: one function per RPC, registered by name.

Handlers implement the API as it is now. How it behaved before a dated change lives in
`emulator.changes`, never here.
"""

from __future__ import annotations

from collections.abc import Callable

from google.protobuf.message import Message

from ..call import Call

Handler = Callable[[Call], Message]
HANDLERS: dict[str, Handler] = {}


def handles(*rpc_names: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of the named RPCs."""

    def register(handler: Handler) -> Handler:
        for name in rpc_names:
            HANDLERS[name] = handler
        return handler

    return register


def handler_for(rpc_name: str) -> Handler | None:
    """The handler of `rpc_name`, or None when the emulator does not implement it."""
    return HANDLERS.get(rpc_name)


def _register_all() -> None:
    """Import every module of this package, so their `@handles` decorators run."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


_register_all()
