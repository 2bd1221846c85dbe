"""Latency the emulator adds per RPC, compared with a bare grpcio server answering the same message.

For each of GetInput, ListInputs, PostInputs, PostModelOutputs, PostInputsSearches and GetModel
the benchmark keeps one real response of the in-process emulator, then starts one bare grpcio
server whose methods return those pre-built messages (no auth, no logic: the cost of gRPC
itself). It times N sequential round trips of each RPC against both servers, in alternating
blocks (`emulator_latency.measure_interleaved`), and prints the median and p99 of each and the
emulator/bare ratios. The target (issue 17) is a median ratio of at most 1.5x for every RPC; the
last line says which RPCs meet it. It prints figures only; nothing is asserted.

The read RPCs run on an app holding `--inputs` inputs; PostInputs writes one URL input per call
into an app of its own, so the reads do not grow while they are measured.

Run from the project root:

    python bench/emulator_rpcs.py
    python bench/emulator_rpcs.py --requests 2000 --inputs 100
"""

from __future__ import annotations

import os

os.environ.setdefault("GRPC_VERBOSITY", "ERROR")

import argparse
from collections.abc import Callable
from concurrent import futures
from contextlib import ExitStack
from dataclasses import dataclass

import grpc
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc
from emulator_latency import (
    BLOCK_SIZE,
    HOST,
    WARMUP_REQUESTS,
    Summary,
    check_success,
    connect,
    measure_interleaved,
    positive_int,
    summarize,
)
from google.protobuf.message import Message

from emulator import Emulator

MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
GENERAL = "general-image-recognition"
SAMPLE = "https://samples.clarifai.com/cookbook/bench/{n}.jpg"
TARGET_RATIO = 1.5  # issue 17: every RPC's median at most 1.5x the bare server's
RPCS = ("GetInput", "ListInputs", "PostInputs", "PostModelOutputs", "PostInputsSearches", "GetModel")
Metadata = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Case:
    """One RPC: its request, and the metadata to send it with."""

    rpc: str
    request: Message
    metadata: Metadata


class BareServicer(service_pb2_grpc.V2Servicer):
    """Answers each benchmarked RPC with one fixed response: no auth, no logic."""

    def __init__(self, responses: dict[str, Message]) -> None:
        for rpc, response in responses.items():
            setattr(self, rpc, self._answer(response))

    @staticmethod
    def _answer(response: Message) -> Callable[[Message, grpc.ServicerContext], Message]:
        def answer(request: Message, context: grpc.ServicerContext) -> Message:
            return response

        return answer


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(
            "Per-RPC round-trip latency of the in-process emulator against a bare grpcio server "
            "returning the same responses; prints medians, p99s and ratios "
            f"(target: median ratio at most {TARGET_RATIO:g}x for every RPC)."
        )
    )
    parser.add_argument(
        "--requests",
        type=positive_int,
        default=1000,
        metavar="N",
        help="timed round trips per RPC and server",
    )
    parser.add_argument(
        "--inputs", type=positive_int, default=20, metavar="K", help="inputs in the app the reads run on"
    )
    return parser.parse_args()


def url_input(n: int, input_id: str = "") -> resources_pb2.Input:
    image = resources_pb2.Image(url=SAMPLE.format(n=n), allow_duplicate_url=True)
    return resources_pb2.Input(id=input_id, data=resources_pb2.Data(image=image))


