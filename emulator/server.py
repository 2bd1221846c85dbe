"""The emulator as one object: the core, its seeded tenants, and its doors."""

from __future__ import annotations

import datetime as dt
import secrets
import shlex
import sqlite3
import weakref
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from google.protobuf.message import DecodeError

from . import persistence, public, snapshots
from . import tls as tls_files
from .accounts import Account, add_attendee, attendee, seed
from .api import Api, JournalEntry
from .clock import IdGenerator
from .grpc_door import start_grpc
from .progress import Board, Room
from .rest_door import start_rest
from .store import Store

PUBLIC_USER, PUBLIC_APP = "clarifai", "main"
DEFAULT_USER, DEFAULT_APP = "cookbook", "migrations"
DEFAULT_SEED = "clarifai-cookbook"


@dataclass(frozen=True)
class Settings:
    """What the command line may change between two runs on one state file."""

    as_of: dt.date | None
    downtime: tuple[int, int] | None
    workshop: int = 0  # attendee accounts (`serve --workshop N`); they are only ever added

    def as_json(self) -> dict:
        data = {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "downtime": list(self.downtime) if self.downtime else None,
        }
        return data | ({"workshop": self.workshop} if self.workshop else {})

    @classmethod
    def from_json(cls, data: dict) -> Settings:
        as_of, downtime = data.get("as_of"), data.get("downtime")
        return cls(
            dt.date.fromisoformat(as_of) if as_of else None,
            tuple(downtime) if downtime else None,
            int(data.get("workshop") or 0),
        )

    def described(self) -> str:
        as_of = self.as_of.isoformat() if self.as_of else "today"
        downtime = ",".join(map(str, self.downtime)) if self.downtime else "none"
        workshop = f", --workshop {self.workshop}" if self.workshop else ""
        return f"--as-of {as_of}, --downtime {downtime}{workshop}"


