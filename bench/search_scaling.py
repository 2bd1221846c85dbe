"""How PostInputsSearches scales with the app: the same few hits in an app of 10^3..10^5 inputs.

One in-process emulator; one app grown through gRPC PostInputs in batches of 128 to each size
of `--sizes` in turn. The first inputs include `--hits` (50) that carry the searched concept
annotation and metadata; every other input carries another concept and other metadata, so the
hits stay the same while the app grows. At each size the benchmark times `--repeats` round
trips of each query kind and prints the median:

- concept: a filter on an annotation's concept (`filters[].annotation.data.concepts`);
- metadata: a filter on the input's metadata (`filters[].input.data.metadata`);
- concept+rank: that concept filter, ranked by a predicted concept of the general model.

The target: under 10 ms median at 10^5 inputs, and flat in the app's size (the last column,
the median at each size over the median at the smallest, stays near 1). It prints figures
only; nothing is asserted.

Run from the project root:

    python bench/search_scaling.py
    python bench/search_scaling.py --sizes 1000,10000 --repeats 50
"""

from __future__ import annotations

import os

os.environ.setdefault("GRPC_VERBOSITY", "ERROR")

import argparse
import cProfile
import pstats
import statistics
import time
from collections.abc import Callable
from contextlib import ExitStack

from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc
from clarifai_grpc.grpc.api.status import status_code_pb2
from emulator_latency import check_success, connect, positive_int
from google.protobuf import struct_pb2

from emulator import Emulator
from emulator.api import Api

SAMPLE = "https://samples.clarifai.com/cookbook/bench/{n}.jpg"
DISTINCT_IMAGES = 1000  # sample URLs cycled (allowing duplicates), so filling stays fast
BATCH = 128  # PostInputs' limit
HIT_CONCEPT, OTHER_CONCEPT = "bench-hit", "bench-other"
RANK_CONCEPT = "ai_8S2Vq3cR"  # dog, a concept of the general model
TARGET_MS = 10.0
Metadata = tuple[tuple[str, str], ...]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(
            "Median PostInputsSearches latency by query kind as one app grows, with a fixed "
            f"number of hits (target: under {TARGET_MS:g} ms at the largest size, flat in size)."
        )
    )
    parser.add_argument(
        "--sizes",
        type=lambda text: sorted(positive_int(part) for part in text.split(",")),
        default=[1_000, 10_000, 100_000],
        metavar="N,N,...",
        help="app sizes to measure at, in inputs",
    )
    parser.add_argument("--hits", type=positive_int, default=50, help="inputs every query finds")
    parser.add_argument("--repeats", type=positive_int, default=30, help="timed searches per kind and size")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="at the largest size, also print a cProfile of each kind (in process, no gRPC)",
    )
    return parser.parse_args()


def bench_input(n: int, hit: bool) -> resources_pb2.Input:
    """Input `n`: a sample image, a concept annotation and metadata, the searched ones if `hit`."""
    image = resources_pb2.Image(url=SAMPLE.format(n=n % DISTINCT_IMAGES), allow_duplicate_url=True)
    concept = resources_pb2.Concept(id=HIT_CONCEPT if hit else OTHER_CONCEPT, value=1)
    metadata = struct_pb2.Struct()
    metadata.update({"group": "hit" if hit else "other", "n": n})
    data = resources_pb2.Data(image=image, concepts=[concept], metadata=metadata)
    return resources_pb2.Input(id=f"in-{n:06d}", data=data)


def queries() -> dict[str, resources_pb2.Query]:
    """The query of each kind; each finds exactly the hit inputs."""
    concept = resources_pb2.Data(concepts=[resources_pb2.Concept(id=HIT_CONCEPT, value=1)])
    by_concept = resources_pb2.Filter(annotation=resources_pb2.Annotation(data=concept))
    metadata = struct_pb2.Struct()
    metadata.update({"group": "hit"})
    by_metadata = resources_pb2.Filter(input=resources_pb2.Input(data=resources_pb2.Data(metadata=metadata)))
    ranked = resources_pb2.Data(concepts=[resources_pb2.Concept(id=RANK_CONCEPT, value=1)])
    rank = resources_pb2.Rank(annotation=resources_pb2.Annotation(data=ranked))
    return {
        "concept": resources_pb2.Query(filters=[by_concept]),
        "metadata": resources_pb2.Query(filters=[by_metadata]),
        "concept+rank": resources_pb2.Query(filters=[by_concept], ranks=[rank]),
    }


