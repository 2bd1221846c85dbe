"""An old gRPC program (2020): add three images, then empty the app with `delete_all`.

`delete_all` was field 3 of DeleteInputsRequest before clarifai-grpc 8.0.0. Today's protos
lack it, so the request carries it as raw bytes, exactly as an old client put it on the wire.
It uses the production TLS channel, authenticates with an app API key and names no app
(the key implies it).

First breaking change: CL012 (2021-02-12), delete_all removed from DELETE /inputs.
"""

import os
import sys

from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc
from clarifai_grpc.grpc.api.status import status_code_pb2

DELETE_ALL = b"\x18\x01"  # field 3 (delete_all), varint, true
IMAGES = ["metro-north", "dog", "wedding"]


def main():
    stub = service_pb2_grpc.V2Stub(ClarifaiChannel.get_grpc_channel())  # TLS to CLARIFAI_GRPC_BASE
    metadata = (("authorization", "Key " + os.environ["CLARIFAI_API_KEY"]),)

    inputs = [
        resources_pb2.Input(
            data=resources_pb2.Data(image=resources_pb2.Image(url=f"https://samples.clarifai.com/{name}.jpg"))
        )
        for name in IMAGES
    ]
    response = stub.PostInputs(service_pb2.PostInputsRequest(inputs=inputs), metadata=metadata)
    if response.status.code != status_code_pb2.SUCCESS:
        print("PostInputs failed:", response.status.description)
        return 1

    request = service_pb2.DeleteInputsRequest()
    request.MergeFromString(DELETE_ALL)
    response = stub.DeleteInputs(request, metadata=metadata)
    if response.status.code != status_code_pb2.SUCCESS:
        print("delete_all failed:", response.status.description)
        return 1
    print("all inputs deleted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
