"""The reliability tests report what they tried at the end of the run."""

from tests import summaries
from tests.reliability import test_bad_input, test_load


def _sections() -> dict[str, list[str]]:
    return {"reliability: bad input": test_bad_input.summary(), "reliability: load": test_load.REPORT}


def pytest_sessionfinish(session):
    summaries.hand_over(session.config, _sections())


def pytest_terminal_summary(terminalreporter):
    summaries.write(terminalreporter, _sections())
