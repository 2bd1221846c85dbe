"""CL022's setup: what a base workflow gives an app, as the concepts it answers for an image."""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from recipes.connect import Session
from recipes.workflows import MAIN


def concepts_of(session: Session, workflow_id: str, image_url: str) -> list[str]:
    """The concept names the nodes of clarifai/main's `workflow_id` answer for the image at
    `image_url` (none from a workflow without a classifier)."""
    image = resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(url=image_url)))
    request = service_pb2.PostWorkflowResultsRequest(
        user_app_id=MAIN, workflow_id=workflow_id, inputs=[image]
    )
    response = session.stub.PostWorkflowResults(request, metadata=session.metadata)
    if not response.results:
        return []
    return [concept.name for output in response.results[0].outputs for concept in output.data.concepts]
