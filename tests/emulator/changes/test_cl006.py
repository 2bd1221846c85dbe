"""CL006 2020-02-03: `overwrite` kept an input's concepts before the date; replaces all data after."""

import pytest
import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from google.protobuf import struct_pb2

BEFORE, AFTER = "2020-02-02", "2020-02-03"


def labelled(input_id="photo"):
    metadata = struct_pb2.Struct()
    metadata.update({"source": "cookbook"})
    data = resources_pb2.Data(
        image=resources_pb2.Image(url="https://samples.clarifai.com/dog2.jpeg"),
        concepts=[resources_pb2.Concept(id="dog", value=1.0), resources_pb2.Concept(id="outdoor", value=1.0)],
        metadata=metadata,
        geo=resources_pb2.Geo(geo_point=resources_pb2.GeoPoint(latitude=40.7, longitude=-74.0)),
    )
    return resources_pb2.Input(id=input_id, data=data)


def setup_input(stub, pat, app_id):
    request = service_pb2.PostInputsRequest(user_app_id=app_id, inputs=[labelled()])
    assert stub.PostInputs(request, metadata=pat).status.code == 10000


def overwrite(stub, pat, app_id, day, data, input_id="photo"):
    request = service_pb2.PatchInputsRequest(
        user_app_id=app_id, action="overwrite", inputs=[resources_pb2.Input(id=input_id, data=data)]
    )
    return stub.PatchInputs(request, metadata=(*pat, ("x-clarifai-emulator-as-of", day)))


def reviewed():
    metadata = struct_pb2.Struct()
    metadata.update({"reviewed": True})
    return resources_pb2.Data(metadata=metadata)


def stored(stub, pat, app_id):
    request = service_pb2.GetInputRequest(user_app_id=app_id, input_id="photo")
    return stub.GetInput(request, metadata=pat).input.data


def test_before_the_date_overwrite_without_concepts_keeps_them(stub, pat, app_id):
    setup_input(stub, pat, app_id)
    response = overwrite(stub, pat, app_id, BEFORE, reviewed())
    assert response.status.code == 10000
    assert response.inputs[0].status.code == 30200
    data = stored(stub, pat, app_id)
    assert [c.id for c in data.concepts] == ["dog", "outdoor"]
    assert dict(data.metadata) == {"reviewed": True}  # the rest of data was replaced
    assert not data.HasField("geo")


def test_before_the_date_overwrite_with_concepts_replaces_them(stub, pat, app_id):
    setup_input(stub, pat, app_id)
    data = resources_pb2.Data(concepts=[resources_pb2.Concept(id="cat", value=1.0)])
    overwrite(stub, pat, app_id, BEFORE, data)
    assert [c.id for c in stored(stub, pat, app_id).concepts] == ["cat"]


def test_from_the_date_overwrite_replaces_the_whole_data(stub, pat, app_id):
    setup_input(stub, pat, app_id)
    assert overwrite(stub, pat, app_id, AFTER, reviewed()).status.code == 10000
    data = stored(stub, pat, app_id)
    assert list(data.concepts) == [] and not data.HasField("geo")
    assert dict(data.metadata) == {"reviewed": True}


def test_before_the_date_an_unknown_input_is_refused_and_nothing_changes(stub, pat, app_id):
    setup_input(stub, pat, app_id)
    request = service_pb2.PatchInputsRequest(
        user_app_id=app_id,
        action="overwrite",
        inputs=[
            resources_pb2.Input(id="photo", data=reviewed()),
            resources_pb2.Input(id="ghost", data=reviewed()),
        ],
    )
    answer = stub.PatchInputs(request, metadata=(*pat, ("x-clarifai-emulator-as-of", BEFORE)))
    assert answer.status.code == 11101
    data = stored(stub, pat, app_id)
    assert dict(data.metadata) == {"source": "cookbook"} and data.HasField("geo")


def test_merge_is_the_same_on_both_sides(stub, pat, app_id):
    setup_input(stub, pat, app_id)
    for day in (BEFORE, AFTER):
        request = service_pb2.PatchInputsRequest(
            user_app_id=app_id, action="merge", inputs=[resources_pb2.Input(id="photo", data=reviewed())]
        )
        assert (
            stub.PatchInputs(request, metadata=(*pat, ("x-clarifai-emulator-as-of", day))).status.code
            == 10000
        )
    data = stored(stub, pat, app_id)
    assert [c.id for c in data.concepts] == ["dog", "outdoor"] and data.HasField("geo")
    assert dict(data.metadata) == {"source": "cookbook", "reviewed": True}


def rest_overwrite(emulator, day, data):
    """What 2.x's `update(image, action="overwrite")` sends: PATCH /v2/inputs with concepts and metadata."""
    headers = {"Authorization": "Key " + emulator.account.api_key, "X-Clarifai-Emulator-As-Of": day}
    body = {"action": "overwrite", "inputs": [{"id": "photo", "data": data}]}
    return requests.patch(f"{emulator.rest_url}/v2/inputs", json=body, headers=headers).json()


@pytest.mark.parametrize("day", [BEFORE, AFTER])
def test_on_both_sides_of_the_date_overwrite_keeps_the_image(emulator, stub, pat, app_id, day):
    setup_input(stub, pat, app_id)
    answer = rest_overwrite(emulator, day, {"concepts": [{"id": "cat", "value": 1}], "metadata": {"k": "v"}})
    assert answer["inputs"][0]["data"]["image"]["url"] == "https://samples.clarifai.com/dog2.jpeg"
    data = stored(stub, pat, app_id)
    assert data.image.url == "https://samples.clarifai.com/dog2.jpeg"
    assert [c.id for c in data.concepts] == ["cat"]
    assert not data.HasField("geo")  # the rest of data is replaced


@pytest.mark.parametrize("day, labels", [(BEFORE, ["dog", "outdoor"]), (AFTER, [])])
def test_the_2x_metadata_only_overwrite_keeps_the_labels_only_before_the_date(
    emulator, stub, pat, app_id, day, labels
):
    """The request of `app.inputs.update(Image(image_id=..., metadata=...), action="overwrite")`."""
    setup_input(stub, pat, app_id)
    answer = rest_overwrite(emulator, day, {"metadata": {"source": "cookbook", "reviewed": True}})
    assert answer["status"]["code"] == 10000
    headers = {"Authorization": "Key " + emulator.account.api_key, "X-Clarifai-Emulator-As-Of": day}
    shown = requests.get(f"{emulator.rest_url}/v2/inputs/photo", headers=headers).json()["input"]["data"]
    assert sorted(c["id"] for c in shown.get("concepts", [])) == labels
    assert shown["metadata"] == {"source": "cookbook", "reviewed": True}
