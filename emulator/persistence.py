"""State in a SQLite file (`--db FILE`): the log of every request served, replayed at start.

The emulator is deterministic (seeded ids, a virtual clock that counts requests), so its
state is a function of the requests it served. The file keeps that log, event sourcing:
each request (RPC, request bytes, the metadata the emulator reads, legacy fields, the date it
was served as of when it named none, what its URL downloads gave) is committed before its
response is sent. At start the log is replayed through the same core, which rebuilds the
inputs, models, apps, keys, ids and the clock exactly. Each event also keeps a digest of the
response it got, so a replay that answers differently (an emulator changed since) is told.
Snapshots bound the replay: now and then the core writes the whole state (`emulator.snapshots`)
and drops the events it holds, in one transaction; a start restores it, then replays the rest.

Durability: WAL mode. `synchronous=NORMAL` (the default) makes a commit survive the process
dying at any moment, `kill -9` included: the log is written to the OS before the answer is
sent. Only an OS crash or power loss can drop the last commits (never corrupt the file);
`full` fsyncs every commit to survive that too, at about 0.5 ms a request.

The file holds credentials (it is state, like a real database of keys): keep it private.
"""

from __future__ import annotations

import base64
import contextlib
import contextvars
import functools
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from google.protobuf import text_format
from google.protobuf.message import Message

from . import downloads, faults

APPLICATION_ID = 0x436C4631  # "ClF1": marks a file as this emulator's state (PRAGMA application_id)
FORMAT = "clarifai-emulator-state 2"
OLDER_FORMATS = ("clarifai-emulator-state 1",)  # the same log with no snapshots: read by adding their table
CALL, REFUSAL, SETTINGS = "call", "refusal", "settings"  # kinds of event
SYNC_MODES = ("normal", "full")
SQLITE_HEADER = b"SQLite format 3\x00"
KEPT_METADATA_PREFIX = "x-clarifai-"  # with `authorization`: the metadata the emulator reads

SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY,      -- the order requests were served in
    kind TEXT NOT NULL,           -- call, refusal (at the REST door, before the core) or settings
    tick INTEGER NOT NULL,        -- the virtual clock after the event
    rpc TEXT NOT NULL,
    request BLOB NOT NULL,        -- serialized request (unknown fields included)
    metadata TEXT NOT NULL,       -- JSON (a settings event: the settings)
    legacy TEXT NOT NULL,         -- JSON of the removed fields the request carried, by path
    day TEXT NOT NULL,            -- the as-of date of a request that named none
    downloads TEXT NOT NULL,      -- JSON: URL -> [base64 content, failure] of real fetches
    digest BLOB NOT NULL          -- of the response, to tell a replay that answers differently
);
CREATE TABLE IF NOT EXISTS snapshot (
    id INTEGER PRIMARY KEY CHECK (id = 1),  -- at most one: the state the events start from
    settings TEXT NOT NULL,       -- JSON of the settings served with when it was taken
    state BLOB NOT NULL           -- emulator.snapshots.capture
);
"""
COLUMNS = "kind, tick, rpc, request, metadata, legacy, day, downloads, digest"


class StateFileError(Exception):
    """The state file cannot be used; the message names it and says why."""


@dataclass
class Event:
    """One entry of the log."""

    kind: str
    tick: int
    rpc: str = ""
    request: bytes = b""
    metadata: dict[str, str] = field(default_factory=dict)
    legacy: dict[str, Any] = field(default_factory=dict)
    day: str = ""
    downloads: dict[str, list[str]] = field(default_factory=dict)
    digest: bytes = b""

    def row(self) -> tuple:
        return (
            self.kind,
            self.tick,
            self.rpc,
            self.request,
            json.dumps(self.metadata, sort_keys=True),
            json.dumps(self.legacy, sort_keys=True),
            self.day,
            json.dumps(self.downloads, sort_keys=True),
            self.digest,
        )

    @classmethod
    def from_row(cls, row: tuple) -> Event:
        kind, tick, rpc, request, metadata, legacy, day, fetched, digest = row
        loaded = json.loads(metadata), json.loads(legacy), json.loads(fetched)
        return cls(kind, tick, rpc, bytes(request), loaded[0], loaded[1], day, loaded[2], bytes(digest))


def kept_metadata(metadata: Mapping[str, str]) -> dict[str, str]:
    """The metadata a replay needs: the credential and the emulator's own headers."""
    return {
        key: value
        for key, value in metadata.items()
        if key == "authorization" or key.startswith(KEPT_METADATA_PREFIX)
    }


