"""Load: 32 concurrent clients, each on its own channel, for a few seconds (bench/emulator_load.py).

Mixed PostInputs, GetInput, PostInputsSearches, PostModelOutputs and DeleteInputs: no
transport error, no unexpected status, and the app ends holding exactly the seeded inputs plus
the acknowledged adds minus the acknowledged deletes. The throughput goes to the summary.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from emulator import Emulator

BENCH = Path(__file__).resolve().parents[2] / "bench" / "emulator_load.py"
CLIENTS, SECONDS = 32, 5.0
REPORT: list[str] = []


def _bench():
    spec = importlib.util.spec_from_file_location("emulator_load", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_32_clients_for_5_seconds_lose_nothing_and_see_no_error():
    with Emulator(tls=False) as emulator:
        result = _bench().Load(emulator).run(CLIENTS, SECONDS)
    REPORT.extend(result.lines())
    assert result.errors == []
    assert result.lost == set() and result.extra == set()
    assert result.calls["PostInputs"] and result.calls["DeleteInputs"] and result.calls["PostModelOutputs"]
    assert result.requests > CLIENTS  # every client got answers
