"""Load: many concurrent clients writing, reading, searching and predicting, and nothing lost.

`--clients` threads (32 by default), each with its own gRPC channel (its own connection),
loop for `--seconds` over a mix of PostInputs (1-4 inputs with ids of the client's own),
GetInput of an input it added, PostInputsSearches, PostModelOutputs on clarifai/main's
general model, and DeleteInputs of some of its inputs. Every answer must be SUCCESS and no
call may fail in transport; at the end the app must hold exactly the seeded inputs plus
those whose PostInputs was acknowledged, minus those whose DeleteInputs was acknowledged.
Prints requests per second (overall and per RPC), the error count and the final check; the
exit status is 1 if there was any error or a lost or extra input.

Run from the project root (the emulator runs in this process, as a notebook's does):

    python bench/emulator_load.py
    python bench/emulator_load.py --clients 8 --seconds 5

`tests/reliability/test_load.py` runs the same load for a few seconds and asserts it.
"""

from __future__ import annotations

import os

os.environ.setdefault("GRPC_VERBOSITY", "ERROR")

import argparse
import io
import random
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import grpc
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc
from clarifai_grpc.grpc.api.status import status_code_pb2
from PIL import Image

from emulator import Emulator

SEEDED = 20  # inputs in the app before the clients start
TIMEOUT = 30.0  # seconds for one call: longer is counted as an error (a hung call)
MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
GENERAL = "general-image-recognition"
MIX = ["PostInputs"] * 3 + ["GetInput"] * 4 + ["PostInputsSearches"] * 2 + ["PostModelOutputs"] * 2
MIX += ["DeleteInputs"]


def _png(shade: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (shade, 90, 160)).save(out, "PNG")
    return out.getvalue()


@dataclass
class Client:
    """One client's record: what it sent and what the server acknowledged."""

    number: int
    calls: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    added: set[str] = field(default_factory=set)  # acknowledged by PostInputs
    deleted: set[str] = field(default_factory=set)  # acknowledged by DeleteInputs
    next_id: int = 0


