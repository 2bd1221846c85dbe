"""The project's wrapper around clarifai-grpc's own tests (copied beside it at run time).

Cuts the tests off the internet: a socket may only connect to (or resolve) 127.0.0.1,
::1 or localhost. A blocked attempt raises ``FidelityOfflineBlock`` and is recorded with the
test's node id in the file named by ``FIDELITY_BLOCKED_LOG``, so the harness can count a test
that needed the client itself to fetch an internet URL as "not runnable offline".
"""

from __future__ import annotations

import json
import os
import socket

import pytest

_LOCAL = {"127.0.0.1", "::1", "localhost", "0:0:0:0:0:0:0:1"}
_current: list[str] = [""]


class FidelityOfflineBlock(OSError):
    """A connection to a non-local address, refused by the fidelity harness."""


def _host_of(address: object) -> str:
    if isinstance(address, tuple) and address:
        return str(address[0])
    return str(address)


def _is_local(host: str) -> bool:
    return host in _LOCAL or host.startswith("127.")


def _block(host: str) -> None:
    log = os.environ.get("FIDELITY_BLOCKED_LOG")
    if log:
        with open(log, "a") as out:
            out.write(json.dumps({"nodeid": _current[0], "host": host}) + "\n")
    raise FidelityOfflineBlock(f"fidelity-offline-block: connection to {host!r} refused (offline)")


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo


def _guarded_connect(self: socket.socket, address: object) -> None:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(_host_of(address)):
        _block(_host_of(address))
    return _connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(_host_of(address)):
        _block(_host_of(address))
    return _connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
    if host is not None and not _is_local(str(host)):
        _block(str(host))
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
socket.getaddrinfo = _guarded_getaddrinfo  # type: ignore[assignment]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    _current[0] = item.nodeid
