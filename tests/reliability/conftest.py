"""A populated emulator for each module that asks for one; the tests' counts at the end of the run."""

from collections.abc import Iterator

import pytest

from emulator import Emulator
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


def pytest_terminal_summary(terminalreporter):
    sections = {
        "reliability: bad input": test_bad_input.TALLY.lines(),
        "reliability: unimplemented RPCs": test_unimplemented.TALLY.lines(),
        "reliability: load": test_load.REPORT,
    }
    for title, lines in sections.items():
        if lines:
            terminalreporter.section(title)
            for line in lines:
                terminalreporter.write_line(line)
