"""One call to a ready session, on the embedded emulator or the live API.

`connect("emulator")` starts an emulator in this process (stopped at exit);
`connect("live")` reads `CLARIFAI_PAT` (and optionally `CLARIFAI_USER_ID`,
`CLARIFAI_APP_ID`) from the environment; without an app id it works in a scratch app that it
creates and deletes at exit. `connect("emulator-remote")` does the same against an emulator
served elsewhere (`python -m emulator serve`, a workshop room's): `CLARIFAI_EMULATOR` is its
REST address and `CLARIFAI_PAT` the attendee's PAT; it can serve past dates like the
embedded one. Either way the session holds a working stub, the auth metadata and the
`user_app_id` to put in requests. Secrets never leave the environment and the session: they
are not parameters and are never printed.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import datetime as dt
import json
import os
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import grpc
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2_grpc

AS_OF_KEY = "x-clarifai-emulator-as-of"
LIVE_REST = "https://api.clarifai.com"
REMOTE = "emulator-remote"
TARGETS = ("emulator", "live", REMOTE)
EMULATOR_VARIABLE = "CLARIFAI_EMULATOR"  # a remote emulator's REST address, e.g. http://10.0.0.5:8000
INFO_PATH = "/emulator/info"  # emulator-only: answers its gRPC port


class ConnectError(Exception):
    """The session cannot be made: a missing credential or an unknown target."""


class CountingStub:
    """A V2Stub that counts the calls made through it, by RPC name."""

    def __init__(self, stub: service_pb2_grpc.V2Stub, calls: Counter) -> None:
        self._stub = stub
        self.calls = calls

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._stub, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            return method(*args, **kwargs)

        return counted


@dataclass(frozen=True)
class Session:
    """Everything a call needs: `session.stub.GetInput(request, metadata=session.metadata)`.

    `target` names the API: "emulator" (embedded, `emulator` is it; or remote, `emulator` is
    None) or "live".
    """

    target: str
    stub: CountingStub
    metadata: tuple[tuple[str, str], ...]
    user_app_id: resources_pb2.UserAppIDSet
    rest_base: str
    poll_interval: float  # seconds between polls: 0 on the emulator's virtual clock
    emulator: Any = None  # the embedded emulator.Emulator, when there is one
    as_of_date: dt.date | None = None
    calls: Counter = field(default_factory=Counter)

    @property
    def can_time_travel(self) -> bool:
        """Whether `as_of` works here (only the emulator, embedded or remote, can serve the past)."""
        return self.target == "emulator"

    def as_of(self, day: str | dt.date) -> Session:
        """The same session, served as the API was on `day` (emulator only)."""
        if not self.can_time_travel:
            raise ConnectError("the live API cannot serve a past date; only the emulator can")
        day = dt.date.fromisoformat(day) if isinstance(day, str) else day
        metadata = tuple(item for item in self.metadata if item[0] != AS_OF_KEY)
        return dataclasses.replace(self, metadata=(*metadata, (AS_OF_KEY, day.isoformat())), as_of_date=day)

    @property
    def rest_headers(self) -> dict[str, str]:
        """HTTP headers for a REST call with this session's credential (and date)."""
        return {key.title(): value for key, value in self.metadata}

    def rest_url(self, path: str) -> str:
        """The app-scoped REST URL of `path`, e.g. `rest_url("inputs")`."""
        scope = self.user_app_id
        return f"{self.rest_base}/v2/users/{scope.user_id}/apps/{scope.app_id}/{path.lstrip('/')}"


def _emulator_session(as_of: dt.date | None) -> Session:
    from emulator import Emulator

    emulator = Emulator(as_of=as_of).start()
    atexit.register(emulator.stop)
    account = emulator.account
    channel = ClarifaiChannel.get_insecure_grpc_channel(base=emulator.host, port=emulator.grpc_port)
    atexit.register(channel.close)  # runs first: the server's goodbye then finds no open channel
    calls: Counter = Counter()
    return Session(
        target="emulator",
        stub=CountingStub(service_pb2_grpc.V2Stub(channel), calls),
        metadata=(("authorization", f"Key {account.pat}"),),
        user_app_id=resources_pb2.UserAppIDSet(user_id=account.user_id, app_id=account.app_id),
        rest_base=emulator.rest_url,
        poll_interval=0.0,
        emulator=emulator,
        calls=calls,
    )


def _live_session() -> Session:
    pat = os.environ.get("CLARIFAI_PAT", "").strip()
    if not pat:
        raise ConnectError(
            "the live API needs a personal access token in the environment variable CLARIFAI_PAT"
        )
    app_id = os.environ.get("CLARIFAI_APP_ID", "").strip()
    calls: Counter = Counter()
    session = Session(
        target="live",
        stub=CountingStub(service_pb2_grpc.V2Stub(ClarifaiChannel.get_grpc_channel()), calls),
        metadata=(("authorization", f"Key {pat}"),),
        user_app_id=resources_pb2.UserAppIDSet(
            user_id=os.environ.get("CLARIFAI_USER_ID", "").strip() or "me", app_id=app_id
        ),
        rest_base=LIVE_REST,
        poll_interval=1.0,
        calls=calls,
    )
    return session if app_id else scratch_app(session)


