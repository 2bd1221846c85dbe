"""CL021 2023-08-15: before the date inputs were uploaded as public S3 files (downloaded with no
credential, refusing one); from it they are hosted behind Secure Data Hosting and need the
token; an input added before keeps its public S3 URL after the date."""

import pytest
import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from google.protobuf import json_format

from emulator.hosted import S3_BUCKET
from tests.emulator.test_hosted import by_bytes, jpeg

BEFORE, AFTER = "2023-08-14", "2023-08-15"


@pytest.fixture(params=["grpc", "rest"])
def door(request, emulator, stub, pat, app_id):
    """Add and get inputs on one door, as of a day: gRPC, or REST by hand with JSON."""
    return Door(request.param, emulator, stub, pat, app_id)


class Door:
    def __init__(self, name, emulator, stub, pat, app_id):
        self.name, self.stub, self.pat, self.app_id = name, stub, pat, app_id
        self.base = f"{emulator.rest_url}/v2/users/{app_id.user_id}/apps/{app_id.app_id}"

    def _rest(self, method, path, as_of, body=None):
        headers = {"Authorization": dict(self.pat)["authorization"], "X-Clarifai-Emulator-As-Of": as_of}
        return requests.request(method, self.base + path, json=body, headers=headers, timeout=30).json()

    def add(self, input_id, as_of):
        """Add an image of its own bytes; its `hosted` as the answer shows it."""
        image = by_bytes(input_id, bytes_of(input_id))
        if self.name == "rest":
            body = {"inputs": [json_format.MessageToDict(image)]}
            answer = self._rest("POST", "/inputs", as_of, body)
            assert answer["status"]["code"] == 10000
            return json_format.ParseDict(
                answer["inputs"][0]["data"]["image"]["hosted"], resources_pb2.HostedURL()
            )
        request = service_pb2.PostInputsRequest(user_app_id=self.app_id, inputs=[image])
        response = self.stub.PostInputs(request, metadata=day(self.pat, as_of))
        assert response.status.code == 10000
        return response.inputs[0].data.image.hosted

    def listed(self, as_of):
        """Input id -> hosted prefix, as ListInputs answers."""
        if self.name == "rest":
            inputs = self._rest("GET", "/inputs", as_of)["inputs"]
            return {i["id"]: i["data"]["image"]["hosted"]["prefix"] for i in inputs}
        request = service_pb2.ListInputsRequest(user_app_id=self.app_id)
        return {
            i.id: i.data.image.hosted.prefix
            for i in self.stub.ListInputs(request, metadata=day(self.pat, as_of)).inputs
        }

    def shown(self, input_id, as_of):
        if self.name == "rest":
            hosted = self._rest("GET", f"/inputs/{input_id}", as_of)["input"]["data"]["image"]["hosted"]
            return json_format.ParseDict(hosted, resources_pb2.HostedURL())
        request = service_pb2.GetInputRequest(user_app_id=self.app_id, input_id=input_id)
        return self.stub.GetInput(request, metadata=day(self.pat, as_of)).input.data.image.hosted


def bytes_of(input_id):
    """Each input its own JPEG, so that each has its own hosted name."""
    return jpeg(width=600 + sum(map(ord, input_id)) % 97)


def day(metadata, as_of):
    return (*metadata, ("x-clarifai-emulator-as-of", as_of))


def url(hosted, size="orig"):
    return f"{hosted.prefix}/{size}/{hosted.suffix}"


def test_before_the_date_an_upload_is_a_public_s3_file(emulator, door, pat, app_id):
    hosted = door.add("old", BEFORE)
    assert hosted.prefix == emulator.rest_url + S3_BUCKET
    app_part, asset = hosted.suffix.split("/")
    assert len(app_part) == len(asset) == 32 and list(hosted.sizes) == ["orig", "tiny", "small", "large"]
    answer = requests.get(url(hosted), timeout=10)
    assert answer.status_code == 200 and answer.content == bytes_of("old")


def test_an_s3_url_refuses_a_token(door, pat, app_id):
    hosted = door.add("old", BEFORE)
    answer = requests.get(url(hosted), headers={"Authorization": dict(pat)["authorization"]}, timeout=10)
    assert answer.status_code == 400
    assert "<Code>InvalidArgument</Code><Message>Unsupported Authorization Type</Message>" in answer.text
    assert dict(pat)["authorization"].split()[1] not in answer.text  # the credential is never echoed


def test_from_the_date_an_upload_is_behind_sdh_and_needs_the_token(emulator, door, pat, app_id):
    hosted = door.add("new", AFTER)
    assert hosted.prefix == emulator.rest_url
    assert hosted.suffix.startswith(f"users/{app_id.user_id}/apps/{app_id.app_id}/inputs/image/")
    assert requests.get(url(hosted), timeout=10).status_code == 404
    answer = requests.get(
        url(hosted, "small"), headers={"Authorization": dict(pat)["authorization"]}, timeout=10
    )
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "image/jpeg"


def test_an_input_added_before_keeps_its_public_s3_url_after_the_date(emulator, door, pat, app_id):
    before = door.add("old", BEFORE)
    door.add("new", AFTER)
    assert door.shown("old", AFTER) == before
    assert door.listed(AFTER) == {"old": emulator.rest_url + S3_BUCKET, "new": emulator.rest_url}
    assert requests.get(url(before), timeout=10).status_code == 200


def test_the_bucket_serves_only_its_public_files(emulator, door, pat, app_id):
    new = door.add("new", AFTER)
    app_part = door.add("old", BEFORE).suffix.split("/")[0]
    private = f"{emulator.rest_url}{S3_BUCKET}/orig/{app_part}/{new.suffix.rsplit('/', 1)[1]}"
    answer = requests.get(private, timeout=10)
    assert answer.status_code == 403 and "<Code>AccessDenied</Code>" in answer.text
    assert (
        requests.get(f"{emulator.rest_url}{S3_BUCKET}/orig/{'0' * 32}/{'1' * 32}", timeout=10).status_code
        == 403
    )
