"""Change modules declare themselves once; the registry refuses a declaration it cannot trust."""

import datetime as dt
from pathlib import Path
from types import ModuleType

import pytest
from google.protobuf import descriptor_pool

from emulator.changes import Change, ChangeError, Entry, legacy_fields, register, registry
from emulator.descriptors import rpcs

TESTS = Path(__file__).with_name("changes")
CATALOG = {"CL901": Entry("2020-01-01-made-up", dt.date(2020, 1, 1))}
NAME = "throwaway.cl901_made_up"


def made_up(name: str = NAME, **declaration: object) -> Change:
    """A change of no real module, dated as `CATALOG` says unless told otherwise."""
    return Change(name, **{"code": "CL901", "date": dt.date(2020, 1, 1), "rpcs": {"GetInput"}, **declaration})


def module_with(name: str = NAME, **attributes: object) -> ModuleType:
    module = ModuleType(name)
    vars(module).update(attributes)
    return module


def answer_nothing(call):
    return None


def declared(change: Change) -> Change:
    change.answer(answer_nothing)
    return change


def test_every_change_module_registers():
    changes = registry()
    assert [change.code for change in changes] == sorted(change.code for change in changes)
    for change in changes:
        assert change.rpcs and change.rpcs <= set(rpcs())


def test_every_change_module_has_its_tests():
    missing = [
        f"{change.module} has no tests/emulator/changes/test_{change.code.lower()}.py"
        for change in registry()
        if not (TESTS / f"test_{change.code.lower()}.py").exists()
    ]
    assert not missing, missing


def test_legacy_fields_name_real_messages():
    for message, fields in legacy_fields().items():
        descriptor = descriptor_pool.Default().FindMessageTypeByName(message)
        for number in fields:
            assert descriptor.fields_by_number.get(number) is None  # removed from today's protos


def test_a_misspelt_hook_fails_naming_the_module_and_the_name():
    change = made_up()
    with pytest.raises(ChangeError, match=rf"{NAME}: no hook named 'requets'"):

        @change.requets
        def rewrite(call):
            pass


def test_an_unknown_keyword_fails_naming_the_module_and_the_keyword():
    with pytest.raises(ChangeError, match=rf"{NAME}: Change\(\) has no keyword before"):
        made_up(before=answer_nothing)


def test_a_hook_declared_twice_fails():
    change = declared(made_up())
    with pytest.raises(ChangeError, match="answer declared twice"):
        change.answer(answer_nothing)


@pytest.mark.parametrize("count", [0, 2])
def test_a_module_must_declare_exactly_one_change(count):
    changes = {f"change{index}": declared(made_up()) for index in range(count)}
    with pytest.raises(ChangeError, match=rf"{NAME}: declares {count} Change objects"):
        register([module_with(**changes)], CATALOG)


def test_a_hook_function_left_undeclared_fails():
    module = module_with(change=declared(made_up()), before=answer_nothing)
    with pytest.raises(ChangeError, match=rf"{NAME}: defines before\(\) without declaring it"):
        register([module], CATALOG)


def test_a_change_without_hooks_fails():
    with pytest.raises(ChangeError, match="declares no hook"):
        register([module_with(change=made_up())], CATALOG)


def test_a_duplicate_code_fails():
    first = module_with(change=declared(made_up()))
    other = "throwaway.again.cl901_made_up"
    second = module_with(other, change=declared(made_up(other)))
    with pytest.raises(ChangeError, match=rf"{other}: code CL901 is {NAME}'s too"):
        register([first, second], CATALOG)


@pytest.mark.parametrize(
    ("name", "declaration", "problem"),
    [
        (NAME, {"code": "CL902"}, "code CL902 has no row in the catalog"),
        (NAME, {"date": dt.date(2020, 1, 2)}, "date 2020-01-02 but the catalog has 2020-01-01"),
        ("throwaway.cl901_misnamed", {}, "the catalog's 2020-01-01-made-up names the module cl901_made_up"),
    ],
)
def test_a_change_must_agree_with_its_catalog_row(name, declaration, problem):
    module = module_with(name, change=declared(made_up(name, **declaration)))
    with pytest.raises(ChangeError, match=rf"{name}: {problem}"):
        register([module], CATALOG)


def test_a_sound_module_registers_with_its_hooks():
    change = declared(made_up())
    assert register([module_with(change=change, answer_nothing=answer_nothing)], CATALOG) == (change,)
    assert change.hooks == {"answer": answer_nothing}
