"""The cookbook's tools: `python -m cookbook COMMAND` (or `cookbook COMMAND`).

`python -m cookbook COMMAND --help` shows a command's options.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module

from .cli import COMMANDS


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line; only `command`'s module is loaded, so each tool starts as fast as it can."""
    top = argparse.ArgumentParser(prog="python -m cookbook", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, summary in COMMANDS.items():
        if name != command:
            commands.add_parser(name, help=summary)
            continue
        module = import_module(f"{__package__}.cli.{name}")
        chosen = commands.add_parser(
            name,
            help=summary,
            description=module.__doc__,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.arguments(chosen)
        chosen.set_defaults(execute=module.execute)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((arg for arg in argv if not arg.startswith("-")), None)  # the first word is the command
    args = parser(command).parse_args(argv)
    return args.execute(args)


if __name__ == "__main__":
    sys.exit(main())
