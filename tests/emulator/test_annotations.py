"""Annotations: PatchAnnotations, region annotations and how annotation searches see them."""

import pytest
import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from tests.helpers import image

MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")


def concepts(*ids):
    return resources_pb2.Data(concepts=[resources_pb2.Concept(id=cid, value=1) for cid in ids])


def labelled(input_id, *concept_ids):
    item = image(input_id=input_id)
    item.data.concepts.extend(concepts(*concept_ids).concepts)
    return item


@pytest.fixture
def two(stub, pat, app_id):
    """Inputs a (labelled dog) and b (labelled cat), and their own annotations' ids."""
    inputs = [labelled("a", "dog"), labelled("b", "cat")]
    stub.PostInputs(service_pb2.PostInputsRequest(user_app_id=app_id, inputs=inputs), metadata=pat)
    listed = stub.ListAnnotations(service_pb2.ListAnnotationsRequest(user_app_id=app_id), metadata=pat)
    return {annotation.input_id: annotation.id for annotation in listed.annotations}


def patch(stub, pat, app_id, action, *annotations):
    request = service_pb2.PatchAnnotationsRequest(user_app_id=app_id, action=action, annotations=annotations)
    return stub.PatchAnnotations(request, metadata=pat)


def labels(stub, pat, app_id, input_id):
    got = stub.GetInput(service_pb2.GetInputRequest(user_app_id=app_id, input_id=input_id), metadata=pat)
    return [c.id for c in got.input.data.concepts]


def annotations_search(stub, pat, app_id, *concept_ids):
    filters = [
        resources_pb2.Filter(annotation=resources_pb2.Annotation(data=concepts(cid))) for cid in concept_ids
    ]
    search = resources_pb2.Search(query=resources_pb2.Query(filters=filters))
    request = service_pb2.PostAnnotationsSearchesRequest(user_app_id=app_id, searches=[search])
    return stub.PostAnnotationsSearches(request, metadata=pat)


def test_patch_merge_adds_concepts_to_the_annotation_and_searches_see_them(stub, pat, app_id, two):
    response = patch(
        stub,
        pat,
        app_id,
        "merge",
        resources_pb2.Annotation(id=two["a"], input_id="a", data=concepts("shared")),
        resources_pb2.Annotation(id=two["b"], input_id="b", data=concepts("shared")),
    )
    assert response.status.code == 10000
    assert [[c.id for c in a.data.concepts] for a in response.annotations] == [
        ["dog", "shared"],
        ["cat", "shared"],
    ]
    assert labels(stub, pat, app_id, "a") == ["dog", "shared"]
    hits = annotations_search(stub, pat, app_id, "shared").hits
    assert sorted(hit.input.id for hit in hits) == ["a", "b"] and {hit.score for hit in hits} == {1.0}


def test_patch_remove_and_overwrite_change_the_concepts(stub, pat, app_id, two):
    patch(stub, pat, app_id, "merge", resources_pb2.Annotation(id=two["a"], input_id="a", data=concepts("x")))
    patch(
        stub, pat, app_id, "remove", resources_pb2.Annotation(id=two["a"], input_id="a", data=concepts("dog"))
    )
    assert labels(stub, pat, app_id, "a") == ["x"]
    patch(stub, pat, app_id, "overwrite", resources_pb2.Annotation(id=two["a"], data=concepts("y", "z")))
    assert labels(stub, pat, app_id, "a") == ["y", "z"]


def test_patch_refuses_an_unknown_annotation_or_action_changing_nothing(stub, pat, app_id, two):
    good = resources_pb2.Annotation(id=two["a"], input_id="a", data=concepts("x"))
    wrong = resources_pb2.Annotation(id="0" * 32, input_id="b", data=concepts("x"))
    refused = patch(stub, pat, app_id, "merge", good, wrong).status
    assert (refused.code, refused.details) == (11101, f"Annotation '{'0' * 32}' not found.")
    assert labels(stub, pat, app_id, "a") == ["dog"]
    assert patch(stub, pat, app_id, "replace", good).status.code == 11102


