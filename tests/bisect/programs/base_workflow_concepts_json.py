"""An old JSON-channel program (2023): make an app, then tag an image with the app's base workflow.

It creates the app without naming a base workflow (General was the default) and expects that
workflow to give concepts for an image.

First breaking change: CL022 (2024-07-02), Universal is the default base workflow.
"""

import os
import sys

from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc
from clarifai_grpc.grpc.api.status import status_code_pb2

IMAGE = "https://samples.clarifai.com/metro-north.jpg"


def main():
    stub = service_pb2_grpc.V2Stub(ClarifaiChannel.get_json_channel(base_url=os.environ["CLARIFAI_API_BASE"]))
    metadata = (("authorization", "Key " + os.environ["CLARIFAI_PAT"]),)
    user = resources_pb2.UserAppIDSet(user_id=os.environ["CLARIFAI_USER_ID"])
    made = stub.PostApps(
        service_pb2.PostAppsRequest(user_app_id=user, apps=[resources_pb2.App(id="tagging")]),
        metadata=metadata,
    )
    if made.status.code != status_code_pb2.SUCCESS:
        print("PostApps failed:", made.status.description)
        return 1
    base = made.apps[0].default_workflow_id
    main_app = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
    image = resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(url=IMAGE)))
    request = service_pb2.PostWorkflowResultsRequest(user_app_id=main_app, workflow_id=base, inputs=[image])
    results = stub.PostWorkflowResults(request, metadata=metadata)
    if results.status.code != status_code_pb2.SUCCESS:
        print("PostWorkflowResults failed:", results.status.description)
        return 1
    concepts = [c.name for output in results.results[0].outputs for c in output.data.concepts]
    if not concepts:
        print("the base workflow", base, "gave no concepts")
        return 1
    print(base, "tags:", ", ".join(concepts[:3]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
