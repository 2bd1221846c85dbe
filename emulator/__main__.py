"""`python -m emulator serve`: run the emulator for other programs or a workshop room.

Its first line on standard output is one JSON object (addresses, credentials, the TLS
certificate); the `export` lines that point unmodified client code at it follow. With
`--workshop N` it serves N attendee accounts, whose credentials go to a file for the leader
(the JSON line holds none), and prints the two variables an attendee sets instead; then,
whenever an attendee's check changes it, the table of who is done (`# progress | ` lines).
`python -m emulator progress URL --leader-file FILE` prints that table from elsewhere.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import signal
import socket
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

from . import workshop
from .api import SNAPSHOT_EVERY
from .persistence import SYNC_MODES, StateFileError
from .rest_door import PROGRESS_PATH
from .server import Emulator

MAX_ATTENDEES = 1000


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors on one line."""

    def error(self, message: str) -> None:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"not a port 0-65535: {text!r}")
    return port


def _downtime(text: str) -> tuple[int, int]:
    start, _, end = text.partition(",")
    try:
        window = int(start), int(end)
    except ValueError:
        window = (-1, -1)
    if not 0 <= window[0] < window[1]:
        raise argparse.ArgumentTypeError(f"not ticks START,END with 0 <= START < END: {text!r}")
    return window


