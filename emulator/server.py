"""The emulator as one object: the core, its seeded tenants, and its doors."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from . import public
from .api import Api
from .changes import cl001_scheduled_db_downtime as downtime_change
from .clock import IdGenerator
from .grpc_door import start_grpc
from .rest_door import start_rest
from .store import Credential, Store

PUBLIC_USER, PUBLIC_APP = "clarifai", "main"
DEFAULT_USER, DEFAULT_APP = "cookbook", "migrations"


@dataclass(frozen=True)
class Account:
    """A seeded user with one app, a PAT and an app API key."""

    user_id: str
    app_id: str
    pat: str
    api_key: str


def seed(store: Store, ids: IdGenerator, user_id: str = DEFAULT_USER, app_id: str = DEFAULT_APP) -> Account:
    """Create a user with an app, a PAT and an app API key; return them."""
    store.add_user(user_id).add_app(app_id)
    pat = store.add_credential(Credential(ids.hex32("pat"), user_id)).token
    key = store.add_credential(Credential(ids.hex32("key"), user_id, app_id)).token
    return Account(user_id, app_id, pat, key)


class Emulator:
    """A local Clarifai API on 127.0.0.1: plain gRPC and REST, one set of handlers.

    Use as a context manager, or call `start()` and `stop()`. Ports are chosen by the OS
    unless given.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        grpc_port: int = 0,
        rest_port: int = 0,
        as_of: dt.date | None = None,
        seed_text: str = "clarifai-cookbook",
        downtime: tuple[int, int] | None = None,
    ) -> None:
        self.host = host
        self._ports = (grpc_port, rest_port)
        self.ids = IdGenerator(seed_text)
        self.store = Store()
        public.populate(self.store.add_user(PUBLIC_USER).add_app(PUBLIC_APP))
        self.account = seed(self.store, self.ids)
        self.api = Api(self.store, self.ids, as_of)
        self.downtime = downtime  # ticks START, END: the service is down from START to END-1 (CL001)
        if downtime is not None:
            downtime_change.schedule(self.store, *downtime)
        self.grpc_port = self.rest_port = 0
        self._servers: tuple = ()

    def start(self) -> Emulator:
        """Open the doors; return self."""
        grpc_server, self.grpc_port = start_grpc(self.api, self.host, self._ports[0])
        rest_server, self.rest_port = start_rest(self.api, self.host, self._ports[1])
        self._servers = (grpc_server, rest_server)
        return self

    def stop(self) -> None:
        """Close the doors."""
        if self._servers:
            grpc_server, rest_server = self._servers
            grpc_server.stop(grace=None)
            rest_server.shutdown()
            rest_server.server_close()
            self._servers = ()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def grpc_address(self) -> str:
        return f"{self.host}:{self.grpc_port}"

    @property
    def rest_url(self) -> str:
        return f"http://{self.host}:{self.rest_port}"

    def describe(self) -> dict:
        """Addresses and seeded credentials, for `serve`'s one JSON line."""
        as_of = self.api.default_as_of
        described = {
            "grpc": self.grpc_address,
            "rest": self.rest_url,
            "as_of": as_of.isoformat() if as_of else "today",
            **asdict(self.account),
        }
        if self.downtime is not None:
            described["downtime"] = list(self.downtime)
        return described
