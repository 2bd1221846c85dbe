"""The reliability tests report what they tried at the end of the run."""

from tests.reliability import test_bad_input, test_load


def pytest_terminal_summary(terminalreporter):
    sections = {"reliability: bad input": test_bad_input.summary(), "reliability: load": test_load.REPORT}
    for title, lines in sections.items():
        if lines:
            terminalreporter.section(title)
            for line in lines:
                terminalreporter.write_line(line)
