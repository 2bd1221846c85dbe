"""Small wording helpers for what the tools and notebooks print."""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """`1 face`, `2 faces`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
