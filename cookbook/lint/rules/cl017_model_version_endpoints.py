"""CL017 2023-01-20: PostModels makes no model version; `*_info` fields move to model versions.

Two kinds of old code:

- prediction requests that set `model.output_info.output_config` (`Model(output_info=...)`
  inside a PostModelOutputsRequest, `request.model.output_info.output_config.x = v`,
  `{"inputs": ..., "model": {"output_info": ...}}`): fixed to
  `model.model_version.output_info.output_config`; the 2.x client's `model.predict_by_url(url,
  max_concepts=...)` (and `min_value`, `select_concepts`, `predict(model_output_info=...)`),
  which sends that old form: flagged;
- PostModels / PatchModels carrying `output_info`, `input_info`, `train_info` or
  `import_info` on the model: flagged, since those now go to PostModelVersions. The 2.x
  client's `models.create(...)` (and `api.create_model`) always sends `output_info`, and
  `model.update(...)` with concepts or their options sends it to PatchModels: flagged too.

Both are found in Python (gRPC messages, REST dict bodies) and in curl commands held in strings.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..curl import model_objects
from ..engine import Context, containing, named
from ..hits import Edit, Fix, Hit, replace, replace_tail
from ..names import is_clarifai
from ..rest import curl_command
from ..syntax import (
    CLIENT_CREATES,
    callee,
    chain,
    client_model_call,
    dict_items,
    dict_keys,
    enclosing_calls,
    holder,
    is_assigned,
)

CODE = "CL017"
TRIGGERS = (
    "_info",
    "max_concepts",
    "min_value",
    "select_concepts",
    "models.create",
    "create_model",
    "concept_ids",
    "closed_environment",
    "concepts_mutually_exclusive",
)
FIX = "moves output_info of a prediction request under model.model_version"

SUMMARY = "model.output_info -> model.model_version.output_info"
INFOS = frozenset({"output_info", "input_info", "train_info", "import_info"})
PREDICTIONS = frozenset({"PostModelOutputsRequest", "PostWorkflowResultsRequest"})
PREDICT = (
    "output_info on the model of a prediction request moved: use "
    "model.model_version.output_info.output_config"
)
POST_MODELS = (
    "{field} on a model no longer makes a model version: create the model with PostModels, then "
    "send {field} in a ModelVersion with PostModelVersions (or PatchModelVersions)"
)


def _keyword_fix(call: ast.Call, item: ast.keyword, ctx: Context) -> Fix | None:
    """`Model(output_info=X)` -> `Model(model_version=ModelVersion(output_info=X))`, same module prefix."""
    if any(other.arg == "model_version" for other in call.keywords):
        return None
    if isinstance(call.func, ast.Attribute):
        version_class = f"{ctx.segment(call.func.value)}.ModelVersion"
    elif is_clarifai(ctx.names.origins.get("ModelVersion")):
        version_class = "ModelVersion"
    else:
        return None
    text = f"model_version={version_class}(output_info={ctx.segment(item.value)})"
    return Fix(SUMMARY, (replace(item, text),))


CLIENT_PREDICTS = frozenset(
    {"predict_by_url", "predict_by_filename", "predict_by_bytes", "predict_by_base64"}
)
CLIENT_OUTPUT_CONFIG = frozenset({"max_concepts", "min_value", "select_concepts"})
CLIENT = (
    "the 2.x client sends these options as model.output_info.output_config, which moved: "
    "use PostModelOutputs with model.model_version.output_info.output_config"
)


def _client_output_config(call: ast.Call, ctx: Context) -> ast.keyword | None:
    """`model.predict_by_url(url, max_concepts=3)`, `model.predict(inputs, model_output_info=...)`
    of the 2.x client (a workflow's predict is another request: left alone)."""
    name = callee(call)
    if not ctx.names.imports_rest_client or "workflow" in ctx.segment(call.func).lower():
        return None
    wanted = (
        CLIENT_OUTPUT_CONFIG
        if name in CLIENT_PREDICTS
        else {"model_output_info"}
        if name == "predict"
        else set()
    )
    return next((item for item in call.keywords if item.arg in wanted), None)


CLIENT_MODEL_OPTIONS = frozenset({"concept_ids", "concepts_mutually_exclusive", "closed_environment"})
CLIENT_CREATE = (
    "the 2.x client's {call} sends output_info on the model, which PostModels and PatchModels no "
    "longer take: create the model, then send output_info in a ModelVersion with PostModelVersions"
)


def _client_model_info(call: ast.Call, ctx: Context) -> str | None:
    """`app.models.create("pets", concepts=[...])`, `app.api.create_model(...)`,
    `model.update(concept_ids=[...])`: the 2.x calls whose request puts output_info on the model."""
    kind = client_model_call(call) if ctx.names.imports_rest_client else None
    if kind in CLIENT_CREATES:
        return kind
    if kind == "model.update" and any(item.arg in CLIENT_MODEL_OPTIONS for item in call.keywords):
        return kind
    return None


def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`resources_pb2.Model(output_info=...)` in a prediction request (fixed) or in PostModels;
    the 2.x client's prediction options and model creation."""
    option = _client_output_config(node, ctx)
    if option is not None:
        yield Hit(option, CLIENT)
    created = _client_model_info(node, ctx)
    if created is not None:
        yield Hit(node, CLIENT_CREATE.format(call=created))
    if not any(item.arg in INFOS for item in node.keywords) or ctx.names.clarifai_name(node.func) != "Model":
        return
    predicting = bool(PREDICTIONS.intersection(enclosing_calls(parents)))
    for item in node.keywords:
        if item.arg not in INFOS:
            continue
        if predicting and item.arg == "output_info":
            yield Hit(item, PREDICT, _keyword_fix(node, item, ctx))
        elif not predicting:
            yield Hit(item, POST_MODELS.format(field=item.arg))


@named("output_info")
def visit_Attribute(node: ast.Attribute, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`request.model.output_info.output_config.max_concepts = 5` (fixed)."""
    if node.attr != "output_info" or not parents or not ctx.names.imports_clarifai:
        return
    outer = parents[-1]
    if not (isinstance(outer, ast.Attribute) and outer.attr == "output_config" and outer.value is node):
        return
    parts = chain(node)
    if len(parts) < 3 or parts[-2] != "model" or "outputs" in parts:
        return
    if is_assigned(node, parents):
        yield Hit(node, PREDICT, Fix(SUMMARY, (replace_tail(node, "model_version.output_info"),)))


def _dict_fix(model: ast.Dict, key: ast.expr, value: ast.expr, ctx: Context) -> Fix | None:
    """`"output_info": X` -> `"model_version": {"output_info": X}` in a prediction body."""
    if "model_version" in dict_keys(model):
        return None
    unit = ctx.unit
    start, end = unit.offset(key.lineno, key.col_offset), unit.offset(value.end_lineno, value.end_col_offset)
    old = unit.text[start:end]
    quote = ctx.segment(key)[-1]
    between = unit.text[
        unit.offset(key.end_lineno, key.end_col_offset) : unit.offset(value.lineno, value.col_offset)
    ]
    text = f"{quote}model_version{quote}{between}{{{old}}}"
    edit = Edit((key.lineno, key.col_offset), (value.end_lineno, value.end_col_offset), text, expect=old)
    return Fix(SUMMARY, (edit,))


def visit_Dict(node: ast.Dict, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`{"inputs": [...], "model": {"output_info": ...}}` (fixed); `{"model": {"output_info": ...}}`."""
    if not parents:
        return
    parent = parents[-1]
    held_as = holder(node, parents)
    if held_as not in ("model", "models"):
        return
    predicting = held_as == "model" and isinstance(parent, ast.Dict) and "inputs" in dict_keys(parent)
    for text, key, value in dict_items(node):
        if text not in INFOS:
            continue
        if predicting and text == "output_info":
            yield Hit(key, PREDICT, _dict_fix(node, key, value, ctx))
        elif not predicting:
            yield Hit(key, POST_MODELS.format(field=text))


@containing("curl", "_info")
def visit_Constant(node: ast.Constant, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`"curl -X POST .../v2/models -d '{\"model\": {\"output_info\": ...}}'"` in a string."""
    command = curl_command(node, parents, ctx.names)
    if command is None:
        return
    for held_as, model, model_holder in model_objects(command.body):
        predicting = held_as == "model" and "inputs" in model_holder
        for field in sorted(INFOS.intersection(model)):
            if predicting and field == "output_info":
                yield Hit(node, PREDICT)
            elif not predicting:
                yield Hit(node, POST_MODELS.format(field=field))
