"""CL018 2023-01-26: `closed_environment` became `train_info.params.enrich_dataset`.

Flags `closed_environment` wherever it is set or read: a keyword (`OutputConfig(...)`, the 2.x
client's `models.create(...)`), an attribute, a dict key, a key of a curl command's JSON body.
No fix: the value flips (closed_environment=True is enrich_dataset "Disabled") and moves to the model version.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..curl import json_keys
from ..engine import Context, containing, named
from ..hits import Hit
from ..rest import curl_command
from ..syntax import chain, dict_items

CODE = "CL018"
TRIGGERS = ("closed_environment",)

MESSAGE = (
    "closed_environment is gone: set train_info.params.enrich_dataset on the model version, "
    '"Disabled" for closed_environment=True, "Automatic" (the default) for False'
)


@named("closed_environment")
def visit_keyword(node: ast.keyword, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`OutputConfig(closed_environment=True)`, `app.models.create("m", closed_environment=True)`."""
    if node.arg == "closed_environment":
        yield Hit(node, MESSAGE)


@named("closed_environment")
def visit_Attribute(node: ast.Attribute, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`model.output_info.output_config.closed_environment = True`."""
    if node.attr == "closed_environment":
        yield Hit(node, MESSAGE)


def visit_Dict(node: ast.Dict, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`{"output_config": {"closed_environment": True}}`."""
    for text, key, _value in dict_items(node):
        if text == "closed_environment":
            yield Hit(key, MESSAGE)


@named("closed_environment")
def visit_Subscript(node: ast.Subscript, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`config["closed_environment"] = True`."""
    if chain(node)[-1] == "closed_environment":
        yield Hit(node, MESSAGE)


@containing("curl", "closed_environment")
def visit_Constant(node: ast.Constant, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`"curl -X POST .../v2/models -d '{... \"closed_environment\": true ...}'"`."""
    command = curl_command(node, parents, ctx.names)
    if command is not None and "closed_environment" in json_keys(command.body):
        yield Hit(node, MESSAGE)
