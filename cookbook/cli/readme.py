"""Regenerate the README's generated parts and `emulator/provenance.md`.

The count and table of changes come from the catalog (`data/changes.csv`), the emulator's
fidelity summary and `emulator/provenance.md` from `emulator/provenance.csv`. A test fails
when either is out of date.
"""

from __future__ import annotations

import argparse
import sys

from ..readme import regenerate


def arguments(parser: argparse.ArgumentParser) -> None:
    """`cookbook readme` takes no options."""


def execute(args: argparse.Namespace) -> int:
    """Rewrite the generated parts; 2 when the README has no place for them."""
    try:
        regenerate()
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0