def digest(response: Message, data_host: str = "") -> bytes:
    """A short fingerprint of a response, without `data_host` (the prefix of hosted input URLs:
    the REST door's address, which a restart may change)."""
    raw = response.SerializeToString(deterministic=True)
    if data_host and data_host.encode() in raw:  # as text: the host's length shows in no length prefix
        raw = text_format.MessageToBytes(response).replace(data_host.encode(), b"")
    return hashlib.sha256(raw).digest()[:16]


class StateFile:
    """The log of one emulator, in one SQLite file it holds exclusively while it runs."""

    def __init__(self, path: str | Path, seed: str, sync: str = "normal") -> None:
        self.path = Path(path)
        if sync not in SYNC_MODES:
            raise ValueError(f"sync must be one of {SYNC_MODES}, not {sync!r}")
        self._refuse_foreign_content()
        try:
            self._create_private()
            self._db = sqlite3.connect(self.path, timeout=0.2, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            raise self._error(f"cannot be opened ({error})") from None
        except OSError as error:
            raise self._error(f"cannot be opened ({error.strerror})") from None
        try:
            self._open(seed, sync)
        except sqlite3.Error as error:
            self._db.close()
            if "locked" in str(error):
                raise self._error("is in use by another running emulator") from None
            raise self._error(f"is not a usable emulator state file ({error})") from None
        except StateFileError:
            self._db.close()
            raise

    def _error(self, text: str) -> StateFileError:
        return StateFileError(f"state file {self.path} {text}")

    def _create_private(self) -> None:
        """Make a new file readable by its owner only: it holds tokens (its -wal and -shm files
        take the same mode). An existing file keeps the mode it has."""
        with contextlib.suppress(FileExistsError):
            os.close(os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))

    def _refuse_foreign_content(self) -> None:
        try:
            with self.path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except FileNotFoundError:
            return
        except OSError as error:
            raise self._error(f"cannot be read ({error.strerror})") from None
        if header and header != SQLITE_HEADER:
            raise self._error("is not an emulator state file (not a SQLite database)")

    def _open(self, seed: str, sync: str) -> None:
        db = self._db
        db.execute("PRAGMA locking_mode = EXCLUSIVE")  # one emulator per file, held until closed
        db.execute("BEGIN")  # read before writing anything: a foreign file is left as it was
        application_id = db.execute("PRAGMA application_id").fetchone()[0]
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        db.execute("COMMIT")
        if application_id != APPLICATION_ID and tables:
            raise self._error("is not an emulator state file (a SQLite database of something else)")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute(f"PRAGMA synchronous = {sync.upper()}")
        db.execute("BEGIN IMMEDIATE")  # takes the lock for good: a second emulator fails from here on
        if application_id != APPLICATION_ID:
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            for statement in filter(str.strip, SCHEMA.split(";")):
                db.execute(statement)
            db.executemany("INSERT INTO settings VALUES (?, ?)", [("format", FORMAT), ("seed", seed)])
        stored = dict(db.execute("SELECT key, value FROM settings"))
        if stored.get("format") in OLDER_FORMATS:
            for statement in filter(str.strip, SCHEMA.split(";")):
                db.execute(statement)
            db.execute("UPDATE settings SET value = ? WHERE key = 'format'", (FORMAT,))
            stored["format"] = FORMAT
        db.execute("COMMIT")
        if stored.get("format") != FORMAT:
            raise self._error(f"has format {stored.get('format')!r}; this emulator reads {FORMAT!r}")
        if stored.get("seed") != seed:
            raise self._error(f"was made with seed {stored.get('seed')!r}, not {seed!r}")

    def snapshot(self) -> tuple[dict, bytes] | None:
        """The settings and state the events start from; None when they start from the beginning."""
        try:
            row = self._db.execute("SELECT settings, state FROM snapshot").fetchone()
        except sqlite3.Error as error:
            raise self._error(f"cannot be read ({error})") from None
        if row is None:
            return None
        try:
            return json.loads(row[0]), bytes(row[1])
        except ValueError as error:
            raise self._error(f"has damaged snapshot settings ({error})") from None

    def write_snapshot(self, settings: dict, state: bytes) -> None:
        """Keep `state` as where the log starts and drop the events it holds, in one transaction:
        a process killed during it leaves the previous snapshot and every event (raises
        sqlite3.Error when it cannot be written, and then nothing changed)."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM events")
            faults.point("write a snapshot")  # the kill tests stop the process here
            db.execute(
                "INSERT OR REPLACE INTO snapshot (id, settings, state) VALUES (1, ?, ?)",
                (json.dumps(settings, sort_keys=True), state),
            )
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise

    def events(self) -> Iterator[Event]:
        """Every event since the snapshot (or the beginning), in the order served."""
        try:
            for seq, *row in self._db.execute(f"SELECT seq, {COLUMNS} FROM events ORDER BY seq"):
                try:
                    yield Event.from_row(tuple(row))
                except (ValueError, TypeError) as error:
                    raise self._error(f"has a damaged event {seq} ({error})") from None
        except sqlite3.Error as error:
            raise self._error(f"cannot be read ({error})") from None

    def append(self, event: Event) -> None:
        """Commit one event (raises sqlite3.Error when it cannot)."""
        self._db.execute(f"INSERT INTO events ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", event.row())

    def close(self) -> None:
        """Checkpoint and let go of the file."""
        with contextlib.suppress(sqlite3.Error):
            self._db.close()


# URL downloads read the outside world (files, loopback servers): a replay must see what the
# first run saw, so their results go into the event, and a replay plays them back.

_tape: contextvars.ContextVar[dict | None] = contextvars.ContextVar("downloads_tape", default=None)
_playback: contextvars.ContextVar[dict | None] = contextvars.ContextVar("downloads_playback", default=None)


def _taped(fetch: Callable[[str], downloads.Download]) -> Callable[[str], downloads.Download]:
    @functools.wraps(fetch)
    def taped_fetch(url: str) -> downloads.Download:
        played = (_playback.get() or {}).get(url)
        if played is not None:
            return downloads.Download(base64.b64decode(played[0]), played[1])
        fetched = fetch(url)
        tape = _tape.get()
        if tape is not None and not downloads.is_sample(url):  # sample-host images are pure functions
            tape[url] = [base64.b64encode(fetched.content).decode(), fetched.failure]
        return fetched

    taped_fetch.taped = True
    return taped_fetch


def install_tape() -> None:
    """Route URL downloads through the tape (idempotent; transparent when no tape runs)."""
    if not getattr(downloads.fetch, "taped", False):
        downloads.fetch = _taped(downloads.fetch)


class downloads_taped:  # noqa: N801 - used as a context manager, like contextlib's
    """Record the real downloads made inside (and play back `playback` instead of fetching).

    A class rather than a generator: every request enters one, so it must cost little."""

    __slots__ = ("tape", "_playback", "_tokens")

    def __init__(self, playback: dict[str, list[str]] | None = None) -> None:
        self.tape: dict[str, list[str]] = {}
        self._playback = playback

    def __enter__(self) -> dict[str, list[str]]:
        self._tokens = _tape.set(self.tape), _playback.set(self._playback)
        return self.tape

    def __exit__(self, *exc: object) -> None:
        _tape.reset(self._tokens[0])
        _playback.reset(self._tokens[1])
