"""Every status text the emulator can send is in the provenance table, labelled."""

import ast
from pathlib import Path

from clarifai_grpc.grpc.api.status import status_code_pb2

import emulator
from emulator.statuses import provenance

SOURCES = sorted(Path(emulator.__file__).parent.rglob("*.py"))


def _status_uses() -> list[tuple[str, str]]:
    """(code name, details key) of every ApiError(...) and status(...) call with literals."""
    uses = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("ApiError", "status"):
                literals = [a.value for a in node.args if isinstance(a, ast.Constant)]
                if literals:
                    uses.append((literals[0], literals[1] if len(literals) > 1 else ""))
    return uses


def test_the_emulator_uses_statuses_at_all():
    assert len(_status_uses()) > 20


def test_every_code_sent_has_a_labelled_description():
    table = provenance()
    for name, _ in _status_uses():
        status_code_pb2.StatusCode.Value(name)  # a real code of the API
        assert ("description", name) in table, name


def test_every_details_text_sent_is_in_the_table():
    table = provenance()
    for _, key in _status_uses():
        if key:
            assert ("details", key) in table, key


def test_every_row_says_documented_or_inferred_and_where_from():
    for row in provenance().values():
        assert row["provenance"] in ("documented", "inferred")
        assert row["source"].strip()
