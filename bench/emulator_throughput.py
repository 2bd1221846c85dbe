"""Requests per second the emulator serves to concurrent clients, over gRPC and over REST.

The emulator runs in a process of its own (as `python -m emulator serve` would), with an app of
`--inputs` processed inputs. Clients are threads of this process, each with its own channel
(the official client's `get_insecure_grpc_channel`) or its own `requests.Session` (REST, the
paths of Clarifai's docs). Each client loops over a mix of reads (GetInput, ListInputs,
GetModel of clarifai/main, PostInputsSearches) for `--seconds`; the benchmark prints requests
per second and the median and p99 latency, for 1 client (the reference) and for `--clients`.
It prints figures only; nothing is asserted.

Run from the project root:

    python bench/emulator_throughput.py
    python bench/emulator_throughput.py --clients 8 --seconds 5
"""

from __future__ import annotations

import os

os.environ.setdefault("GRPC_VERBOSITY", "ERROR")

import argparse
import multiprocessing
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc
from emulator_latency import positive_int

MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
GENERAL = "general-image-recognition"
DOG = "ai_8S2Vq3cR"


@dataclass(frozen=True)
class Target:
    """Where the emulator process listens, and the seeded account."""

    host: str
    grpc_port: int
    rest_url: str
    pat: str
    user_id: str
    app_id: str


@dataclass(frozen=True)
class Result:
    door: str
    clients: int
    requests: int
    seconds: float
    latencies_us: list[float]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def serve(inputs: int, ready: multiprocessing.Queue, stop: multiprocessing.Event) -> None:
    """The emulator process: fill the app, report the addresses, serve until told to stop."""
    from emulator import Emulator

    with Emulator() as emu:
        account = emu.account
        scope = resources_pb2.UserAppIDSet(user_id=account.user_id, app_id=account.app_id)
        metadata = {"authorization": "Key " + account.pat}
        for start in range(0, inputs, 128):
            batch = [
                resources_pb2.Input(
                    id=f"in-{n:05d}",
                    data=resources_pb2.Data(
                        image=resources_pb2.Image(url=f"https://samples.clarifai.com/bench/{n}.jpg")
                    ),
                )
                for n in range(start, min(inputs, start + 128))
            ]
            emu.api.call(
                "PostInputs", service_pb2.PostInputsRequest(user_app_id=scope, inputs=batch), metadata
            )
        for _ in range(3):
            emu.api.call("GetInputCount", service_pb2.GetInputCountRequest(user_app_id=scope), metadata)
        ready.put(Target(emu.host, emu.grpc_port, emu.rest_url, account.pat, account.user_id, account.app_id))
        stop.wait()


def grpc_calls(target: Target) -> list[Callable[[], object]]:
    """The read mix through one new gRPC channel."""
    stub = service_pb2_grpc.V2Stub(
        ClarifaiChannel.get_insecure_grpc_channel(base=target.host, port=target.grpc_port)
    )
    metadata = (("authorization", "Key " + target.pat),)
    scope = resources_pb2.UserAppIDSet(user_id=target.user_id, app_id=target.app_id)
    concept = resources_pb2.Concept(id=DOG, value=1)
    rank = resources_pb2.Rank(
        annotation=resources_pb2.Annotation(data=resources_pb2.Data(concepts=[concept]))
    )
    search = service_pb2.PostInputsSearchesRequest(
        user_app_id=scope, searches=[resources_pb2.Search(query=resources_pb2.Query(ranks=[rank]))]
    )
    return [
        lambda: stub.GetInput(
            service_pb2.GetInputRequest(user_app_id=scope, input_id="in-00000"), metadata=metadata
        ),
        lambda: stub.ListInputs(service_pb2.ListInputsRequest(user_app_id=scope), metadata=metadata),
        lambda: stub.GetModel(
            service_pb2.GetModelRequest(user_app_id=MAIN, model_id=GENERAL), metadata=metadata
        ),
        lambda: stub.PostInputsSearches(search, metadata=metadata),
    ]


def rest_calls(target: Target) -> list[Callable[[], object]]:
    """The same read mix through one new requests.Session, on the docs' REST paths."""
    session = requests.Session()
    session.headers["Authorization"] = "Key " + target.pat
    app = f"{target.rest_url}/v2/users/{target.user_id}/apps/{target.app_id}"
    search = {
        "searches": [
            {"query": {"ranks": [{"annotation": {"data": {"concepts": [{"id": DOG, "value": 1}]}}}]}}
        ]
    }

    def get(url: str) -> Callable[[], object]:
        return lambda: session.get(url, timeout=30).json()

    return [
        get(f"{app}/inputs/in-00000"),
        get(f"{app}/inputs"),
        get(f"{target.rest_url}/v2/users/clarifai/apps/main/models/{GENERAL}"),
        lambda: session.post(f"{app}/inputs/searches", json=search, timeout=30).json(),
    ]


def client(calls: list[Callable[[], object]], until: float, latencies: list[float]) -> None:
    n = 0
    while time.perf_counter() < until:
        start = time.perf_counter_ns()
        calls[n % len(calls)]()
        latencies.append((time.perf_counter_ns() - start) / 1000)
        n += 1


def measure(door: str, target: Target, clients: int, seconds: float) -> Result:
    """`clients` threads, each on its own connection, for `seconds` after a short warm-up."""
    make = grpc_calls if door == "gRPC" else rest_calls
    connections = [make(target) for _ in range(clients)]
    for calls in connections:
        for call in calls:
            call()  # warm-up: connect, first request of each kind
    per_client: list[list[float]] = [[] for _ in range(clients)]
    start = time.perf_counter()
    until = start + seconds
    threads = [
        threading.Thread(target=client, args=(calls, until, latencies))
        for calls, latencies in zip(connections, per_client, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    latencies = [value for values in per_client for value in values]
    return Result(door, clients, len(latencies), elapsed, latencies)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Requests per second of the emulator, gRPC and REST, concurrent clients."
    )
    parser.add_argument("--clients", type=positive_int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per measurement (default 5)")
    parser.add_argument("--inputs", type=positive_int, default=20, help="inputs in the app (default 20)")
    return parser.parse_args()


def print_report(results: list[Result], inputs: int) -> None:
    print(f"mixed reads (GetInput, ListInputs, GetModel, PostInputsSearches) on an app of {inputs} inputs")
    print(f"{'door':<5} {'clients':>7} {'requests':>9} {'req/s':>8} {'median us':>10} {'p99 us':>9}")
    for result in results:
        p99 = statistics.quantiles(result.latencies_us, n=100, method="inclusive")[98]
        print(
            f"{result.door:<5} {result.clients:>7} {result.requests:>9} {result.per_second:>8.0f} "
            f"{statistics.median(result.latencies_us):>10.0f} {p99:>9.0f}"
        )
    print(f"machine: {os.cpu_count()} CPUs; the emulator serves one request at a time (one lock)")


def main() -> None:
    args = parse_args()
    context = multiprocessing.get_context("spawn")
    ready, stop = context.Queue(), context.Event()
    server = context.Process(target=serve, args=(args.inputs, ready, stop), daemon=True)
    server.start()
    try:
        target = ready.get(timeout=120)
        results = [
            measure(door, target, clients, args.seconds)
            for door in ("gRPC", "REST")
            for clients in (1, args.clients)
        ]
    finally:
        stop.set()
        server.join(timeout=30)
    print_report(results, args.inputs)


if __name__ == "__main__":
    main()