def _attendees(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_ATTENDEES:
        raise argparse.ArgumentTypeError(f"not a number of attendees 1-{MAX_ATTENDEES}: {text!r}")
    return count


def _requests(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"not a number of requests 1 or more: {text!r}")
    return count


def parser() -> argparse.ArgumentParser:
    """The command line."""
    cli = _Parser(prog="python -m emulator", description=__doc__)
    commands = cli.add_subparsers(dest="command", required=True, parser_class=_Parser)
    serve = commands.add_parser(
        "serve",
        help="run the emulator until interrupted",
        description="Run the emulator until interrupted (Ctrl-C or SIGTERM). Ports are any free ones "
        "unless given; the first line printed is JSON with the addresses and credentials.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=0, help="plain gRPC port (default: any free one)")
    serve.add_argument("--tls-port", type=_port, default=0, help="TLS gRPC port (default: any free one)")
    serve.add_argument("--rest-port", type=_port, default=0, help="REST port (default: any free one)")
    serve.add_argument(
        "--cert-dir",
        default=None,
        metavar="DIR",
        help="keep the TLS door's self-signed certificate (cert.pem, key.pem) in DIR and reuse it on "
        "restart (default: a new one in a temporary directory, removed at exit)",
    )
    serve.add_argument("--no-tls", action="store_true", help="no TLS gRPC door")
    serve.add_argument(
        "--as-of",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="serve the API as it was on this date (default today)",
    )
    serve.add_argument(
        "--downtime",
        type=_downtime,
        default=None,
        metavar="START,END",
        help="planned downtime (CL001) from request START to END-1 (ticks of the virtual clock, one per "
        "request served): input, search and training calls are refused or unreachable, on any date",
    )
    serve.add_argument(
        "--db",
        default=None,
        metavar="FILE",
        help="keep the state in this SQLite file: every request is written before it is answered, and "
        "replayed at the next start (default: in memory only). The file holds the credentials",
    )
    serve.add_argument(
        "--db-sync",
        choices=SYNC_MODES,
        default="normal",
        help="normal (default): nothing answered is lost if the emulator dies, kill -9 included; "
        "full: not even on an OS crash or power loss (an fsync per request)",
    )
    serve.add_argument(
        "--snapshot-every",
        type=_requests,
        default=None,
        metavar="N",
        help="with --db: write a snapshot of the state (and truncate the log) at least every N "
        f"requests (default {SNAPSHOT_EVERY}; one is also written when the requests since the last "
        "took half a second to serve, or twice what the last snapshot took), so a restart "
        "replays fewer",
    )
    serve.add_argument(
        "--workshop",
        type=_attendees,
        default=0,
        metavar="N",
        help="serve a room: N attendee accounts (a user attendee-NN with an app, a PAT and an API key "
        "each, none able to reach another's data), kept in --db (required); the credentials go to the "
        "accounts file, never to the screen. Restarting with the same --db gives the same accounts; a "
        "larger N adds accounts, a smaller one is refused. A room needs --host 0.0.0.0",
    )
    serve.add_argument(
        "--accounts",
        default=None,
        metavar="FILE",
        help="with --workshop: write the attendees' credentials (CSV, mode 0600) to FILE "
        "(default: beside the --db file, named <db name>-accounts.csv); the leader's token, which "
        "reads the progress table, goes beside it (<name>-leader.txt, mode 0600)",
    )
    progress = commands.add_parser(
        "progress",
        help="print a workshop's table of who is done",
        description="Print the table of a running workshop (serve --workshop): each attendee's check "
        "results by exercise, no code and no credential.",
    )
    progress.add_argument("url", metavar="URL", help="the room's REST address, e.g. http://127.0.0.1:8000")
    progress.add_argument(
        "--leader-file",
        required=True,
        metavar="FILE",
        help="the leader's token file that serve --workshop wrote (and named) beside the accounts file",
    )
    return cli


def _check_free(host: str, ports: list[int]) -> None:
    """An OSError naming the first port that is in use, or the address when it is not this machine's.

    gRPC would say it too, but in its own multi-line log on stderr.
    """
    for port in ports:  # 0 too: it checks the address is one of this machine's
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gRPC binds: TIME_WAIT is free
            try:
                probe.bind((host, port))
            except OSError as error:
                raise OSError(f"cannot listen on {host}:{port} ({error.strerror or error})") from None


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    cli = parser()
    args = cli.parse_args(argv)
    if args.command == "progress":
        return _progress(args.url, Path(args.leader_file))
    return _serve(cli, args)


def _serve(cli: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Run `serve` until interrupted; return the exit status."""
    if args.workshop and not args.db:
        cli.error("--workshop needs --db FILE: the accounts and their data are kept in it")
    if args.accounts and not args.workshop:
        cli.error("--accounts goes with --workshop N")
    if args.snapshot_every and not args.db:
        cli.error("--snapshot-every goes with --db FILE")
    db = Path(args.db) if args.db else None
    accounts = workshop.accounts_path(db, args.accounts).resolve() if args.workshop else None
    try:
        _check_free(args.host, [args.port, args.tls_port, args.rest_port])
        seed = workshop.seed_for(db, args.workshop)
        if args.workshop:
            workshop.create_private(db)
        emulator = Emulator(
            args.host,
            args.port,
            args.rest_port,
            args.as_of,
            seed,
            downtime=args.downtime,
            workshop=args.workshop,
            tls=not args.no_tls,
            tls_port=args.tls_port,
            cert_dir=args.cert_dir,
            db=db,
            db_sync=args.db_sync,
        )
        if args.snapshot_every:
            emulator.api.snapshot_every = args.snapshot_every
        if accounts is not None:
            _write_accounts(emulator, accounts)
        emulator.start()
    except (StateFileError, workshop.AccountsFileError) as error:
        print(f"emulator: {error}", file=sys.stderr)
        return 1
    except (OSError, RuntimeError) as error:
        print(f"emulator: cannot start on {args.host}: {error}", file=sys.stderr)
        return 1
    stopped = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):  # first: a client may stop us as soon as it reads the line
        signal.signal(signum, lambda *_: stopped.set())
    for note in emulator.notes:
        print(f"emulator: note: {note}", file=sys.stderr)
    if accounts is None:
        print(json.dumps(emulator.describe()), flush=True)
        print("# point unmodified client code at this emulator:", *emulator.exports(), sep="\n", flush=True)
    else:
        print(json.dumps(emulator.describe() | {"accounts": str(accounts)}), flush=True)
        print(*workshop.attendee_lines(emulator, accounts), sep="\n", flush=True)
        print(*workshop.leader_lines(emulator, workshop.leader_path(accounts)), sep="\n", flush=True)
        emulator.progress.watch(lambda: _print_progress(emulator))  # after the lines clients read first
    while not stopped.wait(timeout=0.25):  # a bare wait() may never see a signal another thread received
        pass
    emulator.stop()
    return 0


def _write_accounts(emulator: Emulator, path: Path) -> None:
    """The leader's accounts file and token file (AccountsFileError when one cannot be written)."""
    try:
        workshop.write_accounts(path, emulator.attendees)
        workshop.write_leader_token(workshop.leader_path(path), emulator.leader_token)
    except workshop.AccountsFileError:
        emulator.stop()  # lets go of the state file
        raise


def _print_progress(emulator: Emulator) -> None:
    """The progress table on the leader's terminal (called on the REST door's thread)."""
    with contextlib.suppress(OSError, ValueError):  # stdout closed: a check must not fail for it
        print(*workshop.progress_lines(emulator.progress_table()), sep="\n", flush=True)


def _progress(url: str, leader_file: Path) -> int:
    """`progress`: GET the table with the leader's token and print it; 1 and a line on error."""
    try:
        token = leader_file.read_text(encoding="utf-8").strip()
    except OSError as error:
        print(
            f"emulator: cannot read the leader's token file {leader_file} ({error.strerror or error})",
            file=sys.stderr,
        )
        return 1
    request = urllib.request.Request(
        url.rstrip("/") + PROGRESS_PATH, headers={"Authorization": f"Key {token}"}
    )
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # the room's machine, not the web
    try:
        with direct.open(request, timeout=10) as answer:
            print(json.loads(answer.read())["table"])
        return 0
    except urllib.error.HTTPError as error:
        reason = _status_text(error.read()) or f"HTTP {error.code}"
    except OSError as error:
        reason = str(getattr(error, "reason", error))
    except (ValueError, KeyError, TypeError) as error:
        reason = f"not an emulator's progress table ({error})"
    print(f"emulator: no progress table from {url} ({reason})", file=sys.stderr)
    return 1


def _status_text(body: bytes) -> str:
    """ "CODE description: details" of an API status body, or "" when it is none."""
    try:
        found = json.loads(body)["status"]
        return f"{found['code']} {found['description']}: {found.get('details', '')}".rstrip(": ")
    except (ValueError, KeyError, TypeError):
        return ""


if __name__ == "__main__":
    sys.exit(main())
