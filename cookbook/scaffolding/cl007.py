"""CL007's helper that is not the lesson: the models of a search answer as old code looked at them."""

from __future__ import annotations

from cookbook.then import OldAnswer


def named_types(answer: OldAnswer) -> list[tuple[str, str]]:
    """(name, output_info.type) of each model a search answered (REST JSON), sorted."""
    models = answer.body.get("models", [])
    return sorted((model["name"], model.get("output_info", {}).get("type", "")) for model in models)