def prepare(stub: service_pb2_grpc.V2Stub, emu: Emulator, inputs: int) -> list[Case]:
    """Fill the seeded app with `inputs` processed inputs, make a write app; return the cases."""
    account = emu.account
    pat: Metadata = (("authorization", "Key " + account.pat),)
    reads = resources_pb2.UserAppIDSet(user_id=account.user_id, app_id=account.app_id)
    writes = resources_pb2.UserAppIDSet(user_id=account.user_id, app_id="bench-writes")
    apps = service_pb2.PostAppsRequest(user_app_id=reads, apps=[resources_pb2.App(id=writes.app_id)])
    check_success(stub.PostApps(apps, metadata=pat), "PostApps")
    for start in range(0, inputs, 128):
        batch = [url_input(n, f"in-{n:05d}") for n in range(start, min(inputs, start + 128))]
        posted = stub.PostInputs(service_pb2.PostInputsRequest(user_app_id=reads, inputs=batch), metadata=pat)
        check_success(posted, "PostInputs")
    for _ in range(3):  # let the downloads finish on the virtual clock
        stub.GetInputCount(service_pb2.GetInputCountRequest(user_app_id=reads), metadata=pat)
    concept = resources_pb2.Concept(id="ai_8S2Vq3cR", value=1)  # dog
    rank = resources_pb2.Rank(
        annotation=resources_pb2.Annotation(data=resources_pb2.Data(concepts=[concept]))
    )
    search = resources_pb2.Search(query=resources_pb2.Query(ranks=[rank]))
    return [
        Case("GetInput", service_pb2.GetInputRequest(user_app_id=reads, input_id="in-00000"), pat),
        Case("ListInputs", service_pb2.ListInputsRequest(user_app_id=reads), pat),
        Case("PostInputs", service_pb2.PostInputsRequest(user_app_id=writes, inputs=[url_input(0)]), pat),
        Case(
            "PostModelOutputs",
            service_pb2.PostModelOutputsRequest(user_app_id=MAIN, model_id=GENERAL, inputs=[url_input(0)]),
            pat,
        ),
        Case(
            "PostInputsSearches",
            service_pb2.PostInputsSearchesRequest(user_app_id=reads, searches=[search]),
            pat,
        ),
        Case("GetModel", service_pb2.GetModelRequest(user_app_id=MAIN, model_id=GENERAL), pat),
    ]


def start_bare_server(responses: dict[str, Message]) -> tuple[grpc.Server, int]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16, thread_name_prefix="bare-grpc"))
    service_pb2_grpc.add_V2Servicer_to_server(BareServicer(responses), server)
    port = server.add_insecure_port(f"{HOST}:0")
    server.start()
    return server, port


def call_of(stub: service_pb2_grpc.V2Stub, case: Case) -> Callable[[], Message]:
    method = getattr(stub, case.rpc)

    def call() -> Message:
        return method(case.request, metadata=case.metadata)

    return call


def run(requests: int, inputs: int) -> dict[str, tuple[Summary, Summary]]:
    """Both servers up; every RPC measured; (emulator, bare) summaries by RPC."""
    with ExitStack() as stack:
        emu = stack.enter_context(Emulator())
        emu_stub = connect(stack, emu.grpc_port)
        cases = prepare(emu_stub, emu, inputs)
        responses = {}
        for case in cases:
            response = call_of(emu_stub, case)()
            check_success(response, case.rpc)
            responses[case.rpc] = response
        bare_server, bare_port = start_bare_server(responses)
        stack.callback(bare_server.stop, grace=None)
        bare_stub = connect(stack, bare_port)
        results = {}
        for case in cases:
            calls = {"emulator": call_of(emu_stub, case), "bare": call_of(bare_stub, case)}
            measure_interleaved(calls, WARMUP_REQUESTS)
            samples = measure_interleaved(calls, requests)
            results[case.rpc] = (
                summarize("emulator", samples["emulator"]),
                summarize("bare", samples["bare"]),
            )
    return results


def print_report(results: dict[str, tuple[Summary, Summary]], requests: int, inputs: int) -> None:
    print(f"{requests} round trips per RPC and server, blocks of {BLOCK_SIZE}, interleaved;", end=" ")
    print(f"reads on {inputs} inputs")
    columns = ("emu med us", "bare med us", "ratio", "emu p99 us", "bare p99 us", "ratio")
    print(f"{'RPC':<19} " + " ".join(f"{name:>11}" for name in columns))
    for rpc, (emu, bare) in results.items():
        figures = (
            f"{emu.median_us:.1f}",
            f"{bare.median_us:.1f}",
            f"{emu.median_us / bare.median_us:.2f}x",
            f"{emu.p99_us:.1f}",
            f"{bare.p99_us:.1f}",
            f"{emu.p99_us / bare.p99_us:.2f}x",
        )
        print(f"{rpc:<19} " + " ".join(f"{figure:>11}" for figure in figures))
    missed = [rpc for rpc, (emu, bare) in results.items() if emu.median_us / bare.median_us > TARGET_RATIO]
    verdict = f"NOT met by {', '.join(missed)}" if missed else "met by every RPC"
    print(f"target: median ratio at most {TARGET_RATIO:g}x for every RPC -> {verdict}")


def main() -> None:
    args = parse_args()
    print_report(run(args.requests, args.inputs), args.requests, args.inputs)


if __name__ == "__main__":
    main()
