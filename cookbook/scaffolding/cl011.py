"""CL011's scaffolding: labelled batches, the snippet's requests sent in order, the counts and
versions read back, an app emptied between scenarios, and the Verify picture."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from recipes import add_inputs, delete_and_wait, wait_for_inputs
from recipes.connect import Session
from recipes.errors import check
from recipes.inputs import list_input_ids
from recipes.models import IN_TRAINING

from ..then import OldAnswer, OldRequest, send

STATUSES = ("processed", "to_process", "processing", "errors")


def labelled_body(urls: Sequence[str], concept: str) -> dict[str, Any]:
    """A `POST /v2/inputs` body of the time: image URLs, each labelled with `concept`."""
    data = [{"data": {"concepts": [{"id": concept, "value": 1.0}], "image": {"url": url}}} for url in urls]
    return {"inputs": data}


def create_model_request(model_id: str, concepts: Sequence[str]) -> OldRequest:
    """The 2.x client's `models.create`: one `model`, its concepts in `output_info`, no
    `model_type_id` (which did not exist yet)."""
    listed = [{"id": concept, "value": 1.0} for concept in concepts]
    model = {
        "id": model_id,
        "name": model_id,
        "output_info": {"data": {"concepts": listed}, "output_config": {}},
    }
    return OldRequest("POST", "/v2/models", {"model": model})


def sent(day: Session, request: OldRequest) -> OldAnswer:
    """`request` sent as of `day`; AssertionError with the answer when it is not `SUCCESS`."""
    answer = send(day, request)
    assert answer.ok, f"{request.method} {request.path}: {answer.describe()}"
    return answer


def train_right_away(
    day: Session, create: OldRequest, first: OldRequest, late: OldRequest, train: OldRequest, polls: int = 60
) -> tuple[OldAnswer, dict[str, Any], str]:
    """The snippet's requests as of `day`: create the model, add the first batch and poll
    `GET /v2/inputs/status` until it is processed, add the late batch, train at once and poll
    the version until it is no longer busy. Returns the train answer, the version, and the
    line the snippet prints."""
    sent(day, create)
    sent(day, first)
    for _ in range(polls):
        if sent(day, OldRequest("GET", "/v2/inputs/status")).body["counts"]["processed"] >= len(
            first.body["inputs"]
        ):
            break
        time.sleep(day.poll_interval)
    sent(day, late)
    trained = sent(day, train)
    version = trained.body["model"]["model_version"]
    for _ in range(polls):
        if version["status"]["code"] not in IN_TRAINING:
            break
        time.sleep(day.poll_interval)
        version = sent(day, OldRequest("GET", f"{train.path}/{version['id']}")).body["model_version"]
    line = f"trained on {version['total_input_count']} inputs, {version['active_concept_count']} concepts"
    return trained, version, line


def labelled_inputs(urls: Sequence[str], concept: str) -> list[resources_pb2.Input]:
    """Today's inputs for `urls`, each labelled with `concept`, ids `cl011-<concept>-N`."""
    return [
        resources_pb2.Input(
            id=f"cl011-{concept}-{n}",
            data=resources_pb2.Data(
                image=resources_pb2.Image(url=url), concepts=[resources_pb2.Concept(id=concept, value=1)]
            ),
        )
        for n, url in enumerate(urls)
    ]


def add_labelled(session: Session, urls: Sequence[str], concept: str, wait: bool = True) -> list[str]:
    """Add `labelled_inputs` (waiting until they are downloaded unless `wait` is False)."""
    ids = add_inputs(session, labelled_inputs(urls, concept))
    if wait:
        wait_for_inputs(session, ids)
    return ids


def get_version(session: Session, model_id: str, version_id: str) -> resources_pb2.ModelVersion:
    """The model version as GetModelVersion answers it."""
    request = service_pb2.GetModelVersionRequest(
        user_app_id=session.user_app_id, model_id=model_id, version_id=version_id
    )
    return check(
        "GetModelVersion", session.stub.GetModelVersion(request, metadata=session.metadata)
    ).model_version


def empty_the_app(session: Session) -> int:
    """Delete every input of the app and wait until they are gone; return how many."""
    return delete_and_wait(session, list_input_ids(session))


def delete_model(session: Session, model_id: str, missing_ok: bool = False) -> None:
    """DeleteModel; with `missing_ok`, a model that does not exist is fine."""
    request = service_pb2.DeleteModelRequest(user_app_id=session.user_app_id, model_id=model_id)
    response = session.stub.DeleteModel(request, metadata=session.metadata)
    if missing_ok and response.status.code != 10000:
        return
    check("DeleteModel", response)


def plot_training(counts: dict[str, dict[str, int]], inputs_learnt: pd.Series) -> None:
    """Left, the input counts GetInputCount answered (by moment); right, the inputs each
    version learnt from (GetModelVersion's `total_input_count`)."""
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
    pd.DataFrame(counts).reindex(list(STATUSES)).plot.bar(ax=left, rot=0)
    left.set_title("GetInputCount")
    left.set_xlabel("input status")
    left.set_ylabel("inputs")
    inputs_learnt.astype(int).plot.barh(ax=right, color="tab:green")
    right.set_title("GetModelVersion: inputs each version learnt from")
    right.set_xlabel("total_input_count")
    right.set_ylabel("")
    right.invert_yaxis()
    figure.tight_layout()
    plt.show()