class Emulator:
    """A local Clarifai API: plain gRPC, TLS gRPC and REST doors on one set of handlers.

    Use as a context manager, or call `start()` and `stop()`. Ports are chosen by the OS
    unless given. `tls` adds the TLS gRPC door, whose self-signed certificate is written to
    `cert_dir` (kept and reused there) or to a temporary directory removed at `stop()`.
    `db` keeps the state in a SQLite file across restarts (see `emulator.persistence`);
    opening it replays what it holds, and raises `StateFileError` naming the file when it
    cannot be used. `notes` then says what changed since the file's last run.
    `workshop` N adds N attendee accounts (`attendees`, see `emulator.workshop`), made from
    `seed_text`: a workshop's seed must be secret, or anyone could work out their PATs.
    `user_id` and `app_id` name the seeded `account` (a user with one app, a PAT, an app key).
    `progress` keeps the check results attendees post (see `emulator.progress`); a workshop's
    `leader_token` (random, never derived from the seed) reads their table at GET /emulator/progress.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        grpc_port: int = 0,
        rest_port: int = 0,
        as_of: dt.date | None = None,
        seed_text: str = DEFAULT_SEED,
        downtime: tuple[int, int] | None = None,
        *,
        workshop: int = 0,
        tls: bool = True,
        tls_port: int = 0,
        cert_dir: str | Path | None = None,
        db: str | Path | None = None,
        db_sync: str = "normal",
        user_id: str = DEFAULT_USER,
        app_id: str = DEFAULT_APP,
    ) -> None:
        self.host = host
        self._ports = (grpc_port, rest_port, tls_port)
        self.tls, self.cert_dir = tls, Path(cert_dir) if cert_dir else None
        self.ids = IdGenerator(seed_text)
        self.store = Store()
        # other machines must not read this one through URL inputs (provenance: local-urls-refused)
        self.store.local_urls = host in ("127.0.0.1", "localhost", "::1")
        public.populate(self.store.add_user(PUBLIC_USER).add_app(PUBLIC_APP))
        self._account = seed(self.store, self.ids, user_id, app_id)
        self.api = Api(self.store, self.ids, as_of)
        self.notes: list[str] = []
        self.replayed = self.diverged = 0
        self.downtime = None
        self.attendees: list[Account] = []
        self.progress = Board()
        self.leader_token = secrets.token_hex(16) if workshop else ""
        wanted = Settings(as_of, downtime, workshop)
        # With a state file, attendees are added where its log added them (or at its end).
        self._apply(wanted if db is None else replace(wanted, workshop=0))
        if db is not None:
            self._open_state(Path(db), seed_text, db_sync, wanted)
        else:
            self.api.checkpoint(save=False)
        self.grpc_port = self.rest_port = self.tls_port = 0
        self.certificate: tls_files.Certificate | None = None
        self._discard: Callable[[], object] = lambda: None  # removes a temporary certificate
        self._servers: tuple = ()

    def _apply(self, settings: Settings) -> None:
        self.api.default_as_of = settings.as_of
        self.downtime = settings.downtime  # ticks START, END: the service is down from START to END-1 (CL001)
        self.store.downtime.schedule(settings.downtime)
        while len(self.attendees) < settings.workshop:
            self.attendees.append(add_attendee(self.store, self.ids.seed, len(self.attendees) + 1))

    def _open_state(self, path: Path, seed_text: str, sync: str, wanted: Settings) -> None:
        """Replay the state file, then serve with `wanted` from now on (the past keeps its own)."""
        persistence.install_tape()
        state = persistence.StateFile(path, seed_text, sync)
        last = None
        try:
            snapshot = state.snapshot()
            if snapshot is not None:
                last = Settings.from_json(snapshot[0])
                self._restore(snapshot[1], last)
            else:
                self.api.start_from(None)
            for event in state.events():
                if event.kind == persistence.SETTINGS:
                    last = Settings.from_json(event.metadata)
                    self._apply(last)
                    continue
                self.replayed += 1
                self.diverged += not self.api.replay(event)
        except persistence.StateFileError:
            state.close()
            raise
        except (DecodeError, ValueError, KeyError) as error:  # a damaged or foreign event
            state.close()
            raise persistence.StateFileError(
                f"state file {path} has an event that cannot be replayed ({error})"
            ) from None
        except snapshots.UNREADABLE as error:
            state.close()
            raise persistence.StateFileError(
                f"state file {path} has a snapshot this emulator cannot read "
                f"({type(error).__name__}: {error})"
            ) from None
        if last is not None and last.workshop > wanted.workshop:
            state.close()
            raise persistence.StateFileError(
                f"state file {path} holds {last.workshop} workshop accounts: serve it with "
                f"--workshop {last.workshop} (or more, to add accounts)"
            )
        if self.diverged:
            self.notes.append(
                f"replaying {path}: {self.diverged} of {self.replayed} requests answered differently than "
                "when first served (the emulator changed since?); the state may differ from what clients saw"
            )
        if last is not None and last != wanted:
            self.notes.append(
                f"{path} was last served with {last.described()}; now {wanted.described()} "
                "(past requests replay as they were served)"
            )
        self._apply(wanted)
        if last != wanted:
            try:
                state.append(
                    persistence.Event(persistence.SETTINGS, self.api.clock.now, metadata=wanted.as_json())
                )
            except sqlite3.Error as error:
                state.close()
                raise persistence.StateFileError(f"state file {path} cannot be written ({error})") from None
        self.api.state = state
        self.api.settings = wanted.as_json()
        self.api.checkpoint()  # written when the replay was long, so the next restart is short

    def _restore(self, snapshot: bytes, settings: Settings) -> None:
        """Start from a snapshot taken while serving with `settings` (its attendees are in it)."""
        self.api.start_from(snapshot)
        self._apply(replace(settings, workshop=0))
        self.attendees = [attendee(self.ids.seed, number) for number in range(1, settings.workshop + 1)]

    def start(self) -> Emulator:
        """Open the doors; return self."""
        tls = None
        if self.tls:
            hosts = tls_files.hosts_for(self.host)
            if self.cert_dir:
                self.certificate = tls_files.certificate_in(self.cert_dir, hosts)
            else:
                self.certificate = tls_files.temporary_certificate(hosts)
                self._discard = weakref.finalize(self, tls_files.discard, self.certificate)  # even unstopped
            tls = (self._ports[2], self.certificate.server_credentials())
        servers = []
        try:
            grpc_server, self.grpc_port, self.tls_port = start_grpc(self.api, self.host, self._ports[0], tls)
            servers.append(grpc_server)
            info = {"grpc_port": self.grpc_port, "grpc_tls_port": self.tls_port}  # GET /emulator/info
            room = Room(self.progress, self.attendee_ids, self.leader_token)
            rest_server, self.rest_port = start_rest(self.api, self.host, self._ports[1], info, room)
            self.store.data_host = self.rest_url  # the emulator hosts input bytes itself (emulator.hosted)
        except BaseException:
            for server in servers:
                server.stop(grace=None)
            self._discard()
            raise
        self._servers = (grpc_server, rest_server)
        return self

    def stop(self) -> None:
        """Close the doors (and the state file)."""
        if self._servers:
            grpc_server, rest_server = self._servers
            grpc_server.stop(grace=None)
            rest_server.shutdown()
            rest_server.server_close()
            self._servers = ()
        self._discard()
        self.api.close_state()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def account(self) -> Account:
        """The seeded account: user, app, PAT and app API key."""
        return self._account

    def attendee_ids(self) -> list[str]:
        """The workshop's attendees' user ids, in order (none without a workshop)."""
        return [account.user_id for account in self.attendees]

    def progress_table(self) -> str:
        """Who is done with what: the attendees' check results (see `emulator.progress`)."""
        return self.progress.table(self.attendee_ids())

    @property
    def journal(self) -> tuple[JournalEntry, ...]:
        """Every request served so far, oldest first (a copy: later requests do not change it)."""
        return self.api.journal_snapshot()

    @property
    def grpc_address(self) -> str:
        return f"{self.host}:{self.grpc_port}"

    @property
    def tls_address(self) -> str:
        """The TLS door's address, with a name its certificate covers."""
        host = "127.0.0.1" if self.host in ("", "0.0.0.0", "::") else self.host
        return f"{host}:{self.tls_port}"

    @property
    def rest_url(self) -> str:
        return f"http://{self.host}:{self.rest_port}"

    def describe(self) -> dict:
        """Addresses and seeded credentials, for `serve`'s one JSON line.

        A workshop's line has no credential: the attendees' are in the leader's accounts file.
        """
        as_of = self.api.default_as_of
        described = {
            "grpc": self.grpc_address,
            "rest": self.rest_url,
            "as_of": as_of.isoformat() if as_of else "today",
            **({"workshop": len(self.attendees)} if self.attendees else asdict(self.account)),
        }
        if self.certificate is not None:
            described["grpc_tls"] = self.tls_address
            described["cert"] = str(self.certificate.path)
        if self.downtime is not None:
            described["downtime"] = list(self.downtime)
        if self.api.state is not None:
            described["db"] = str(self.api.state.path)
            described["replayed"] = self.replayed
        return described

    def environment(self, *, credentials: bool = True) -> dict[str, str]:
        """The variables that point unmodified client code at this emulator: its REST door
        (`CLARIFAI_API_BASE`), its TLS gRPC door and certificate when it has one, its plain
        gRPC door (`CLARIFAI_EMULATOR_GRPC`), and the seeded account's ids, PAT and app API key
        (`credentials` False leaves the account out, as a workshop's room must)."""
        env = {}
        if self.certificate is not None and self.tls_port:
            env["CLARIFAI_GRPC_BASE"] = self.tls_address
            env["GRPC_DEFAULT_SSL_ROOTS_FILE_PATH"] = str(self.certificate.path)
        env["CLARIFAI_API_BASE"] = self.rest_url
        env["CLARIFAI_EMULATOR_GRPC"] = self.grpc_address
        if credentials:
            account = self.account
            env |= {
                "CLARIFAI_PAT": account.pat,
                "CLARIFAI_API_KEY": account.api_key,
                "CLARIFAI_USER_ID": account.user_id,
                "CLARIFAI_APP_ID": account.app_id,
            }
        return env

    def exports(self) -> list[str]:
        """The shell lines of `environment()` (a workshop's without credentials)."""
        env = self.environment(credentials=not self.attendees)
        return [f"export {name}={shlex.quote(value)}" for name, value in env.items()]
