"""A workshop room on one emulator: `python -m emulator serve --workshop N --db FILE`.

Each attendee gets a user `attendee-NN` with one app (`migrations`), a PAT and an app API key,
isolated from the others as real Clarifai accounts are. The leader gets them in a CSV file
(mode 0600); the server prints only the two variables an attendee sets, with a placeholder
for the PAT.

Secrets and restarts: the emulator's ids come from a seed. A workshop's seed is random
(`workshop:` and 32 hex digits), kept in the state file, and read back at the next start, so
a restart with the same `--db` has the same accounts, and keys made with PostKeys stay as
unguessable as the PATs (with the public default seed, anyone could compute them). A file's
attendees are only ever added: a larger N adds accounts, a smaller one is refused.

Progress: the cookbook's checks post each attendee's results to the room (`emulator.progress`);
the server prints the table of who is done whenever it changes, and `python -m emulator
progress URL --leader-file FILE` asks for it with the leader's token, a new random one each
start, written beside the accounts file (mode 0600).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import secrets
import sqlite3
from pathlib import Path

from .accounts import Account
from .persistence import APPLICATION_ID, StateFileError
from .server import DEFAULT_SEED, Emulator

SEED_PREFIX = "workshop:"
COLUMNS = ("attendee", "user_id", "app_id", "pat", "api_key")
PRIVATE = 0o600  # the accounts file and a new state file: they hold every attendee's credentials
REMOTE_TARGET = "emulator-remote"  # recipes.connect's target for a remote emulator
ADDRESS_PLACEHOLDER = "<this machine's address>"
PROGRESS_PREFIX = "# progress | "


class AccountsFileError(Exception):
    """The accounts file cannot be written; the message names it and says why."""


def new_seed() -> str:
    """A secret seed for a new workshop."""
    return SEED_PREFIX + secrets.token_hex(16)


def stored_seed(db: Path) -> str | None:
    """The seed an existing state file was made with; None for a new (or empty) file, or one
    that cannot be read as a state file here (opening it then says why)."""
    try:
        if db.stat().st_size == 0:
            return None
    except OSError:
        return None
    try:
        with contextlib.closing(sqlite3.connect(db, timeout=0.2)) as state:  # only reads; closing tidies
            if state.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                return None
            row = state.execute("SELECT value FROM settings WHERE key = 'seed'").fetchone()
    except sqlite3.Error:  # not SQLite, in use by a running emulator...
        return None
    return row[0] if row else None


def seed_for(db: Path | None, workshop: int) -> str:
    """The seed to serve `db` with: its own if it is a workshop's, a new secret one for a new
    workshop file, else the default. StateFileError if a workshop is asked of a file made
    without one (its accounts' ids come from the public default seed)."""
    stored = stored_seed(db) if db is not None else None
    if stored is not None and stored.startswith(SEED_PREFIX):
        return stored
    if not workshop:
        return DEFAULT_SEED
    if stored is not None:
        raise StateFileError(
            f"state file {db} was made without --workshop: a workshop needs a state file of its own "
            "(give --db a new file)"
        )
    return new_seed()


def create_private(db: Path) -> None:
    """Create `db` empty with mode 0600 if it does not exist (SQLite's -wal and -shm files then
    get the same mode)."""
    try:
        os.close(os.open(db, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE))
    except FileExistsError:
        pass
    except OSError as error:
        raise StateFileError(f"state file {db} cannot be created ({error.strerror or error})") from None


def accounts_path(db: Path, given: str | None = None) -> Path:
    """Where the leader's accounts file goes: `given`, else beside the state file."""
    return Path(given) if given else db.with_name(f"{db.stem}-accounts.csv")


def accounts_csv(accounts: list[Account]) -> str:
    """The accounts as CSV text, one row per attendee."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    for number, account in enumerate(accounts, start=1):
        writer.writerow([number, account.user_id, account.app_id, account.pat, account.api_key])
    return text.getvalue()


def write_accounts(path: Path, accounts: list[Account]) -> None:
    """Write the accounts file with mode 0600, whole or not at all (a temporary file renamed);
    AccountsFileError naming it when it cannot be written."""
    _write_private(path, accounts_csv(accounts), "the accounts file")


def leader_path(accounts: Path) -> Path:
    """Where the leader's token goes: beside the accounts file, `room-accounts.csv` giving
    `room-leader.txt`."""
    return accounts.with_name(f"{accounts.stem.removesuffix('-accounts')}-leader.txt")


def write_leader_token(path: Path, token: str) -> None:
    """Write the token that reads the progress table, mode 0600 (AccountsFileError if it cannot)."""
    _write_private(path, token + "\n", "the leader's token file")


def _write_private(path: Path, text: str, what: str) -> None:
    """Write `text` to `path` with mode 0600, whole or not at all (a temporary file renamed)."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        descriptor = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    except OSError as error:
        raise AccountsFileError(f"cannot write {what} {path} ({error.strerror or error})") from None


def read_accounts(path: Path) -> list[Account]:
    """The accounts of an accounts file, in attendee order."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [Account(r["user_id"], r["app_id"], r["pat"], r["api_key"]) for r in csv.DictReader(handle)]


def room_url(emulator: Emulator) -> str:
    """The REST address attendees use: a placeholder for the machine's address when the
    emulator listens on every interface (0.0.0.0 is no address to connect to)."""
    wildcard = emulator.host in ("", "0.0.0.0", "::")
    host = ADDRESS_PLACEHOLDER if wildcard else emulator.host
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{emulator.rest_port}"


def attendee_lines(emulator: Emulator, accounts: Path) -> list[str]:
    """What `serve --workshop` prints after its JSON line: the two variables an attendee sets
    (the PAT a placeholder: every PAT is in the accounts file, none on the screen)."""
    url = room_url(emulator)
    lines = [
        f"# {len(emulator.attendees)} attendee accounts in {accounts} (give each attendee their row only)",
        "# each attendee sets two variables, with the PAT of their row:",
        f"export CLARIFAI_EMULATOR={url}",
        "export CLARIFAI_PAT=<your PAT>",
        f"# then: python -m cookbook run --target {REMOTE_TARGET}"
        f' (in a notebook: TARGET = "{REMOTE_TARGET}")',
    ]
    if ADDRESS_PLACEHOLDER in url:
        lines.append(
            f"# {ADDRESS_PLACEHOLDER}: this machine's address on the room's network "
            "(Linux: hostname -I; macOS: ipconfig getifaddr en0)"
        )
    return lines


def leader_lines(emulator: Emulator, token_file: Path) -> list[str]:
    """What `serve --workshop` prints for the leader after the attendees' lines: where the
    progress table shows (the token itself stays in its file)."""
    host = "127.0.0.1" if emulator.host in ("", "0.0.0.0", "::") else emulator.host
    url = f"http://[{host}]:{emulator.rest_port}" if ":" in host else f"http://{host}:{emulator.rest_port}"
    return [
        f'# who is done: a table of "{PROGRESS_PREFIX.strip()}" lines prints here whenever a '
        "check's result changes it; from another terminal:",
        f"# python -m emulator progress {url} --leader-file {token_file}",
    ]


def progress_lines(table: str) -> list[str]:
    """The progress table as the server prints it: every line prefixed, so it stands out among
    (and can be filtered from) the server's other output."""
    return [f"{PROGRESS_PREFIX}{line}" for line in table.splitlines()]
