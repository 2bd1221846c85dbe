"""How long `--db` takes to restart, against the number of requests the file has seen.

For each size it serves that many requests in process (`Emulator.api.call`: a mix of mostly
PostInputs of one small base64 PNG, with PatchInputs, DeleteInputs and input searches, some
saved) into a new state file, twice: "before", with snapshots off (the log of every request,
replayed whole at a restart, as before snapshots), and "after", with the default snapshot
policy. Then it times the restart, `Emulator(db=FILE)`, of each file, and prints a table:
requests, the restart before and after, their ratio, and the target (a restart after 10^5
requests under 2 s). It also prints what the snapshots cost while serving: the time spent
taking and writing them over the whole time serving.

    python bench/emulator_restart.py [--sizes 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import math
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from google.protobuf import struct_pb2
from google.protobuf.message import Message
from PIL import Image

from emulator import Emulator, api

TARGET = 2.0  # seconds, for a restart after 10^5 requests
SUCCESS = 10000


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 40, 40)).save(out, "PNG")
    return out.getvalue()


PNG = _png()


def _metadata(number: int) -> struct_pb2.Struct:
    return struct_pb2.Struct(fields={"batch": struct_pb2.Value(number_value=number % 97)})


def request(scope: resources_pb2.UserAppIDSet, n: int) -> tuple[str, Message]:
    """Request `n` of the mix: 1 in 20 a patch, 1 in 25 a delete, 1 in 50 a search, else a post."""
    if n % 20 == 19:
        patched = resources_pb2.Input(id=f"in-{n - 7}", data=resources_pb2.Data(metadata=_metadata(n)))
        return "PatchInputs", service_pb2.PatchInputsRequest(
            user_app_id=scope, action="merge", inputs=[patched]
        )
    if n % 25 == 24:
        return "DeleteInputs", service_pb2.DeleteInputsRequest(user_app_id=scope, ids=[f"in-{n - 11}"])
    if n % 50 == 48:
        wanted = resources_pb2.Annotation(data=resources_pb2.Data(metadata=_metadata(n)))
        query = resources_pb2.Query(filters=[resources_pb2.Filter(annotation=wanted)])
        search = resources_pb2.Search(query=query, save=n % 100 == 98, id=f"s-{n}")
        return "PostInputsSearches", service_pb2.PostInputsSearchesRequest(
            user_app_id=scope, searches=[search], pagination=service_pb2.Pagination(per_page=10)
        )
    posted = resources_pb2.Input(
        id=f"in-{n}", data=resources_pb2.Data(image=resources_pb2.Image(base64=PNG), metadata=_metadata(n))
    )
    return "PostInputs", service_pb2.PostInputsRequest(user_app_id=scope, inputs=[posted])


@contextlib.contextmanager
def snapshots_off() -> Iterator[None]:
    """No snapshot is ever due: the file keeps every request, as before snapshots."""
    kept = api.REPLAY_BUDGET, api.SNAPSHOT_EVERY, api.TAIL_BYTES
    api.REPLAY_BUDGET = api.SNAPSHOT_EVERY = api.TAIL_BYTES = math.inf
    try:
        yield
    finally:
        api.REPLAY_BUDGET, api.SNAPSHOT_EVERY, api.TAIL_BYTES = kept


@dataclass
class Timer:
    """Time spent in snapshots (taking and writing them), counted by wrapping Api._checkpoint."""

    seconds: float = 0.0
    count: int = 0

    @contextlib.contextmanager
    def watching(self) -> Iterator[None]:
        original = api.Api._checkpoint

        def timed(core: api.Api, save: bool) -> None:
            started = time.perf_counter()
            original(core, save)
            self.seconds += time.perf_counter() - started
            self.count += save and core.state is not None

        api.Api._checkpoint = timed
        try:
            yield
        finally:
            api.Api._checkpoint = original


def build(db: Path, size: int, label: str) -> tuple[float, Timer]:
    """Serve `size` requests of the mix into a new state file; seconds serving, and snapshots."""
    timer = Timer()
    emulator = Emulator(db=db, tls=False)
    account = emulator.account
    pat = {"authorization": f"Key {account.pat}"}
    scope = resources_pb2.UserAppIDSet(user_id=account.user_id, app_id=account.app_id)
    started = time.perf_counter()
    with timer.watching():
        for n in range(size):
            rpc, message = request(scope, n)
            answer = emulator.api.call(rpc, message, pat)
            if answer.status.code != SUCCESS:
                raise SystemExit(f"request {n} ({rpc}) answered {answer.status}")
            if (n + 1) % max(size // 10, 1) == 0:
                spent = time.perf_counter() - started
                print(f"  {label} {size}: {n + 1} served in {spent:.1f} s", file=sys.stderr, flush=True)
    served = time.perf_counter() - started
    emulator.stop()
    return served, timer


def restart(db: Path) -> tuple[float, int]:
    """Seconds to open the state file again (the replay included), and the requests replayed."""
    gc.collect()
    started = time.perf_counter()
    emulator = Emulator(db=db, tls=False)
    seconds = time.perf_counter() - started
    emulator.stop()
    return seconds, emulator.replayed


def _verdict(rows: list[tuple]) -> str:
    at_target = [after for size, _, (after, _) in rows if size == 100_000]
    if not at_target:
        return "not measured (--sizes has no 100000)"
    return f"{'met' if at_target[0] < TARGET else 'MISSED'} ({at_target[0]:.2f} s)"


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    args = cli.parse_args()
    rows, costs = [], []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            before_db, after_db = Path(folder) / f"before-{size}.db", Path(folder) / f"after-{size}.db"
            with snapshots_off():
                plain, _ = build(before_db, size, "before")
                before = restart(before_db)
            served, timer = build(after_db, size, "after")
            after = restart(after_db)
            rows.append((size, before, after))
            costs.append((size, plain, served, timer))
    print("restart of a --db file (Emulator(db=FILE)), before snapshots and after:")
    print(f"{'requests':>9} {'before s':>9} {'replayed':>9} {'after s':>8} {'replayed':>9} {'ratio':>7}")
    for size, (before, replayed_before), (after, replayed_after) in rows:
        times = f"{before:>9.2f} {replayed_before:>9} {after:>8.2f} {replayed_after:>9}"
        print(f"{size:>9} {times} {before / after:>6.1f}x")
    print(f"target: a restart after 10^5 requests under {TARGET:.0f} s: {_verdict(rows)}")
    print("serving, with snapshots (after) and without (before):")
    for size, plain, served, timer in costs:
        share = timer.seconds / served
        print(
            f"{size:>9} requests: {served:.1f} s serving ({plain:.1f} s without snapshots), "
            f"{timer.count} snapshots written taking {timer.seconds:.1f} s = {share:.0%} of serving"
        )


if __name__ == "__main__":
    main()
