"""The one implementation of merge / remove / overwrite, as every Patch RPC applies it."""

import pytest
from clarifai_grpc.grpc.api import resources_pb2

from emulator import patching
from emulator.statuses import ApiError


def _data(*concept_ids: str, **metadata) -> resources_pb2.Data:
    data = resources_pb2.Data(concepts=[resources_pb2.Concept(id=c, value=1.0) for c in concept_ids])
    data.metadata.update(metadata)
    return data


def test_merge_replaces_keyed_entries_by_id_and_adds_new_ones():
    data = _data("dog", "cat", colour="red", size=1)
    patch = _data("cat", "bird", colour="blue")
    patch.concepts[0].value = 0.0
    patching.apply("merge", data, patch, keyed=("concepts",))
    assert [(c.id, c.value) for c in data.concepts] == [("dog", 1.0), ("cat", 0.0), ("bird", 1.0)]
    assert dict(data.metadata) == {"colour": "blue", "size": 1}


def test_merge_adds_only_new_string_list_entries():
    model = resources_pb2.Model(id="pets", toolkits=["a", "b"], notes="old")
    patching.apply("merge", model, resources_pb2.Model(toolkits=["b", "c", "c"], notes="new"))
    assert list(model.toolkits) == ["a", "b", "c"] and model.notes == "new"


def test_remove_takes_out_what_the_patch_names():
    data = _data("dog", "cat", colour="red", size=1)
    patching.apply("remove", data, _data("dog", colour="any"), keyed=("concepts",))
    assert [c.id for c in data.concepts] == ["cat"] and dict(data.metadata) == {"size": 1}
    model = resources_pb2.Model(id="pets", toolkits=["a", "b"])
    patching.apply("remove", model, resources_pb2.Model(toolkits=["a"]))
    assert list(model.toolkits) == ["b"]


def test_overwrite_replaces_everything_but_the_fixed_fields():
    model = resources_pb2.Model(id="pets", description="old", notes="old", toolkits=["a"])
    patching.apply("overwrite", model, resources_pb2.Model(description="only"), fixed=("id",))
    assert model == resources_pb2.Model(id="pets", description="only")


@pytest.mark.parametrize(
    ("given", "default", "expected"), [("", "merge", "merge"), ("remove", "merge", "remove")]
)
def test_an_empty_action_takes_the_default(given, default, expected):
    assert patching.check_action(given, default) == expected


@pytest.mark.parametrize("given", ["", "replace"])
def test_an_unknown_action_is_refused(given):
    with pytest.raises(ApiError):
        patching.check_action(given, default="")
