"""`python -m cookbook`: one command line for the tools, one `--only` for every command that takes it."""

import ast
import subprocess
import sys

import pytest

from cookbook import catalog
from cookbook.__main__ import main, parser
from cookbook.cli import COMMANDS

ONLY_COMMANDS = ("run", "golden")


def cookbook(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cookbook", *args],
        capture_output=True,
        text=True,
        cwd=catalog.ROOT,
        timeout=120,
    )


def test_help_lists_every_command():
    done = cookbook("--help")
    assert done.returncode == 0
    for name, summary in COMMANDS.items():
        assert name in done.stdout and summary[:40] in " ".join(done.stdout.split())


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_its_own_help(command, capsys):
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    assert f"python -m cookbook {command}" in capsys.readouterr().out


def test_no_command_is_a_usage_error():
    done = cookbook()
    assert done.returncode == 2 and "COMMAND" in done.stderr


@pytest.mark.parametrize("command", ONLY_COMMANDS)
def test_only_takes_codes_or_ids_in_catalog_order(command):
    args = parser(command).parse_args([command, "--only", "CL012, 2019-09-24-post-inputs-async"])
    assert [change.code for change in args.only] == ["CL002", "CL012"]


@pytest.mark.parametrize("command", ONLY_COMMANDS)
@pytest.mark.parametrize("keys", ["CL002,CL999", ","])
def test_only_refuses_what_the_catalog_does_not_have_naming_it(command, keys, capsys):
    with pytest.raises(SystemExit) as exited:
        parser(command).parse_args([command, "--only", keys])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert "argument --only" in error
    assert "CL999" in error if "CL999" in keys else "give codes or ids" in error


def _imported(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return names | {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }


def test_the_recipes_never_import_the_tools():
    for path in sorted((catalog.ROOT / "recipes").glob("*.py")):
        assert not any(name.split(".")[0] == "cookbook" for name in _imported(path)), path.name