class App:
    """The benchmarked app, grown through PostInputs."""

    def __init__(self, stub: service_pb2_grpc.V2Stub, emu: Emulator, hits: int) -> None:
        self.stub, self.hits, self.size = stub, hits, 0
        account = emu.account
        self.ids = resources_pb2.UserAppIDSet(user_id=account.user_id, app_id=account.app_id)
        self.metadata: Metadata = (("authorization", "Key " + account.pat),)
        self.hit_every = 0  # set on the first fill: hits spread over the smallest size

    def grow(self, size: int) -> None:
        """Add inputs until the app holds `size`; then let their downloads finish."""
        if not self.hit_every:
            self.hit_every = max(1, size // self.hits)
        while self.size < size:
            batch = [self._input(n) for n in range(self.size, min(size, self.size + BATCH))]
            posted = self.stub.PostInputs(
                service_pb2.PostInputsRequest(user_app_id=self.ids, inputs=batch), metadata=self.metadata
            )
            check_success(posted, "PostInputs")
            self.size += len(batch)
        for _ in range(3):  # the virtual clock: pending, in progress, done
            count = service_pb2.GetInputCountRequest(user_app_id=self.ids)
            self.stub.GetInputCount(count, metadata=self.metadata)

    def _input(self, n: int) -> resources_pb2.Input:
        return bench_input(n, hit=n % self.hit_every == 0 and n // self.hit_every < self.hits)

    def request(self, query: resources_pb2.Query) -> service_pb2.PostInputsSearchesRequest:
        """The search of `query`, asking for every hit on one page."""
        return service_pb2.PostInputsSearchesRequest(
            user_app_id=self.ids,
            searches=[resources_pb2.Search(query=query)],
            pagination=service_pb2.Pagination(page=1, per_page=self.hits),
        )

    def searcher(self, query: resources_pb2.Query) -> Callable[[], service_pb2.MultiSearchResponse]:
        request = self.request(query)
        return lambda: self.stub.PostInputsSearches(request, metadata=self.metadata)

    def profile(self, api: Api, query: resources_pb2.Query, repeats: int) -> None:
        """Print where `repeats` in-process searches of `query` spend their time."""
        request = self.request(query)
        metadata = dict(self.metadata)
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [api.call("PostInputsSearches", request, metadata) for _ in range(repeats)])
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(18)


def median_ms(call: Callable[[], service_pb2.MultiSearchResponse], repeats: int, hits: int) -> float:
    """Median round trip of `call` in ms, after checking it finds the `hits` inputs."""
    response = call()
    if response.status.code != status_code_pb2.SUCCESS or len(response.hits) != hits:
        raise RuntimeError(f"search found {len(response.hits)} hits, status {response.status.code}")
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def run(sizes: list[int], hits: int, repeats: int, profile: bool = False) -> dict[int, dict[str, float]]:
    """Median ms by app size and query kind."""
    curve: dict[int, dict[str, float]] = {}
    with ExitStack() as stack:
        emu = stack.enter_context(Emulator())
        app = App(connect(stack, emu.grpc_port), emu, hits)
        for size in sizes:
            started = time.perf_counter()
            app.grow(size)
            print(f"  filled to {size} inputs in {time.perf_counter() - started:.1f} s", flush=True)
            curve[size] = {kind: median_ms(app.searcher(q), repeats, hits) for kind, q in queries().items()}
        for kind, query in queries().items() if profile else ():
            print(f"--- cProfile: {kind} at {app.size} inputs, {repeats} searches")
            app.profile(emu.api, query, repeats)
    return curve


def print_report(curve: dict[int, dict[str, float]], hits: int, repeats: int) -> None:
    sizes = sorted(curve)
    kinds = list(curve[sizes[0]])
    print(f"PostInputsSearches over gRPC, {hits} hits in every app, median of {repeats} round trips (ms)")
    print(f"{'inputs':>8} " + " ".join(f"{kind:>13}" for kind in kinds) + "   x smallest (worst kind)")
    for size in sizes:
        growth = max(curve[size][k] / curve[sizes[0]][k] for k in kinds)
        figures = " ".join(f"{curve[size][k]:>13.2f}" for k in kinds)
        print(f"{size:>8} {figures}   {growth:.2f}x")
    largest = curve[sizes[-1]]
    worst = max(largest.values())
    verdict = "met" if worst < TARGET_MS else "not met"
    print(
        f"target: under {TARGET_MS:g} ms median at {sizes[-1]} inputs, flat in size: "
        f"slowest {worst:.2f} ms ({verdict})"
    )


def main() -> None:
    args = parse_args()
    print_report(run(args.sizes, args.hits, args.repeats, args.profile), args.hits, args.repeats)


if __name__ == "__main__":
    main()
