"""An old JSON-channel program (early 2023): find the node of a workflow that runs the general model.

It builds a workflow on the general model, then reads it back and looks for the node whose model
id is the general model's id as the workflow builder showed it then: the old hash id.

First breaking change: CL020 (2023-07-27), workflow nodes name models by V2 ids.
"""

import os
import sys

from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc
from clarifai_grpc.grpc.api.status import status_code_pb2

GENERAL_MODEL = "aaa03c23b3724a16a56b629203edc62c"
GENERAL_VERSION = "aa7f35c01e0642fda5cf400f543e7c40"


def main():
    stub = service_pb2_grpc.V2Stub(ClarifaiChannel.get_json_channel(base_url=os.environ["CLARIFAI_API_BASE"]))
    metadata = (("authorization", "Key " + os.environ["CLARIFAI_PAT"]),)
    app = resources_pb2.UserAppIDSet(
        user_id=os.environ["CLARIFAI_USER_ID"], app_id=os.environ["CLARIFAI_APP_ID"]
    )
    model = resources_pb2.Model(id=GENERAL_MODEL, user_id="clarifai", app_id="main")
    model.model_version.id = GENERAL_VERSION
    workflow = resources_pb2.Workflow(id="tagger", nodes=[resources_pb2.WorkflowNode(id="tags", model=model)])
    made = stub.PostWorkflows(
        service_pb2.PostWorkflowsRequest(user_app_id=app, workflows=[workflow]), metadata=metadata
    )
    if made.status.code != status_code_pb2.SUCCESS:
        print("PostWorkflows failed:", made.status.description)
        return 1
    got = stub.GetWorkflow(
        service_pb2.GetWorkflowRequest(user_app_id=app, workflow_id="tagger"), metadata=metadata
    )
    tagging = [node.id for node in got.workflow.nodes if node.model.id == GENERAL_MODEL]
    if not tagging:
        print("no node runs the general model")
        return 1
    print("the general model runs in node", tagging[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
