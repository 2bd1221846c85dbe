"""Results of one client run: named checks that passed, failed, or could not run offline."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Check:
    name: str  # a peer test's node id, or a flow's step name
    outcome: str  # "passed" | "failed" | "skipped" | "offline"
    error: str = ""  # the error's key line (secrets redacted)
    group: str = ""  # the file (peer) or the flow it belongs to
    expected: str = ""  # a flow step's expected outcome: "success" or a documented failure
    got: str = ""  # a flow step's actual outcome: "success" or its error (secrets redacted)


@dataclass
class ClientRun:
    client: str  # e.g. "clarifai-grpc tests/client [grpc]", "sdk 12.5.0", "2.x as of 2019-06-01"
    checks: list[Check] = field(default_factory=list)
    note: str = ""  # why the run itself failed, if it did

    def count(self, outcome: str) -> int:
        return sum(1 for check in self.checks if check.outcome == outcome)

    @property
    def passed(self) -> int:
        return self.count("passed")

    @property
    def runnable(self) -> int:
        """Checks that could run offline (neither skipped nor needing an internet fetch)."""
        return sum(1 for check in self.checks if check.outcome in ("passed", "failed"))

    def by_group(self) -> dict[str, tuple[int, int]]:
        counts: dict[str, tuple[int, int]] = {}
        for check in self.checks:
            passed, total = counts.get(check.group, (0, 0))
            if check.outcome in ("passed", "failed"):
                counts[check.group] = (passed + (check.outcome == "passed"), total + 1)
            else:
                counts.setdefault(check.group, (passed, total))
        return counts

    def to_json(self) -> dict[str, object]:
        return {
            "client": self.client,
            "passed": self.passed,
            "runnable": self.runnable,
            "offline": self.count("offline"),
            "skipped": self.count("skipped"),
            "note": self.note,
            "by_group": {k: {"passed": p, "total": t} for k, (p, t) in self.by_group().items()},
            "checks": [asdict(check) for check in self.checks],
        }
