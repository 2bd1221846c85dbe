"""Options that several commands share."""

from __future__ import annotations

import argparse

from .. import catalog


def changes(text: str) -> list[catalog.Change]:
    """The catalog's changes named in `text` (codes or ids, comma-separated), in date order.

    For argparse: an unknown code or id is an argument error that names it.
    """
    keys = [key.strip() for key in text.split(",") if key.strip()]
    if not keys:
        raise argparse.ArgumentTypeError("give codes or ids of the catalog, e.g. CL002,CL012")
    try:
        return catalog.select(catalog.load(), keys)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_only(parser: argparse.ArgumentParser, verb: str) -> None:
    """`--only KEYS`: the changes to `verb`, by code or id; `args.only` is None for all of them."""
    parser.add_argument(
        "--only",
        metavar="KEYS",
        type=changes,
        help=f"{verb} only these changes: codes or ids, comma-separated (e.g. CL002,CL012)",
    )


def chosen(args: argparse.Namespace) -> list[catalog.Change]:
    """The changes `--only` named, or every change of the catalog."""
    return catalog.load() if args.only is None else args.only
