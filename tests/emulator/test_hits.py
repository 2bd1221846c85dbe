"""A search hit shows its input as every read does (`inputs.render` keeps the rendered input by
its bytes, host and status): after writes, for inputs holding a map, and as the status moves."""

from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2
from google.protobuf.struct_pb2 import Struct

from emulator.inputs import holds_map

SAMPLE = "https://samples.clarifai.com/cookbook/hits/{name}.jpg"


def url_input(name: str, metadata: dict | None = None) -> resources_pb2.Input:
    image = resources_pb2.Image(url=SAMPLE.format(name=name), allow_duplicate_url=True)
    data = resources_pb2.Data(image=image, concepts=[resources_pb2.Concept(id="c", value=1)])
    if metadata is not None:
        data.metadata.update(metadata)
    return resources_pb2.Input(id=name, data=data)


def hits(stub, pat, app_id) -> dict[str, resources_pb2.Input]:
    search = resources_pb2.Search(query=resources_pb2.Query())
    request = service_pb2.PostInputsSearchesRequest(
        user_app_id=app_id, searches=[search], pagination=service_pb2.Pagination(per_page=100)
    )
    response = stub.PostInputsSearches(request, metadata=pat)
    assert response.status.code == status_code_pb2.SUCCESS
    return {hit.input.id: hit.input for hit in response.hits}


def listed(stub, pat, app_id) -> dict[str, resources_pb2.Input]:
    response = stub.ListInputs(service_pb2.ListInputsRequest(user_app_id=app_id, per_page=100), metadata=pat)
    return {item.id: item for item in response.inputs}


def patch(stub, pat, app_id, item: resources_pb2.Input) -> None:
    request = service_pb2.PatchInputsRequest(user_app_id=app_id, inputs=[item], action="merge")
    assert stub.PatchInputs(request, metadata=pat).status.code == status_code_pb2.SUCCESS


def test_hits_show_inputs_as_list_inputs_does_across_repeats_and_writes(stub, pat, app_id):
    inputs = [url_input("plain"), url_input("other"), url_input("mapped", {"kind": "x", "n": {"m": 1}})]
    stub.PostInputs(service_pb2.PostInputsRequest(user_app_id=app_id, inputs=inputs), metadata=pat)
    for _ in range(3):  # every download done: statuses stay as they are from now on
        listed(stub, pat, app_id)
    for _ in range(2):  # the second time, from what the first kept
        assert hits(stub, pat, app_id) == listed(stub, pat, app_id)
    patch(stub, pat, app_id, url_input("plain", {"added": True}))
    other = url_input("other")
    other.data.concepts[0].value = 0
    patch(stub, pat, app_id, other)
    patch(stub, pat, app_id, url_input("mapped", {"kind": "y"}))
    for _ in range(2):
        shown = hits(stub, pat, app_id)
        assert shown == listed(stub, pat, app_id)
    assert shown["plain"].data.metadata["added"] is True
    assert shown["other"].data.concepts[0].value == 0
    assert shown["mapped"].data.metadata["kind"] == "y"


def test_a_hit_shows_the_status_its_input_has_at_each_search(stub, pat, app_id):
    stub.PostInputs(
        service_pb2.PostInputsRequest(user_app_id=app_id, inputs=[url_input("late")]), metadata=pat
    )
    codes = [hits(stub, pat, app_id)["late"].status.code for _ in range(3)]
    assert codes == [
        status_code_pb2.INPUT_IN_PROGRESS,
        status_code_pb2.INPUT_SUCCESS,
        status_code_pb2.INPUT_SUCCESS,
    ]


def test_holds_map_finds_a_struct_with_entries_at_any_depth():
    assert not holds_map(url_input("plain"))
    assert not holds_map(url_input("empty", {}))
    assert holds_map(url_input("mapped", {"kind": "x"}))
    region = resources_pb2.Region(
        data=resources_pb2.Data(metadata=Struct(fields={"k": {"string_value": "v"}}))
    )
    assert holds_map(resources_pb2.Input(data=resources_pb2.Data(regions=[region])))
