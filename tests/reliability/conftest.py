"""A populated emulator for each module that asks for one; the tests' counts at the end of the run."""

from collections.abc import Iterator

import pytest

from emulator import Emulator
from tests import summaries
from tests.reliability import test_bad_input, test_load, test_unimplemented
from tests.reliability.state import Baseline
from tests.reliability.world import World, populate


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with Emulator(tls=False) as emulator:
        made = populate(emulator)
        yield made
        made.channel.close()


@pytest.fixture(scope="module")
def baseline(world: World) -> Baseline:
    return Baseline(world.emulator)


def _sections() -> dict[str, list[str]]:
    return {
        "reliability: bad input": test_bad_input.TALLY.lines(),
        "reliability: unimplemented RPCs": test_unimplemented.TALLY.lines(),
        "reliability: load": test_load.REPORT,
    }


def pytest_sessionfinish(session):
    summaries.hand_over(session.config, _sections())


def pytest_terminal_summary(terminalreporter):
    summaries.write(terminalreporter, _sections())
