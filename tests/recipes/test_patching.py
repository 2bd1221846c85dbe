"""CL006 recipes: merge and remove change part of an input's data and keep the rest."""

import pytest
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from google.protobuf import struct_pb2

from recipes import ClarifaiStatusError, add_inputs
from recipes.patching import patch_inputs, patch_inputs_merge, patch_inputs_remove
from tests.helpers import images


def metadata(**values) -> struct_pb2.Struct:
    found = struct_pb2.Struct()
    found.update(values)
    return found


def labelled(input_id: str = "photo") -> resources_pb2.Input:
    data = resources_pb2.Data(
        image=resources_pb2.Image(url="https://samples.clarifai.com/dog2.jpeg"),
        concepts=[resources_pb2.Concept(id="dog", value=1.0), resources_pb2.Concept(id="outdoor", value=1.0)],
        metadata=metadata(source="cookbook", camera="x100"),
        geo=resources_pb2.Geo(geo_point=resources_pb2.GeoPoint(latitude=40.7, longitude=-74.0)),
    )
    return resources_pb2.Input(id=input_id, data=data)


def data_of(session, input_id: str = "photo") -> resources_pb2.Data:
    request = service_pb2.GetInputRequest(user_app_id=session.user_app_id, input_id=input_id)
    return session.stub.GetInput(request, metadata=session.metadata).input.data


def test_merge_adds_and_updates_and_keeps_the_rest(session):
    add_inputs(session, [labelled()])
    patched = patch_inputs_merge(
        session,
        "photo",
        resources_pb2.Data(
            concepts=[
                resources_pb2.Concept(id="leash", value=1.0),
                resources_pb2.Concept(id="dog", value=0.0),
            ],
            metadata=metadata(reviewed=True, camera="x200"),
        ),
    )
    assert patched.status.code == 30200
    data = data_of(session)
    assert {c.id: c.value for c in data.concepts} == {"dog": 0.0, "outdoor": 1.0, "leash": 1.0}
    assert dict(data.metadata) == {"source": "cookbook", "camera": "x200", "reviewed": True}
    assert round(data.geo.geo_point.latitude, 1) == 40.7
    assert data.image.url == "https://samples.clarifai.com/dog2.jpeg"


def test_remove_deletes_only_what_it_names(session):
    add_inputs(session, [labelled()])
    patch_inputs_remove(
        session,
        "photo",
        resources_pb2.Data(concepts=[resources_pb2.Concept(id="outdoor")], metadata=metadata(camera="")),
    )
    data = data_of(session)
    assert [c.id for c in data.concepts] == ["dog"]
    assert dict(data.metadata) == {"source": "cookbook"}
    assert data.HasField("geo")


def test_patch_inputs_batches_of_128(session):
    ids = add_inputs(session, images(300))
    patches = {
        input_id: resources_pb2.Data(metadata=metadata(batch=n // 128)) for n, input_id in enumerate(ids)
    }
    patched = patch_inputs(session, "merge", patches)
    assert [i.id for i in patched] == ids
    assert session.calls["PatchInputs"] == 3
    assert dict(data_of(session, ids[-1]).metadata) == {"batch": 2.0}


def test_overwrite_is_not_offered():
    with pytest.raises(ValueError, match="overwrite replaces all the data"):
        patch_inputs(None, "overwrite", {})


def test_an_unknown_input_raises_with_the_status_name_and_changes_nothing(session):
    add_inputs(session, [labelled()])
    with pytest.raises(ClarifaiStatusError, match="CONN_DOES_NOT_EXIST"):
        patch_inputs(
            session,
            "merge",
            {
                "photo": resources_pb2.Data(metadata=metadata(x=1)),
                "ghost": resources_pb2.Data(metadata=metadata(x=1)),
            },
        )
    assert "x" not in dict(data_of(session).metadata)
