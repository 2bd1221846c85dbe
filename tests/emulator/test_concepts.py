"""Concepts of an app (posted, or from inputs' labels), concept searches, and image-level annotations."""

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from tests.helpers import image

MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")


def post(stub, pat, app_id, *pairs):
    concepts = [resources_pb2.Concept(id=cid, name=name) for cid, name in pairs]
    return stub.PostConcepts(
        service_pb2.PostConceptsRequest(user_app_id=app_id, concepts=concepts), metadata=pat
    )


def get(stub, pat, app_id, concept_id):
    return stub.GetConcept(
        service_pb2.GetConceptRequest(user_app_id=app_id, concept_id=concept_id), metadata=pat
    )


def listed(stub, pat, app_id, **fields):
    return stub.ListConcepts(service_pb2.ListConceptsRequest(user_app_id=app_id, **fields), metadata=pat)


def patch(stub, pat, app_id, action, *pairs):
    concepts = [resources_pb2.Concept(id=cid, name=name) for cid, name in pairs]
    request = service_pb2.PatchConceptsRequest(user_app_id=app_id, action=action, concepts=concepts)
    return stub.PatchConcepts(request, metadata=pat)


def labelled(concept_ids, input_id, url="https://samples.clarifai.com/metro-north.jpg"):
    item = image(url, input_id)
    for concept_id in concept_ids:
        item.data.concepts.add(id=concept_id, value=1)
    return item


def test_post_get_and_list_concepts(stub, pat, app_id):
    made = post(stub, pat, app_id, ("charlie", "Charlie Name"), ("bosco", ""))
    assert made.status.code == 10000
    assert [(c.id, c.name) for c in made.concepts] == [("charlie", "Charlie Name"), ("bosco", "bosco")]
    concept = get(stub, pat, app_id, "charlie").concept
    assert (concept.name, concept.value, concept.language, concept.app_id) == (
        "Charlie Name",
        1.0,
        "en",
        app_id.app_id,
    )
    assert concept.created_at.seconds > 0
    assert [c.id for c in listed(stub, pat, app_id).concepts] == ["charlie", "bosco"]
    assert [c.id for c in listed(stub, pat, app_id, id="bosco").concepts] == ["bosco"]


def test_a_duplicate_concept_is_40003_invalid_request_and_nothing_is_made(stub, pat, app_id):
    post(stub, pat, app_id, ("charlie", "Charlie"))
    refused = post(stub, pat, app_id, ("fresh", ""), ("charlie", "")).status
    assert (refused.code, refused.description) == (40003, "Invalid request")
    assert "duplicate" in refused.details.lower()
    assert get(stub, pat, app_id, "fresh").status.code == 11101


def test_patch_concepts_overwrites_names_only_with_overwrite(stub, pat, app_id):
    post(stub, pat, app_id, ("charlie", "Charlie"))
    renamed = patch(stub, pat, app_id, "overwrite", ("charlie", "some new concept name"))
    assert renamed.concepts[0].name == "some new concept name"
    assert get(stub, pat, app_id, "charlie").concept.name == "some new concept name"
    assert patch(stub, pat, app_id, "merge", ("charlie", "x")).status.code == 11102


def test_patching_a_concept_the_app_lacks_is_resource_does_not_exist(stub, pat, app_id):
    refused = patch(stub, pat, app_id, "overwrite", ("ai_98Xb0K3q", "this new name won't be applied")).status
    assert (refused.code, refused.description) == (11101, "Resource does not exist")


def test_inputs_labels_become_concepts_of_the_app_named_by_their_id(stub, pat, app_id):
    post(stub, pat, app_id, ("dog", "Dog"))
    request = service_pb2.PostInputsRequest(user_app_id=app_id, inputs=[labelled(["dog", "puppy"], "pet")])
    added = stub.PostInputs(request, metadata=pat)
    assert [(c.id, c.name) for c in added.inputs[0].data.concepts] == [("dog", "Dog"), ("puppy", "puppy")]
    assert [c.id for c in listed(stub, pat, app_id).concepts] == ["dog", "puppy"]
    merge = resources_pb2.Input(
        id="pet", data=resources_pb2.Data(concepts=[resources_pb2.Concept(id="kitten")])
    )
    patched = stub.PatchInputs(
        service_pb2.PatchInputsRequest(user_app_id=app_id, action="merge", inputs=[merge]), metadata=pat
    )
    assert patched.inputs[0].data.concepts[-1].name == "kitten"
    assert "kitten" in [c.id for c in listed(stub, pat, app_id).concepts]