def region(concept_id, top=0.0):
    box = resources_pb2.BoundingBox(top_row=top, left_col=0, bottom_row=top + 0.4, right_col=1)
    return resources_pb2.Region(
        region_info=resources_pb2.RegionInfo(bounding_box=box), data=concepts(concept_id)
    )


def post_regions(stub, pat, app_id, input_id, *regions):
    annotation = resources_pb2.Annotation(input_id=input_id, data=resources_pb2.Data(regions=regions))
    request = service_pb2.PostAnnotationsRequest(user_app_id=app_id, annotations=[annotation])
    return stub.PostAnnotations(request, metadata=pat)


def test_region_annotations_are_annotations_of_their_own(stub, pat, app_id, two):
    made = post_regions(stub, pat, app_id, "a", region("palm"))
    assert made.status.code == 10000
    [annotation] = made.annotations
    assert annotation.input_id == "a" and annotation.id not in two.values() and len(annotation.id) == 32
    assert annotation.data.regions[0].id and annotation.data.regions[
        0
    ].region_info.bounding_box.bottom_row == pytest.approx(0.4)
    post_regions(stub, pat, app_id, "a", region("water", 0.6))
    listed = stub.ListAnnotations(
        service_pb2.ListAnnotationsRequest(user_app_id=app_id, input_ids=["a"]), metadata=pat
    )
    assert len(listed.annotations) == 3 and listed.annotations[0].id == two["a"]
    assert "palm" in [
        c.id
        for c in stub.ListConcepts(service_pb2.ListConceptsRequest(user_app_id=app_id), metadata=pat).concepts
    ]


def test_annotation_search_matches_each_annotation_on_its_own_concepts(stub, pat, app_id, two):
    post_regions(stub, pat, app_id, "a", region("palm"))
    post_regions(stub, pat, app_id, "a", region("water", 0.6))
    [palm] = annotations_search(stub, pat, app_id, "palm").hits
    assert palm.input.id == "a" and palm.annotation.data.regions[0].data.concepts[0].id == "palm"
    assert len(annotations_search(stub, pat, app_id, "water").hits) == 1
    assert len(annotations_search(stub, pat, app_id, "palm", "water").hits) == 0
    assert len(annotations_search(stub, pat, app_id, "dog", "palm").hits) == 0
    # an input search matches an input on all its annotations' concepts
    filters = [
        resources_pb2.Filter(annotation=resources_pb2.Annotation(data=concepts(c))) for c in ("dog", "palm")
    ]
    search = resources_pb2.Search(query=resources_pb2.Query(filters=filters))
    found = stub.PostInputsSearches(
        service_pb2.PostInputsSearchesRequest(user_app_id=app_id, searches=[search]), metadata=pat
    )
    assert [hit.input.id for hit in found.hits] == ["a"]


def test_concept_search_finds_the_general_models_vocabulary_in_any_app(stub, pat, app_id):
    for name in ("palm", "water"):
        query = resources_pb2.ConceptQuery(name=name)
        request = service_pb2.PostConceptsSearchesRequest(user_app_id=app_id, concept_query=query)
        found = stub.PostConceptsSearches(request, metadata=pat).concepts
        assert [(c.name, c.app_id) for c in found][:1] == [(name, "main")]


def test_patch_annotations_over_rest(emulator, stub, pat, app_id, two):
    url = f"{emulator.rest_url}/v2/users/{app_id.user_id}/apps/{app_id.app_id}/annotations"
    body = {
        "action": "merge",
        "annotations": [{"id": two["b"], "input_id": "b", "data": {"concepts": [{"id": "fur", "value": 1}]}}],
    }
    answer = requests.patch(url, json=body, headers={"Authorization": "Key " + emulator.account.pat}).json()
    assert answer["status"]["code"] == 10000
    assert [c["id"] for c in answer["annotations"][0]["data"]["concepts"]] == ["cat", "fur"]
    assert labels(stub, pat, app_id, "b") == ["cat", "fur"]
