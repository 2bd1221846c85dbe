"""How much latency the emulator adds to a gRPC round trip, compared with a bare grpcio server.

The benchmark starts the emulator in-process, adds one input and keeps one real `GetInput`
response. It then starts a bare grpcio server on 127.0.0.1 whose `GetInput` returns that same
pre-built message, with no auth and no logic: the cost of gRPC itself, the baseline.

After a warm-up, it times N sequential `GetInput` round trips against each server with
`time.perf_counter_ns`, alternating the two in blocks so machine noise hits both equally, and
prints the median, the p99 and the requests per second for each, then the emulator/bare ratios.
The target is a ratio under 2x. It prints figures only; nothing is asserted.

Run from the project root:

    python bench/emulator_latency.py
    python bench/emulator_latency.py --requests 5000
"""

from __future__ import annotations

import os

os.environ.setdefault("GRPC_VERBOSITY", "ERROR")

import argparse
import statistics
import time
from collections.abc import Callable
from concurrent import futures
from contextlib import ExitStack
from dataclasses import dataclass

import grpc
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc
from clarifai_grpc.grpc.api.status import status_code_pb2

from emulator import Emulator

INPUT_ID = "bench-input"
IMAGE_URL = "https://samples.clarifai.com/metro-north.jpg"
HOST = "127.0.0.1"
BLOCK_SIZE = 100
WARMUP_REQUESTS = 200
TARGET_RATIO = 2.0

Metadata = tuple[tuple[str, str], ...]
RoundTrip = Callable[[], object]


@dataclass(frozen=True)
class Summary:
    """Latency figures for one server, in microseconds, and its sequential throughput."""

    name: str
    median_us: float
    p99_us: float
    requests_per_s: float


class BareServicer(service_pb2_grpc.V2Servicer):
    """Answers `GetInput` with one fixed response: no auth, no logic."""

    def __init__(self, response: service_pb2.SingleInputResponse) -> None:
        self.response = response

    def GetInput(
        self, request: service_pb2.GetInputRequest, context: grpc.ServicerContext
    ) -> service_pb2.SingleInputResponse:
        return self.response


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(
            "Compare GetInput round-trip latency of the in-process emulator with a bare grpcio server "
            "returning the same response. Prints median, p99 and requests/s for each, and the "
            f"emulator/bare ratios (target: under {TARGET_RATIO:g}x)."
        )
    )
    parser.add_argument(
        "--requests",
        type=positive_int,
        default=2000,
        metavar="N",
        help="timed GetInput round trips per server, after a warm-up (default: 2000)",
    )
    return parser.parse_args()


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def make_stub(port: int) -> tuple[grpc.Channel, service_pb2_grpc.V2Stub]:
    channel = ClarifaiChannel.get_insecure_grpc_channel(base=HOST, port=port)
    return channel, service_pb2_grpc.V2Stub(channel)


def check_success(
    response: service_pb2.MultiInputResponse | service_pb2.SingleInputResponse, what: str
) -> None:
    status = response.status
    if status.code != status_code_pb2.SUCCESS:
        raise RuntimeError(f"{what} failed: {status.code} {status.description} {status.details}")


def fetch_real_response(
    stub: service_pb2_grpc.V2Stub, user_app_id: resources_pb2.UserAppIDSet, metadata: Metadata
) -> service_pb2.SingleInputResponse:
    """Add the benchmark input to the emulator and return one real `GetInput` response."""
    image = resources_pb2.Image(url=IMAGE_URL)
    new_input = resources_pb2.Input(id=INPUT_ID, data=resources_pb2.Data(image=image))
    posted = stub.PostInputs(
        service_pb2.PostInputsRequest(user_app_id=user_app_id, inputs=[new_input]), metadata=metadata
    )
    check_success(posted, "PostInputs")
    response = stub.GetInput(
        service_pb2.GetInputRequest(user_app_id=user_app_id, input_id=INPUT_ID), metadata=metadata
    )
    check_success(response, "GetInput")
    return response


