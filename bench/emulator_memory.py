"""How much memory an app of 100,000 inputs takes in the emulator (target: under 500 MB resident).

The emulator runs in this process. The benchmark prints the resident set size (VmRSS of
/proc/self/status) before and after adding `--inputs` URL inputs through the real gRPC door,
PostInputs in batches of 128, and the peak (VmHWM). The URLs are on Clarifai's sample host
(synthetic images, no network), `--distinct` of them (default 1000) reused with
`allow_duplicate_url`, as Clarifai's docs examples set it: a sample URL is drawn and measured
once and then served from the emulator's caches, so the figures are the store's, not the cost
of drawing 100,000 JPEGs (about 4.5 ms each). Then it times a few reads on the full app. It
prints figures only; nothing is asserted.

Run from the project root:

    python bench/emulator_memory.py
    python bench/emulator_memory.py --inputs 20000
"""

from __future__ import annotations

import os

os.environ.setdefault("GRPC_VERBOSITY", "ERROR")

import argparse
import gc
import time
from contextlib import ExitStack

from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from emulator_latency import check_success, connect, positive_int

from emulator import Emulator

BATCH = 128
TARGET_MB = 500
URL = "https://samples.clarifai.com/cookbook/memory/{n}.jpg"


def status_kb(field: str) -> int:
    """A `kB` field of /proc/self/status (VmRSS, VmHWM)."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def mb(kb: int) -> str:
    return f"{kb / 1024:.1f} MB"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Resident memory of an emulator app with many inputs.")
    parser.add_argument("--inputs", type=positive_int, default=100_000, help="inputs to add (default 100000)")
    parser.add_argument(
        "--distinct", type=positive_int, default=1000, help="distinct URLs among them (default 1000)"
    )
    return parser.parse_args()


def timed(what: str, call) -> None:
    start = time.perf_counter()
    response = call()
    check_success(response, what)
    print(f"  {what:<32} {(time.perf_counter() - start) * 1000:8.1f} ms")


def main() -> None:
    args = parse_args()
    with ExitStack() as stack:
        emu = stack.enter_context(Emulator())
        stub = connect(stack, emu.grpc_port)
        account = emu.account
        metadata = (("authorization", "Key " + account.pat),)
        scope = resources_pb2.UserAppIDSet(user_id=account.user_id, app_id=account.app_id)
        gc.collect()
        before = status_kb("VmRSS")
        print(f"VmRSS before: {mb(before)} (emulator started, client connected, app empty)")
        start = time.perf_counter()
        for first in range(0, args.inputs, BATCH):
            batch = [
                resources_pb2.Input(
                    id=f"in-{n:06d}",
                    data=resources_pb2.Data(
                        image=resources_pb2.Image(
                            url=URL.format(n=n % args.distinct), allow_duplicate_url=True
                        )
                    ),
                )
                for n in range(first, min(args.inputs, first + BATCH))
            ]
            request = service_pb2.PostInputsRequest(user_app_id=scope, inputs=batch)
            check_success(stub.PostInputs(request, metadata=metadata), "PostInputs")
        elapsed = time.perf_counter() - start
        requests = -(-args.inputs // BATCH)
        print(f"added {args.inputs} inputs ({args.distinct} distinct URLs)", end=" ")
        print(f"in {requests} PostInputs: {elapsed:.1f} s")
        print("reads on the full app:")
        count = service_pb2.GetInputCountRequest(user_app_id=scope)
        timed("GetInputCount (all processed)", lambda: stub.GetInputCount(count, metadata=metadata))
        get = service_pb2.GetInputRequest(user_app_id=scope, input_id="in-000000")
        timed("GetInput", lambda: stub.GetInput(get, metadata=metadata))
        listed = service_pb2.ListInputsRequest(user_app_id=scope, per_page=128)
        timed("ListInputs (first page of 128)", lambda: stub.ListInputs(listed, metadata=metadata))
        counts = stub.GetInputCount(count, metadata=metadata).counts
        gc.collect()
        after, peak = status_kb("VmRSS"), status_kb("VmHWM")
        per_input = (after - before) * 1024 / args.inputs
        print(f"processed: {counts.processed} of {args.inputs}")
        print(f"VmRSS after: {mb(after)} (+{mb(after - before)}, {per_input:.0f} bytes per input);", end=" ")
        print(f"VmHWM peak: {mb(peak)}")
        print(f"target: under {TARGET_MB} MB resident -> {'met' if after / 1024 < TARGET_MB else 'NOT met'}")


if __name__ == "__main__":
    main()
