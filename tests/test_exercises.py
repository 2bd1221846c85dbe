"""Every notebook's Your turn: its check fails on the old code the attendee starts from and
passes on the folded solution, run here in-process on one embedded emulator."""

from __future__ import annotations

import ast
import contextlib
import io

import nbformat
import pytest

from cookbook import catalog
from cookbook.exercise import check, emulated, exercise, judge
from emulator import Emulator
from recipes import connect

CHANGES = catalog.load()
TAGS = ("answer", "check", "solution")


@pytest.fixture(scope="module")
def session():
    return connect("emulator")


def your_turn(change: catalog.Change) -> dict[str, str]:
    """The sources of the notebook's answer, check and solution cells, by tag."""
    cells = {}
    for cell in nbformat.read(change.notebook, as_version=4).cells:
        for tag in cell.metadata.get("tags", []):
            if tag in TAGS:
                cells[tag] = cell.source
    return cells


def function_checked(check_source: str) -> str:
    """The name of the function the check cell hands to check()."""
    call = ast.parse(check_source).body[-1].value
    return call.args[2].id


def defined(source: str, name: str):
    """The function `name` a cell defines (its own check() call left out: the test judges)."""
    tree = ast.parse(source)
    tree.body = [node for node in tree.body if not _calls_check(node)]
    namespace: dict = {}
    exec(compile(tree, "<cell>", "exec"), namespace)
    return namespace[name]


def _calls_check(node: ast.stmt) -> bool:
    call = node.value if isinstance(node, ast.Expr) else None
    if not isinstance(call, ast.Call):
        return False
    return (getattr(call.func, "attr", "") or getattr(call.func, "id", "")) == "check"


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.code)
def test_the_notebook_ends_with_your_turn(change):
    cells = nbformat.read(change.notebook, as_version=4).cells
    tags = [tag for cell in cells for tag in cell.metadata.get("tags", []) if tag in TAGS]
    assert tags == list(TAGS), f"{change.code}: Your turn needs one answer, check and solution cell, in order"
    solution = next(cell for cell in cells if "solution" in cell.metadata.get("tags", []))
    assert solution.metadata.get("jupyter", {}).get("source_hidden"), "the solution cell is folded"
    assert exercise(change.code).change == change.code


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.code)
def test_the_check_fails_on_the_old_code_and_passes_on_the_solution(change, session):
    cells = your_turn(change)
    name = function_checked(cells["check"])
    old = judge(change.code, session, defined(cells["answer"], name))
    assert not old.passed, f"{change.code}: the old code passes the check"
    solved = judge(change.code, session, defined(cells["solution"], name))
    assert solved.passed, f"{change.code}: the solution fails: {solved.reason}"


def printed(*args, **kwargs) -> list[str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        check(*args, **kwargs)
    return out.getvalue().splitlines()


def test_a_second_failure_adds_the_hint_and_a_solution_run_is_not_counted(session):
    def nothing(session):
        return 0

    first = printed("CL012", session, nothing, solution=True)
    assert first == ["Solution: ✗ CL012 not yet: all 200 inputs are still in the app."]
    assert len(printed("CL012", session, nothing)) == 1
    second = printed("CL012", session, nothing)
    assert second[1].startswith("Hint: list the ids")


def test_an_exception_is_one_line_naming_the_line_of_the_attendees_code(session):
    def broken(session):
        return session.no_such_thing

    (line,) = printed("CL012", session, broken, solution=True)
    assert "raised AttributeError" in line and "(line " in line and "Traceback" not in line


def test_a_check_names_a_change_without_an_exercise_and_wants_a_function(session):
    with pytest.raises(ValueError, match="'CL999' has no exercise"):
        judge("CL999", session, print)
    with pytest.raises(TypeError, match="not str"):
        judge("CL012", session, "empty_app")


def test_a_live_session_is_checked_on_an_embedded_emulator(session):
    live = session.__class__(**{**session.__dict__, "target": "live"})
    assert emulated(live).can_time_travel and emulated(live) is not live


def test_checks_in_a_room_fill_the_leaders_table_and_the_solution_is_not_counted(tmp_path, monkeypatch):
    cells = your_turn(next(change for change in CHANGES if change.code == "CL012"))
    old, solved = (defined(cells[tag], "empty_app") for tag in ("answer", "solution"))
    with Emulator(workshop=2, db=tmp_path / "room.db", tls=False) as room:
        first, second = (attendee_session(room, account, monkeypatch) for account in room.attendees)
        printed("CL012", first, old)
        printed("CL012", first, solved)
        printed("CL012", second, old)
        printed("CL012", second, solved, solution=True)
        rows = {line.split()[0]: line.split()[1:] for line in room.progress_table().splitlines()}
    assert rows[room.attendees[0].user_id] == ["done"]
    assert rows[room.attendees[1].user_id] == ["1", "try"]


def attendee_session(room: Emulator, account, monkeypatch):
    """The session an attendee's notebook makes in a room (`TARGET = "emulator-remote"`)."""
    monkeypatch.setenv("CLARIFAI_EMULATOR", room.rest_url)
    monkeypatch.setenv("CLARIFAI_PAT", account.pat)
    monkeypatch.setenv("CLARIFAI_APP_ID", account.app_id)
    monkeypatch.delenv("CLARIFAI_USER_ID", raising=False)
    return connect("emulator-remote")
