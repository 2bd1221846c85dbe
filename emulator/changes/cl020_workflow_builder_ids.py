"""CL020 2023-07-27: workflow graphs name their models by V2 ids, no longer by old hash ids.

Clarifai's page (Clarifai/docs `product-updates/upcoming-api-changes/workflow-builder-ids.md`):
the workflow builder "inconsistently returned an old hash-based ID, instead of a new,
user-friendly V2 ID of models", and `ListWorkflows` returned "the old hash-based ID of the
model"; from July 27th, 2023 "all workflow graphs will start returning the new V2 ID of models".
So before the date a node's `model.id` shows the model's old id where it has one: a public
model's hash (`public.OLD_IDS`, the same version ids under both: clarifai-facts.md, CL020) or
the id a user's model had before CL014 gave it a readable one. Which RPCs showed the old id
besides ListWorkflows (GetWorkflow, PostWorkflows, PatchWorkflows, ListPublicWorkflows) is not
documented (provenance: cl020-rpcs). Requests may name a model by either id on every date.
"""

from __future__ import annotations

import datetime as dt

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from ..call import Call
from ..public import OLD_IDS
from . import Change

change = Change(
    __name__,
    code="CL020",
    date=dt.date(2023, 7, 27),
    rpcs={"GetWorkflow", "ListWorkflows", "ListPublicWorkflows", "PostWorkflows", "PatchWorkflows"},
)
HASH_ID = {v2_id: old for old, v2_id in OLD_IDS.items()}
MAIN = ("clarifai", "main")


def shown_id(call: Call, model: resources_pb2.Model) -> str:
    """The id a node shows for `model` (as kept: today's id of a public model, the id a user's
    model was made with): before the date a public model's hash; from it, the V2 id, which for
    a user's model made before CL014 is the new id that change gave it."""
    if call.as_of < change.date:
        return HASH_ID.get(model.id, model.id) if (model.user_id, model.app_id) == MAIN else model.id
    app = call.store.app(model.user_id, model.app_id)
    return app.new_ids.get(model.id, model.id) if app is not None else model.id


@change.applies
def applies(call: Call) -> bool:
    """Before the date; from it too, for the V2 ids of user models made before CL014."""
    app = call.caller.app
    return call.as_of < change.date or bool(app is not None and app.new_ids)


@change.after
def node_ids(call: Call, response: Message) -> Message:
    """Every node of every workflow answered names its model by the id of the day."""
    if response.status.code != 10000:
        return response
    workflows = [response.workflow] if call.rpc.name == "GetWorkflow" else list(response.workflows)
    for workflow in workflows:
        for node in workflow.nodes:
            node.model.id = shown_id(call, node.model)
    return response
