"""An old JSON-channel program (2021): tag an image with the general model using an app API key.

It names the general model by its old id, sends no user_app_id (the key's own app), and
swallows any failure: it only notices that no concepts came back, without saying why.

First breaking change: CL019 (2023-03-30), PATs needed for clarifai/main.
"""

import os
import sys

from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc
from clarifai_grpc.grpc.api.status import status_code_pb2

GENERAL_MODEL = "aaa03c23b3724a16a56b629203edc62c"
IMAGE = "https://samples.clarifai.com/metro-north.jpg"


def concepts(stub, metadata):
    """The general model's concepts for IMAGE, or [] when anything went wrong."""
    request = service_pb2.PostModelOutputsRequest(
        model_id=GENERAL_MODEL,
        inputs=[resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(url=IMAGE)))],
    )
    response = stub.PostModelOutputs(request, metadata=metadata)
    if response.status.code != status_code_pb2.SUCCESS:
        return []
    return list(response.outputs[0].data.concepts)


def main():
    stub = service_pb2_grpc.V2Stub(ClarifaiChannel.get_json_channel())  # CLARIFAI_API_BASE
    metadata = (("authorization", "Key " + os.environ["CLARIFAI_API_KEY"]),)
    found = concepts(stub, metadata)
    for concept in found[:3]:
        print(f"{concept.name}: {concept.value:.2f}")
    if not found:
        print("no concepts")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
