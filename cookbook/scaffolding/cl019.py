"""CL019's setup, not the lesson: the app key if there is one, a model and two workflows of
the app to run with it, the dates Clarifai gave for the change, and the clean-up."""

from __future__ import annotations

import datetime as dt

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from emulator.changes.cl019_pats_and_api_keys import SCHEDULE
from recipes import add_inputs, wait_for_inputs
from recipes.connect import Session
from recipes.errors import check
from recipes.models import create_model_with_version, wait_for_training

from ..then import NoApiKey, OldAnswer, OldRequest, api_key, send

OWN_MODEL = "cl019-pets"  # a model of the app: an embedding-classifier of one concept
WORKFLOWS = ("cl019-own", "cl019-mixed")  # its model alone; its model and clarifai/main's
LABELLED = [f"cl019-cat-{n}" for n in range(2)]
IMAGE = "https://samples.clarifai.com/cookbook/{id}.jpg"  # the emulator makes up their bytes


def has_api_key(session: Session) -> bool:
    """Whether an app API key is at hand to send the old requests with (never shown)."""
    try:
        return bool(api_key(session))
    except NoApiKey:
        return False


def make_workflows(session: Session, general_model_id: str) -> list[resources_pb2.Workflow]:
    """Train `OWN_MODEL` on two cat images of the app, then make the workflows `cl019-own`
    (that model alone) and `cl019-mixed` (that model and clarifai/main's `general_model_id`)
    with the session's PAT; return them as PostWorkflows answers."""
    cat = [resources_pb2.Concept(id="cat", value=1.0)]
    labelled = [
        resources_pb2.Input(
            id=input_id,
            data=resources_pb2.Data(image=resources_pb2.Image(url=IMAGE.format(id=input_id)), concepts=cat),
        )
        for input_id in LABELLED
    ]
    wait_for_inputs(session, add_inputs(session, labelled))
    model_id, version_id = create_model_with_version(session, OWN_MODEL, "embedding-classifier", ["cat"])
    wait_for_training(session, model_id, version_id)
    own = resources_pb2.WorkflowNode(id="pets", model=resources_pb2.Model(id=model_id))
    general = resources_pb2.WorkflowNode(
        id="general", model=resources_pb2.Model(id=general_model_id, user_id="clarifai", app_id="main")
    )
    workflows = [
        resources_pb2.Workflow(id=WORKFLOWS[0], nodes=[own]),
        resources_pb2.Workflow(id=WORKFLOWS[1], nodes=[own, general]),
    ]
    request = service_pb2.PostWorkflowsRequest(user_app_id=session.user_app_id, workflows=workflows)
    return list(
        check("PostWorkflows", session.stub.PostWorkflows(request, metadata=session.metadata)).workflows
    )


def run_with_key(session: Session, workflow_id: str, body: dict) -> OldAnswer:
    """The old PostWorkflowResults request, sent with the app key on the short path of the
    time, as of the session's date."""
    return send(session, OldRequest("POST", f"/v2/workflows/{workflow_id}/results", body))


def dates(session: Session, old_call: OldRequest) -> list[dict[str, str]]:
    """For each date Clarifai gave (the emulator's CL019 module declares them): the status name
    of `old_call` the day before and on the day, as the emulator serves them, and what
    Clarifai's page said, with its source."""
    rows = []
    for milestone in SCHEDULE:
        before = milestone.date - dt.timedelta(days=1)
        rows.append(
            {
                "date": str(milestone.date),
                "before": _status_on(session, before, old_call),
                "on_the_day": _status_on(session, milestone.date, old_call),
                "said": milestone.said,
                "source": milestone.source,
            }
        )
    return rows


def _status_on(session: Session, day: dt.date, old_call: OldRequest) -> str:
    return send(session.as_of(day), old_call).describe().split(":")[0]


def clean_up(session: Session) -> str:
    """Delete the workflows, the model and the labelled inputs, with the PAT."""
    scope, meta = session.user_app_id, session.metadata
    for workflow_id in WORKFLOWS:
        request = service_pb2.DeleteWorkflowRequest(user_app_id=scope, workflow_id=workflow_id)
        session.stub.DeleteWorkflow(request, metadata=meta)
    session.stub.DeleteModel(
        service_pb2.DeleteModelRequest(user_app_id=scope, model_id=OWN_MODEL), metadata=meta
    )
    gone = session.stub.DeleteInputs(
        service_pb2.DeleteInputsRequest(user_app_id=scope, ids=LABELLED), metadata=meta
    )
    return f"Deleted the workflows, the model and the inputs: {gone.status.description}."
