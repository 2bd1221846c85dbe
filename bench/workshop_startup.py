"""How long a workshop room takes to be ready: `serve --workshop N` to every account usable.

Starts `python -m emulator serve --workshop N --db FILE` (a new state file in a temporary
folder, bound to 127.0.0.1), reads the accounts file it writes, and times until every
attendee's PAT has answered GetInputCount on their app with SUCCESS. Prints the seconds to
the JSON line (process start, imports, accounts made, doors open) and to all accounts
usable, for a new file and for a restart on the same file (which replays the first run's
requests: N GetInputCount calls).

    python bench/workshop_startup.py [--attendees 30] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc

from emulator.workshop import read_accounts


def usable(info: dict) -> int:
    """How many accounts answer GetInputCount with SUCCESS, each with its own PAT."""
    host, port = info["grpc"].rsplit(":", 1)
    channel = ClarifaiChannel.get_insecure_grpc_channel(base=host, port=int(port))
    stub = service_pb2_grpc.V2Stub(channel)
    answered = 0
    for account in read_accounts(Path(info["accounts"])):
        scope = resources_pb2.UserAppIDSet(user_id=account.user_id, app_id=account.app_id)
        request = service_pb2.GetInputCountRequest(user_app_id=scope)
        response = stub.GetInputCount(request, metadata=(("authorization", f"Key {account.pat}"),))
        answered += response.status.code == 10000
    channel.close()
    return answered


def one_start(db: Path, attendees: int) -> tuple[float, float]:
    """Seconds from starting `serve` to its JSON line, and to every account usable."""
    started = time.perf_counter()
    command = ["serve", "--workshop", str(attendees), "--db", str(db)]  # as the README says, TLS door too
    process = subprocess.Popen(
        [sys.executable, "-m", "emulator", *command],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        info = json.loads(process.stdout.readline())
        printed = time.perf_counter() - started
        if usable(info) != attendees:
            raise SystemExit("not every account answered")
        return printed, time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=60)


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("--attendees", type=int, default=30)
    cli.add_argument("--runs", type=int, default=3)
    args = cli.parse_args()
    fresh, restarted = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            db = Path(folder) / "room.db"
            fresh.append(one_start(db, args.attendees))
            restarted.append(one_start(db, args.attendees))
    for name, times in (("new state file", fresh), ("restart, same file", restarted)):
        printed = statistics.median(t[0] for t in times)
        ready = statistics.median(t[1] for t in times)
        print(
            f"serve --workshop {args.attendees}, {name}: JSON line after {printed:.2f} s, "
            f"all {args.attendees} accounts usable after {ready:.2f} s (median of {args.runs})"
        )


if __name__ == "__main__":
    main()
