"""The rule modules: one per catalog change, named and dated by it, each with its own tests."""

import types
from pathlib import Path

import pytest

from cookbook import catalog
from cookbook.lint import registry
from cookbook.lint.engine import Choice, containing, named

RULES = registry.rule_modules()
TESTS = Path(__file__).parent


@pytest.mark.parametrize("module", RULES, ids=lambda module: module.CODE)
def test_a_rule_module_is_named_and_dated_by_its_change(module):
    (change,) = catalog.select(catalog.load(), [module.CODE])
    slug = change.id.removeprefix(f"{change.date}-").replace("-", "_")
    assert module.__name__.rsplit(".", 1)[-1] == f"{change.code.lower()}_{slug}"
    assert module.__doc__.startswith(f"{change.code} {change.date}: ")
    assert module.TRIGGERS and all(isinstance(word, str) and word for word in module.TRIGGERS)


@pytest.mark.parametrize("module", RULES, ids=lambda module: module.CODE)
def test_every_rule_has_its_test_file(module):
    assert (TESTS / f"test_{module.CODE.lower()}.py").exists()


def test_every_change_but_the_downtime_has_a_rule():
    unchecked = [entry.change.code for entry in registry.entries() if entry.rule is None]
    assert unchecked == ["CL001"]


def test_rules_with_fixes_say_what_they_fix():
    fixing = {entry.change.code for entry in registry.entries() if entry.rule and entry.rule.fix}
    assert fixing == {"CL007", "CL008", "CL013", "CL017", "CL020"}


def test_a_visitor_of_operators_is_refused_since_the_walk_skips_them():
    module = types.ModuleType("cookbook.lint.rules.cl999_example")
    module.CODE, module.TRIGGERS = "CL999", ("x",)
    module.visit_Add = lambda node, ctx, parents: ()
    with pytest.raises(TypeError, match="cl999_example.visit_Add: the walk never visits operators"):
        registry._rule(module)


def test_visitors_that_name_their_nodes_are_handed_only_those():

    @named("post")
    def calls(node, ctx, parents):
        return ()

    @containing("curl")
    def strings(node, ctx, parents):
        return ()

    choice = Choice.of([("A", calls)])
    assert choice.by_name == {"post": (("A", calls),)} and choice.always == ()
    words = Choice.of([("B", strings)])
    assert words.for_string("curl -X POST") == (("B", strings),)
    assert words.for_string("a plain sentence") == ()


def test_a_visitor_asking_for_what_its_node_type_cannot_give_is_refused():
    module = types.ModuleType("cookbook.lint.rules.cl998_example")
    module.CODE, module.TRIGGERS = "CL998", ("x",)
    module.visit_Dict = named("model")(lambda node, ctx, parents: ())
    with pytest.raises(TypeError, match="@named needs a node known by a name, not Dict"):
        registry._rule(module)
    del module.visit_Dict
    module.visit_Call = containing("curl")(lambda node, ctx, parents: ())
    with pytest.raises(TypeError, match=r"@containing is for string literals \(visit_Constant\), not Call"):
        registry._rule(module)