def remote_grpc_port(address: str, timeout: float = 5.0) -> int:
    """The gRPC port of the emulator whose REST door is at `address`; ConnectError when there
    is none there."""
    url = f"{address.rstrip('/')}{INFO_PATH}"
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # a room's machine, not the web
    try:
        with direct.open(url, timeout=timeout) as answer:
            info = json.loads(answer.read())
        return int(info["grpc_port"])
    except urllib.error.HTTPError as error:
        reason = f"GET {INFO_PATH} answered HTTP {error.code}"
    except OSError as error:  # refused, unreachable, timed out, not a URL
        reason = str(getattr(error, "reason", error))
    except (ValueError, KeyError, TypeError) as error:
        reason = f"GET {INFO_PATH} did not answer an emulator's info ({error})"
    raise ConnectError(
        f"no Clarifai emulator at {EMULATOR_VARIABLE}={address} ({reason}): check the address that "
        "`python -m emulator serve` printed, and that it is running"
    )


def check_remote() -> tuple[str, int]:
    """The remote emulator's REST address and gRPC port, from CLARIFAI_EMULATOR; ConnectError
    naming what is missing or wrong (the PAT too, though it is checked only when used)."""
    address = os.environ.get(EMULATOR_VARIABLE, "").strip().rstrip("/")
    if not address:
        raise ConnectError(
            f"the {REMOTE} target needs the emulator's REST address in the environment variable "
            f"{EMULATOR_VARIABLE} (e.g. http://10.0.0.5:8000, as `python -m emulator serve` prints it)"
        )
    if not address.startswith(("http://", "https://")):
        raise ConnectError(f"{EMULATOR_VARIABLE} must be an http:// address (e.g. http://10.0.0.5:8000)")
    if not os.environ.get("CLARIFAI_PAT", "").strip():
        raise ConnectError(f"the {REMOTE} target needs your personal access token in CLARIFAI_PAT")
    return address, remote_grpc_port(address)


def _remote_session() -> Session:
    address, grpc_port = check_remote()
    host = urllib.parse.urlsplit(address).hostname or ""
    channel = ClarifaiChannel.get_insecure_grpc_channel(
        base=f"[{host}]" if ":" in host else host, port=grpc_port
    )
    atexit.register(channel.close)  # registered before the scratch app's delete, so it runs after it
    pat = os.environ["CLARIFAI_PAT"].strip()
    app_id = os.environ.get("CLARIFAI_APP_ID", "").strip()
    calls: Counter = Counter()
    session = Session(
        target="emulator",  # the API it serves, as notebooks test it; `emulator` None: not in this process
        stub=CountingStub(service_pb2_grpc.V2Stub(channel), calls),
        metadata=(("authorization", f"Key {pat}"),),
        user_app_id=resources_pb2.UserAppIDSet(
            user_id=os.environ.get("CLARIFAI_USER_ID", "").strip() or "me", app_id=app_id
        ),
        rest_base=address,
        poll_interval=0.0,  # the emulator's virtual clock: every request moves it on
        calls=calls,
    )
    return session if app_id else scratch_app(session)


def scratch_app(session: Session, prefix: str = "cookbook-scratch") -> Session:
    """The session moved to a new app of its user, deleted when the process exits."""
    from clarifai_grpc.grpc.api import service_pb2

    from .errors import check

    user = resources_pb2.UserAppIDSet(user_id=session.user_app_id.user_id)
    app = resources_pb2.App(
        id=f"{prefix}-{secrets.token_hex(4)}", description="Clarifai cookbook scratch app"
    )
    request = service_pb2.PostAppsRequest(user_app_id=user, apps=[app])
    check("PostApps", session.stub.PostApps(request, metadata=session.metadata))
    scope = resources_pb2.UserAppIDSet(user_id=user.user_id, app_id=app.id)
    scratch = dataclasses.replace(session, user_app_id=scope)

    def delete() -> None:
        request = service_pb2.DeleteAppRequest(user_app_id=scope)
        with contextlib.suppress(grpc.RpcError):  # at exit the API may already be gone
            session.stub.DeleteApp(request, metadata=session.metadata, timeout=10)  # never hang an exit

    atexit.register(delete)
    return scratch


def connect(target: str = "emulator", as_of: str | dt.date | None = None) -> Session:
    """A ready session for `target`: "emulator" (embedded, offline), "live", or
    "emulator-remote" (an emulator served elsewhere, e.g. a workshop room's).

    `as_of` sets the emulator's default date (default: today's API); on a remote emulator
    every request of the session names it.
    """
    if target == "emulator":
        day = dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
        return _emulator_session(day)
    if target == "live":
        return _live_session()
    if target == REMOTE:
        session = _remote_session()
        return session.as_of(as_of) if as_of else session
    raise ConnectError(f"unknown target {target!r}: use one of {', '.join(TARGETS)}")