@dataclass
class LoadResult:
    """What a load run did and found."""

    clients: int
    seconds: float
    calls: Counter
    errors: list[str]
    expected: set[str]
    found: set[str]

    @property
    def requests(self) -> int:
        return sum(self.calls.values())

    @property
    def throughput(self) -> float:
        """Requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def lost(self) -> set[str]:
        return self.expected - self.found

    @property
    def extra(self) -> set[str]:
        return self.found - self.expected

    def lines(self) -> list[str]:
        per_rpc = ", ".join(f"{rpc} {count}" for rpc, count in sorted(self.calls.items()))
        return [
            f"{self.clients} clients for {self.seconds:.1f} s: {self.requests} requests, "
            f"{self.throughput:.0f} requests/s ({per_rpc})",
            f"errors: {len(self.errors)}" + (f" (first: {self.errors[0]})" if self.errors else ""),
            f"inputs expected {len(self.expected)}, found {len(self.found)}: "
            f"lost {len(self.lost)}, extra {len(self.extra)}",
        ]


class Load:
    """The emulator under load: its seeded app, and the clients' channels."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        account = emulator.account
        self.scope = resources_pb2.UserAppIDSet(user_id=account.user_id, app_id=account.app_id)
        self.metadata = (("authorization", f"Key {account.pat}"),)
        ClarifaiChannel.get_insecure_grpc_channel(
            base=emulator.host, port=emulator.grpc_port
        ).close()  # V2Stub trap
        self.deadline = 0.0
        self.seeded = {f"seed-{n:03d}" for n in range(SEEDED)}
        stub, channel = self.stub()
        inputs = [self._input(input_id, n) for n, input_id in enumerate(sorted(self.seeded))]
        request = service_pb2.PostInputsRequest(user_app_id=self.scope, inputs=inputs)
        assert stub.PostInputs(request, metadata=self.metadata).status.code == status_code_pb2.SUCCESS
        channel.close()

    def stub(self) -> tuple[service_pb2_grpc.V2Stub, grpc.Channel]:
        """A stub on a channel of its own (a local subchannel pool: its own connection)."""
        channel = grpc.insecure_channel(
            self.emulator.grpc_address, options=[("grpc.use_local_subchannel_pool", 1)]
        )
        return service_pb2_grpc.V2Stub(channel), channel

    @staticmethod
    def _input(input_id: str, n: int) -> resources_pb2.Input:
        data = resources_pb2.Data(concepts=[resources_pb2.Concept(id="dog", value=float(n % 2))])
        if n % 2:
            data.image.url = f"https://samples.clarifai.com/load/{input_id}.jpg"
        else:
            data.image.base64 = _png(n % 250)
        return resources_pb2.Input(id=input_id, data=data)

    def _request(self, client: Client, rpc: str, rng: random.Random):
        mine = sorted(client.added - client.deleted)
        if rpc == "GetInput" and mine:
            return service_pb2.GetInputRequest(user_app_id=self.scope, input_id=rng.choice(mine))
        if rpc == "DeleteInputs" and mine:
            ids = rng.sample(mine, min(len(mine), rng.randint(1, 3)))
            return service_pb2.DeleteInputsRequest(user_app_id=self.scope, ids=ids)
        if rpc == "PostInputsSearches":
            query = {"ranks": [{"annotation": {"data": {"concepts": [{"id": "dog", "value": 1}]}}}]}
            return service_pb2.PostInputsSearchesRequest(
                user_app_id=self.scope, searches=[{"query": query}], pagination={"per_page": 5}
            )
        if rpc == "PostModelOutputs":
            image = {"base64": _png(rng.randint(0, 255))}
            return service_pb2.PostModelOutputsRequest(
                user_app_id=MAIN, model_id=GENERAL, inputs=[{"data": {"image": image}}]
            )
        inputs = []
        for _ in range(rng.randint(1, 4)):
            inputs.append(self._input(f"c{client.number:02d}-{client.next_id:06d}", client.next_id))
            client.next_id += 1
        return service_pb2.PostInputsRequest(user_app_id=self.scope, inputs=inputs)

    def _run_client(self, client: Client, start: threading.Barrier) -> None:
        rng = random.Random(client.number)
        stub, channel = self.stub()
        start.wait()  # every client connected; the deadline is set
        try:
            while time.monotonic() < self.deadline:
                request = self._request(client, rng.choice(MIX), rng)
                rpc = type(request).__name__.removesuffix("Request")
                client.calls[rpc] += 1
                try:
                    response = getattr(stub, rpc)(request, metadata=self.metadata, timeout=TIMEOUT)
                except grpc.RpcError as error:
                    client.errors.append(f"{rpc}: transport {error.code().name}")
                    continue
                if response.status.code != status_code_pb2.SUCCESS:
                    client.errors.append(f"{rpc}: {response.status.code} {response.status.details[:80]}")
                elif rpc == "PostInputs":
                    client.added.update(item.id for item in request.inputs)
                elif rpc == "DeleteInputs":
                    client.deleted.update(request.ids)
        finally:
            channel.close()

    def run(self, clients: int, seconds: float) -> LoadResult:
        """Load the emulator with `clients` threads for `seconds`; check what the app holds after."""
        records = [Client(n) for n in range(clients)]
        start = threading.Barrier(clients + 1)
        threads = [threading.Thread(target=self._run_client, args=(record, start)) for record in records]
        for thread in threads:
            thread.start()
        self.deadline = time.monotonic() + seconds
        began = time.monotonic()
        start.wait()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
        calls = sum((record.calls for record in records), Counter())
        expected = set(self.seeded)
        for record in records:
            expected |= record.added - record.deleted
        errors = [error for record in records for error in record.errors]
        return LoadResult(clients, elapsed, calls, errors, expected, self.final_ids())

    def final_ids(self) -> set[str]:
        """The ids the app holds once the acknowledged deletes have finished (ListInputs, all pages)."""
        stub, channel = self.stub()
        try:
            for _ in range(3):  # deletes finish on the virtual clock, a few requests later
                stub.GetInputCount(
                    service_pb2.GetInputCountRequest(user_app_id=self.scope), metadata=self.metadata
                )
            found: set[str] = set()
            page = 1
            while True:
                request = service_pb2.ListInputsRequest(user_app_id=self.scope, page=page, per_page=1000)
                response = stub.ListInputs(request, metadata=self.metadata, timeout=TIMEOUT)
                assert response.status.code == status_code_pb2.SUCCESS, response.status
                found |= {item.id for item in response.inputs}
                if len(response.inputs) < 1000:
                    return found
                page += 1
        finally:
            channel.close()


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("--clients", type=int, default=32, help="concurrent clients (default 32)")
    cli.add_argument("--seconds", type=float, default=30.0, help="how long they run (default 30)")
    args = cli.parse_args(argv)
    if args.clients < 1 or args.seconds <= 0:
        cli.error("--clients must be at least 1 and --seconds positive")
    with Emulator(tls=False) as emulator:
        result = Load(emulator).run(args.clients, args.seconds)
    for line in result.lines():
        print(line)
    return 1 if result.errors or result.lost or result.extra else 0


if __name__ == "__main__":
    sys.exit(main())