def test_concept_searches_match_name_prefixes_in_the_app_then_clarifai_main(stub, pat, app_id):
    post(stub, pat, app_id, ("rail-fan", "railway enthusiast"))
    query = resources_pb2.ConceptQuery(name="railway")
    request = service_pb2.PostConceptsSearchesRequest(user_app_id=app_id, concept_query=query)
    found = stub.PostConceptsSearches(request, metadata=pat)
    assert [c.id for c in found.concepts] == ["rail-fan", "ai_fvlBqXZR"]
    wildcard = resources_pb2.ConceptQuery(name="*station")
    request = service_pb2.PostConceptsSearchesRequest(user_app_id=app_id, concept_query=wildcard)
    assert {c.name for c in stub.PostConceptsSearches(request, metadata=pat).concepts} == {
        "station",
        "train station",
    }


def test_clarifai_main_lists_its_public_models_concepts(stub, pat):
    concept = get(stub, pat, MAIN, "ai_8S2Vq3cR").concept
    assert (concept.name, concept.app_id) == ("dog", "main")
    assert len(listed(stub, pat, MAIN, per_page=1000).concepts) > 20


def test_list_annotations_shows_inputs_labels_as_input_level_annotations(stub, pat, app_id):
    inputs = [labelled(["dog"], "a"), image("https://samples.clarifai.com/dog2.jpeg", "b")]
    stub.PostInputs(service_pb2.PostInputsRequest(user_app_id=app_id, inputs=inputs), metadata=pat)
    response = stub.ListAnnotations(service_pb2.ListAnnotationsRequest(user_app_id=app_id), metadata=pat)
    assert response.status.code == 10000
    [annotation] = response.annotations
    assert (annotation.input_id, annotation.input_level, len(annotation.id)) == ("a", True, 32)
    assert [c.id for c in annotation.data.concepts] == ["dog"]
    assert (annotation.status.code, annotation.status.description) == (24150, "Annotation success")


def test_post_annotations_labels_an_input_and_its_concepts_join_the_app(stub, pat, app_id):
    stub.PostInputs(
        service_pb2.PostInputsRequest(user_app_id=app_id, inputs=[image(input_id="a")]), metadata=pat
    )
    annotation = resources_pb2.Annotation(
        input_id="a", data=resources_pb2.Data(concepts=[resources_pb2.Concept(id="train", value=1)])
    )
    request = service_pb2.PostAnnotationsRequest(user_app_id=app_id, annotations=[annotation])
    response = stub.PostAnnotations(request, metadata=pat)
    assert response.status.code == 10000
    assert [c.id for c in response.annotations[0].data.concepts] == ["train"]
    got = stub.GetInput(service_pb2.GetInputRequest(user_app_id=app_id, input_id="a"), metadata=pat)
    assert [(c.id, c.name) for c in got.input.data.concepts] == [("train", "train")]
    assert "train" in [c.id for c in listed(stub, pat, app_id).concepts]


def test_post_annotations_refuses_masks_and_missing_inputs_changing_nothing(stub, pat, app_id):
    stub.PostInputs(
        service_pb2.PostInputsRequest(user_app_id=app_id, inputs=[image(input_id="a")]), metadata=pat
    )
    mask = resources_pb2.RegionInfo(mask=resources_pb2.Mask(image=resources_pb2.Image(url="x")))
    region = resources_pb2.Annotation(
        input_id="a", data=resources_pb2.Data(regions=[resources_pb2.Region(id="r", region_info=mask)])
    )
    refused = stub.PostAnnotations(
        service_pb2.PostAnnotationsRequest(user_app_id=app_id, annotations=[region]), metadata=pat
    ).status
    assert (refused.code, "[0].data.regions[0].region_info.mask" in refused.details) == (24155, True)
    good = resources_pb2.Annotation(
        input_id="a", data=resources_pb2.Data(concepts=[resources_pb2.Concept(id="x")])
    )
    missing = resources_pb2.Annotation(input_id="nope", data=good.data)
    both = service_pb2.PostAnnotationsRequest(user_app_id=app_id, annotations=[good, missing])
    assert stub.PostAnnotations(both, metadata=pat).status.code == 11101
    got = stub.GetInput(service_pb2.GetInputRequest(user_app_id=app_id, input_id="a"), metadata=pat)
    assert list(got.input.data.concepts) == []
