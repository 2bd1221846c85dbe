"""The fidelity matrix: which RPC families pass through which door, printed after the run."""

from __future__ import annotations

import pytest

from tests import summaries

DOORS = ("grpc", "tls", "json")
RESULTS: dict[tuple[str, str], str] = {}  # (door, family) -> passed / failed / skipped


def matrix(results: dict[tuple[str, str], str]) -> str:
    """A text table, one row per RPC family and one column per door, then passes per door."""
    doors = [door for door in DOORS if any(d == door for d, _ in results)]
    families = list(dict.fromkeys(family for _, family in results))
    width = max(len("RPC family"), *(len(family) for family in families))
    lines = [f"{'RPC family':<{width}}  " + "  ".join(f"{door:>7}" for door in doors)]
    for family in families:
        lines.append(f"{family:<{width}}  " + "  ".join(f"{results.get((d, family), '-'):>7}" for d in doors))
    totals = [sum(results.get((d, f)) == "passed" for f in families) for d in doors]
    lines.append(f"{'passing':<{width}}  " + "  ".join(f"{f'{n}/{len(families)}':>7}" for n in totals))
    return "\n".join(lines)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Record each (door, family) test's outcome: its call, or a setup that did not pass."""
    report = (yield).get_result()
    params = getattr(getattr(item, "callspec", None), "params", {})
    if "door" not in params or "family" not in params:
        return
    if report.when == "call" or (report.when == "setup" and not report.passed):
        RESULTS[params["door"], params["family"]] = report.outcome


def _sections() -> dict[str, list[str]]:
    lines = matrix(RESULTS).splitlines() if RESULTS else []
    return {"fidelity: RPC families x doors, through the official client": lines}


def pytest_sessionfinish(session):
    summaries.hand_over(session.config, _sections())


def pytest_terminal_summary(terminalreporter):
    summaries.write(terminalreporter, _sections())
