"""The REST door: routes from the descriptors, JSON in the client's form, statuses always."""

import requests
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import service_pb2, service_pb2_grpc

from emulator.descriptors import rpcs
from emulator.rest_door import routes
from tests.helpers import image


def headers(emulator, key="pat"):
    return {"Authorization": "Key " + getattr(emulator.account, key)}


def test_every_binding_of_every_unary_rpc_is_routed():
    routed = sum(len(found) for found in routes().values())
    assert routed == sum(len(r.bindings) for r in rpcs().values() if not r.streaming)


def test_literal_paths_win_over_variables(emulator):
    reply = requests.get(emulator.rest_url + "/v2/inputs/status", headers=headers(emulator, "api_key"))
    assert reply.status_code == 200
    assert "counts" in reply.json()


def test_json_uses_proto_names_and_integer_enums(emulator):
    url = emulator.rest_url + f"/v2/users/{emulator.account.user_id}/apps/{emulator.account.app_id}/inputs"
    body = {"inputs": [{"id": "r1", "data": {"image": {"url": "https://samples.clarifai.com/dog2.jpeg"}}}]}
    answer = requests.post(url, json=body, headers=headers(emulator)).json()
    assert answer["status"]["code"] == 10000
    assert answer["inputs"][0]["status"] == {"code": 30001, "description": "Download pending"}
    assert "created_at" in answer["inputs"][0]


def test_path_and_query_fill_the_request(emulator, stub, pat, app_id):
    stub.PostInputs(
        service_pb2.PostInputsRequest(user_app_id=app_id, inputs=[image(input_id="q1")]), metadata=pat
    )
    stub.PostInputs(
        service_pb2.PostInputsRequest(user_app_id=app_id, inputs=[image(input_id="q2")]), metadata=pat
    )
    one = requests.get(emulator.rest_url + "/v2/inputs/q1", headers=headers(emulator, "api_key")).json()
    assert one["input"]["id"] == "q1"
    page = requests.get(
        emulator.rest_url + "/v2/inputs?per_page=1&page=2", headers=headers(emulator, "api_key")
    )
    assert [i["id"] for i in page.json()["inputs"]] == ["q1"]


def test_bad_json_is_a_bad_request_format_status(emulator):
    reply = requests.post(emulator.rest_url + "/v2/inputs", data="{", headers=headers(emulator, "api_key"))
    assert reply.status_code == 400
    assert reply.json()["status"]["code"] == 11100
    assert "PostInputsRequest" in reply.json()["status"]["details"]


def test_wrong_types_are_a_bad_request_format_status(emulator):
    body = {"inputs": "not a list"}
    reply = requests.post(emulator.rest_url + "/v2/inputs", json=body, headers=headers(emulator, "api_key"))
    assert reply.json()["status"]["code"] == 11100


def test_unknown_paths_answer_a_json_status(emulator):
    reply = requests.get(emulator.rest_url + "/v2/nowhere", headers=headers(emulator))
    assert reply.status_code == 404
    assert reply.json()["status"]["code"] == 11101
    assert "/v2/nowhere" in reply.json()["status"]["details"]


def test_an_invalid_key_is_401_with_the_documented_text(emulator):
    reply = requests.get(emulator.rest_url + "/v2/inputs", headers={"Authorization": "Key SOME_INVALID_KEY"})
    assert reply.status_code == 401
    assert reply.json()["status"]["description"] == "Invalid API key or Invalid API key/application pair"


def test_the_official_json_channel_works_unchanged(emulator):
    stub = service_pb2_grpc.V2Stub(ClarifaiChannel.get_json_channel(base_url=emulator.rest_url))
    key = (("authorization", "Key " + emulator.account.api_key),)
    added = stub.PostInputs(service_pb2.PostInputsRequest(inputs=[image(input_id="j1")]), metadata=key)
    assert added.status.code == 10000
    fetched = stub.GetInput(service_pb2.GetInputRequest(input_id="j1"), metadata=key)
    assert fetched.input.data.image.url == "https://samples.clarifai.com/metro-north.jpg"
    # leave clarifai-grpc's module global as gRPC stubs expect it
    ClarifaiChannel.get_insecure_grpc_channel(base="127.0.0.1", port=emulator.grpc_port)


def test_fields_marked_show_if_empty_are_printed_when_zero(emulator):
    """A negative label (`value: 0`) must reach a JSON client as 0, not be left out: clarifai-grpc's
    JSON channel fills an absent Concept.value with its `cl_default_float`, 1.0."""
    url = emulator.rest_url + "/v2/inputs"
    concepts = [{"id": "yes", "value": 1}, {"id": "no", "value": 0}]
    body = {
        "inputs": [
            {
                "id": "neg",
                "data": {"image": {"url": "https://samples.clarifai.com/dog2.jpeg"}, "concepts": concepts},
            }
        ]
    }
    requests.post(url, json=body, headers=headers(emulator, "api_key"))
    shown = requests.get(url + "/neg", headers=headers(emulator, "api_key")).json()["input"]["data"][
        "concepts"
    ]
    assert [(c["id"], c["value"]) for c in shown] == [("yes", 1.0), ("no", 0.0)]
    channel = ClarifaiChannel.get_json_channel(base_url=emulator.rest_url)
    request = service_pb2.GetInputRequest(input_id="neg")
    got = service_pb2_grpc.V2Stub(channel).GetInput(
        request, metadata=tuple(headers(emulator, "api_key").items())
    )
    assert [c.value for c in got.input.data.concepts] == [1.0, 0.0]


def test_an_empty_list_is_printed_as_an_empty_list(emulator):
    reply = requests.get(emulator.rest_url + "/v2/inputs", headers=headers(emulator, "api_key")).json()
    assert reply["inputs"] == []  # MultiInputResponse.inputs is marked cl_show_if_empty
