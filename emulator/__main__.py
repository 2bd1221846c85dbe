"""`python -m emulator serve`: run the emulator for other programs or a workshop room."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import signal
import sys
import threading

from .server import Emulator


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _downtime(text: str) -> tuple[int, int]:
    start, _, end = text.partition(",")
    try:
        window = int(start), int(end)
    except ValueError:
        window = (-1, -1)
    if not 0 <= window[0] < window[1]:
        raise argparse.ArgumentTypeError(f"not ticks START,END with 0 <= START < END: {text!r}")
    return window


def parser() -> argparse.ArgumentParser:
    """The command line."""
    cli = argparse.ArgumentParser(prog="python -m emulator", description=__doc__)
    commands = cli.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the emulator until interrupted")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=0, help="gRPC port (default: any free one)")
    serve.add_argument("--rest-port", type=int, default=0, help="REST port (default: any free one)")
    serve.add_argument(
        "--as-of", type=_date, default=None, help="serve the API as it was on this date (default today)"
    )
    serve.add_argument(
        "--downtime",
        type=_downtime,
        default=None,
        metavar="START,END",
        help="planned downtime (CL001) from request START to END-1 (ticks of the virtual clock, one per "
        "request served): input, search and training calls are refused or unreachable, on any date",
    )
    return cli


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parser().parse_args(argv)
    try:
        emulator = Emulator(args.host, args.port, args.rest_port, args.as_of, downtime=args.downtime).start()
    except (OSError, RuntimeError) as error:
        print(f"emulator: cannot start on {args.host}: {error}", file=sys.stderr)
        return 1
    stopped = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):  # first: a client may stop us as soon as it reads the line
        signal.signal(signum, lambda *_: stopped.set())
    print(json.dumps(emulator.describe()), flush=True)
    stopped.wait()
    emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