def start_bare_server(response: service_pb2.SingleInputResponse) -> tuple[grpc.Server, int]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16, thread_name_prefix="bare-grpc"))
    service_pb2_grpc.add_V2Servicer_to_server(BareServicer(response), server)
    port = server.add_insecure_port(f"{HOST}:0")
    server.start()
    return server, port


def round_trip(
    stub: service_pb2_grpc.V2Stub, request: service_pb2.GetInputRequest, metadata: Metadata
) -> RoundTrip:
    def call() -> service_pb2.SingleInputResponse:
        return stub.GetInput(request, metadata=metadata)

    return call


def time_block(call: RoundTrip, count: int, samples: list[int]) -> None:
    for _ in range(count):
        start = time.perf_counter_ns()
        call()
        samples.append(time.perf_counter_ns() - start)


def measure_interleaved(calls: dict[str, RoundTrip], requests: int) -> dict[str, list[int]]:
    """Time `requests` calls per server in alternating blocks, swapping who goes first each round."""
    samples: dict[str, list[int]] = {name: [] for name in calls}
    order = list(calls)
    done = 0
    while done < requests:
        count = min(BLOCK_SIZE, requests - done)
        for name in order:
            time_block(calls[name], count, samples[name])
        order.reverse()
        done += count
    return samples


def summarize(name: str, samples_ns: list[int]) -> Summary:
    micros = [sample / 1000 for sample in samples_ns]
    p99 = statistics.quantiles(micros, n=100, method="inclusive")[98] if len(micros) > 1 else micros[0]
    requests_per_s = len(micros) / (sum(micros) / 1_000_000)
    return Summary(name, statistics.median(micros), p99, requests_per_s)


def print_report(summaries: list[Summary], requests: int) -> None:
    emulator, bare = summaries
    print(f"GetInput round trips: {requests} per server, blocks of {BLOCK_SIZE}, interleaved")
    print(f"{'server':<10} {'median us':>10} {'p99 us':>10} {'requests/s':>11}")
    for summary in summaries:
        print(
            f"{summary.name:<10} {summary.median_us:>10.1f} {summary.p99_us:>10.1f} "
            f"{summary.requests_per_s:>11.0f}"
        )
    median_ratio = emulator.median_us / bare.median_us
    p99_ratio = emulator.p99_us / bare.p99_us
    print(f"ratio (emulator / bare): median {median_ratio:.2f}x, p99 {p99_ratio:.2f}x")
    print(f"target: under {TARGET_RATIO:g}x")


def connect(stack: ExitStack, port: int) -> service_pb2_grpc.V2Stub:
    """A stub for the server on `port`; its channel is closed when `stack` unwinds."""
    channel, stub = make_stub(port)
    stack.callback(channel.close)
    return stub


def run(requests: int) -> list[Summary]:
    """Start both servers, measure them, stop them; return the emulator's summary, then the bare one's."""
    with ExitStack() as stack:
        emu = stack.enter_context(Emulator())
        account = emu.account
        user_app_id = resources_pb2.UserAppIDSet(user_id=account.user_id, app_id=account.app_id)
        metadata: Metadata = (("authorization", "Key " + account.pat),)
        emu_stub = connect(stack, emu.grpc_port)
        response = fetch_real_response(emu_stub, user_app_id, metadata)
        bare_server, bare_port = start_bare_server(response)
        stack.callback(bare_server.stop, grace=None)
        bare_stub = connect(stack, bare_port)
        request = service_pb2.GetInputRequest(user_app_id=user_app_id, input_id=INPUT_ID)
        calls = {
            "emulator": round_trip(emu_stub, request, metadata),
            "bare": round_trip(bare_stub, request, metadata),
        }
        measure_interleaved(calls, WARMUP_REQUESTS)
        samples = measure_interleaved(calls, requests)
    return [summarize(name, samples[name]) for name in calls]


def main() -> None:
    args = parse_args()
    print_report(run(args.requests), args.requests)


if __name__ == "__main__":
    main()
