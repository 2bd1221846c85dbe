"""Terminal-summary sections that tests gather (what they tried, what they saw), with or
without pytest-xdist: a worker hands its sections to the controller, which prints them."""

from __future__ import annotations

import pytest

KEY = "cookbook_summaries"  # in a worker's workeroutput
RECEIVED: dict[str, list[str]] = {}  # on the controller: title -> lines, from every worker


def hand_over(config: pytest.Config, sections: dict[str, list[str]]) -> None:
    """On an xdist worker, pass the non-empty sections on to the controller."""
    output = getattr(config, "workeroutput", None)
    if output is not None:
        output.setdefault(KEY, {}).update({title: lines for title, lines in sections.items() if lines})


def receive(node: object) -> None:
    """On the controller, keep a finished worker's sections (lines of one title appended)."""
    for title, lines in getattr(node, "workeroutput", {}).get(KEY, {}).items():
        RECEIVED.setdefault(title, []).extend(lines)


def write(terminalreporter: pytest.TerminalReporter, sections: dict[str, list[str]]) -> None:
    for title, lines in sections.items():
        if lines:
            terminalreporter.section(title)
            for line in lines:
                terminalreporter.write_line(line)
