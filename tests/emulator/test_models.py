"""Models and model versions today: PostModels makes no version, PostModelVersions trains."""

import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from google.protobuf import struct_pb2

from tests.helpers import image

CLASSIFIER = "embedding-classifier"


def concepts(*ids):
    return resources_pb2.OutputInfo(
        data=resources_pb2.Data(concepts=[resources_pb2.Concept(id=i) for i in ids])
    )


def post_model(stub, pat, app_id, model_id="pets", model_type_id=CLASSIFIER, **fields):
    model = resources_pb2.Model(id=model_id, model_type_id=model_type_id, **fields)
    request = service_pb2.PostModelsRequest(user_app_id=app_id, models=[model])
    return stub.PostModels(request, metadata=pat)


def get_model(stub, pat, app_id, model_id="pets", version_id=""):
    request = service_pb2.GetModelRequest(user_app_id=app_id, model_id=model_id, version_id=version_id)
    return stub.GetModel(request, metadata=pat)


def post_version(stub, pat, app_id, model_id="pets", **fields):
    request = service_pb2.PostModelVersionsRequest(
        user_app_id=app_id, model_id=model_id, model_versions=[resources_pb2.ModelVersion(**fields)]
    )
    return stub.PostModelVersions(request, metadata=pat)


def labelled(stub, pat, app_id, count, concept="cat", prefix="in", value=1.0):
    """Add `count` inputs labelled `concept` and let them finish downloading."""
    inputs = []
    for n in range(count):
        item = image(f"https://samples.clarifai.com/{prefix}/{n}.jpg", f"{prefix}-{n}")
        item.data.concepts.add(id=concept, value=value)
        inputs.append(item)
    stub.PostInputs(service_pb2.PostInputsRequest(user_app_id=app_id, inputs=inputs), metadata=pat)
    for _ in range(2):
        stub.GetInputCount(service_pb2.GetInputCountRequest(user_app_id=app_id), metadata=pat)


def rest(emulator, method, path, body=None, key=None):
    """A REST call with an API key (`key`; short paths act on its app) or else the PAT."""
    token = key or emulator.account.pat
    headers = {"Authorization": f"Key {token}"}
    return requests.request(method, f"{emulator.rest_url}/v2/{path}", json=body, headers=headers).json()


def wait(stub, pat, app_id, model_id="pets", polls=4):
    for _ in range(polls):
        response = get_model(stub, pat, app_id, model_id)
    return response.model.model_version


# --- PostModels, GetModel, ListModels, PatchModels ------------------------------------------


def test_post_models_makes_a_model_without_a_version(stub, pat, app_id):
    response = post_model(stub, pat, app_id, name="Pets", description="my pets")
    assert response.status.code == 10000
    model = response.model
    assert (model.id, model.model_type_id, model.name) == ("pets", CLASSIFIER, "Pets")
    assert (model.app_id, model.user_id) == (app_id.app_id, app_id.user_id)
    assert not model.HasField("model_version")
    got = get_model(stub, pat, app_id).model
    assert got.description == "my pets" and not got.HasField("model_version")


def test_the_deprecated_model_field_and_a_generated_id(stub, pat, app_id):
    request = service_pb2.PostModelsRequest(
        user_app_id=app_id, model=resources_pb2.Model(model_type_id="concept-thresholder")
    )
    response = stub.PostModels(request, metadata=pat)
    assert response.status.code == 10000 and len(response.model.id) == 32


def test_a_model_level_output_info_is_ignored_today(stub, pat, app_id):
    response = post_model(stub, pat, app_id, output_info=concepts("cat"))
    assert response.status.code == 10000
    model = get_model(stub, pat, app_id).model
    assert not model.HasField("model_version") and not model.HasField("output_info")


def test_post_models_refusals_change_nothing(stub, pat, app_id):
    unknown = post_model(stub, pat, app_id, model_type_id="facedetect-identity").status
    assert unknown.code == 11102 and "facedetect-identity" in unknown.details
    assert post_model(stub, pat, app_id, model_id="bad/id").status.code == 11102
    empty = stub.PostModels(service_pb2.PostModelsRequest(user_app_id=app_id), metadata=pat)
    assert empty.status.code == 11102
    assert get_model(stub, pat, app_id).status.code == 11101
    post_model(stub, pat, app_id)
    assert "already exists" in post_model(stub, pat, app_id).status.details


def test_post_models_without_a_type_makes_an_embedding_classifier(stub, pat, app_id, emulator):
    response = post_model(stub, pat, app_id, model_type_id="")
    assert (response.status.code, response.model.model_type_id) == (10000, CLASSIFIER)
    body = {"models": [{"id": "by-rest"}]}
    answer = rest(emulator, "POST", "models", body, emulator.account.api_key)
    assert (answer["status"]["code"], answer["model"]["model_type_id"]) == (10000, CLASSIFIER)


def test_get_model_of_a_missing_model_is_the_documented_11101(stub, pat, app_id):
    status = get_model(stub, pat, app_id, "nope").status
    assert (status.code, status.details) == (
        11101,
        "model_id 'nope' not found. Check the url of your request.",
    )


def test_list_models_newest_first_with_filters_and_pages(stub, pat, app_id):
    post_model(stub, pat, app_id, "a")
    post_model(stub, pat, app_id, "b", model_type_id="concept-thresholder")
    post_model(stub, pat, app_id, "c")
    own = service_pb2.ListModelsRequest(user_app_id=app_id, dont_fetch_from_main=True)
    assert [m.id for m in stub.ListModels(own, metadata=pat).models] == ["c", "b", "a"]
    typed = service_pb2.ListModelsRequest(user_app_id=app_id, model_type_id=CLASSIFIER, per_page=1, page=2)
    assert [m.id for m in stub.ListModels(typed, metadata=pat).models] == ["a"]
    post_version(stub, pat, app_id, "b")
    trained = service_pb2.ListModelsRequest(user_app_id=app_id, trained_only=True, dont_fetch_from_main=True)
    assert [m.id for m in stub.ListModels(trained, metadata=pat).models] == ["b"]


def test_list_models_for_a_pat_adds_clarifai_mains_models_after_the_apps(stub, pat, app_id):
    post_model(stub, pat, app_id, "a")
    listed = stub.ListModels(service_pb2.ListModelsRequest(user_app_id=app_id), metadata=pat).models
    assert listed[0].id == "a" and listed[0].app_id == app_id.app_id
    assert {(m.user_id, m.app_id) for m in listed[1:]} == {("clarifai", "main")}
    assert "general-image-recognition" in [m.id for m in listed]
    second = service_pb2.ListModelsRequest(user_app_id=app_id, per_page=2, page=2)
    assert [m.id for m in stub.ListModels(second, metadata=pat).models] == [m.id for m in listed[2:4]]
    past = service_pb2.ListModelsRequest(user_app_id=app_id, per_page=500, page=1000)
    assert not stub.ListModels(past, metadata=pat).models


def test_list_models_for_an_app_key_today_is_the_apps_own(emulator, stub, pat, app_id):
    post_model(stub, pat, app_id, "a")
    answer = rest(emulator, "GET", "models", key=emulator.account.api_key)
    assert [model["id"] for model in answer["models"]] == ["a"]


def test_model_concepts_carry_name_value_app_id_and_created_at(emulator, stub, pat, app_id):
    request = service_pb2.PostConceptsRequest(
        user_app_id=app_id, concepts=[resources_pb2.Concept(id="cat", name="Cat")]
    )
    stub.PostConcepts(request, metadata=pat)
    post_model(stub, pat, app_id)
    post_version(stub, pat, app_id, output_info=concepts("cat", "dog"))
    for path in ("models/pets", "models/pets/output_info"):
        shown = rest(emulator, "GET", path, key=emulator.account.api_key)["model"]["model_version"]
        cat, dog = shown["output_info"]["data"]["concepts"]
        assert (cat["name"], dog["name"]) == ("Cat", "dog")
        for concept in (cat, dog):
            assert concept["value"] == 1 and concept["app_id"] == app_id.app_id and concept["created_at"]
    main = rest(emulator, "GET", "users/clarifai/apps/main/models/general-image-recognition")
    first = main["model"]["model_version"]["output_info"]["data"]["concepts"][0]
    assert (first["app_id"], first["value"], first["created_at"]) == ("main", 1, "2016-06-24T00:00:00Z")


def test_list_models_of_clarifai_main_shows_the_public_models(stub, pat):
    main = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
    listed = stub.ListModels(service_pb2.ListModelsRequest(user_app_id=main), metadata=pat)
    ids = {m.id for m in listed.models}
    assert "general-image-recognition" in ids
    general = next(m for m in listed.models if m.id == "general-image-recognition")
    assert general.model_version.status.code == 21100


def test_patch_models_merges_model_fields(stub, pat, app_id):
    post_model(stub, pat, app_id, description="old", toolkits=["a"], notes="keep")
    patch = resources_pb2.Model(id="pets", description="new", toolkits=["b"])
    patch.metadata.update({"team": "vision"})
    request = service_pb2.PatchModelsRequest(user_app_id=app_id, models=[patch], action="merge")
    response = stub.PatchModels(request, metadata=pat)
    assert response.status.code == 10000
    model = get_model(stub, pat, app_id).model
    assert (model.description, list(model.toolkits), model.notes) == ("new", ["a", "b"], "keep")
    assert model.metadata["team"] == "vision"


def test_patch_models_overwrite_and_remove(stub, pat, app_id):
    post_model(stub, pat, app_id, description="old", notes="gone", toolkits=["a", "b"])
    remove = service_pb2.PatchModelsRequest(
        user_app_id=app_id, models=[resources_pb2.Model(id="pets", toolkits=["a"])], action="remove"
    )
    stub.PatchModels(remove, metadata=pat)
    assert list(get_model(stub, pat, app_id).model.toolkits) == ["b"]
    overwrite = service_pb2.PatchModelsRequest(
        user_app_id=app_id, models=[resources_pb2.Model(id="pets", description="only")], action="overwrite"
    )
    stub.PatchModels(overwrite, metadata=pat)
    model = get_model(stub, pat, app_id).model
    assert (model.description, model.notes, model.model_type_id, model.id) == ("only", "", CLASSIFIER, "pets")


def test_patch_models_refuses_version_fields_and_missing_models(stub, pat, app_id):
    post_model(stub, pat, app_id, description="old")
    info = resources_pb2.Model(id="pets", description="x", output_info=concepts("cat"))
    status = stub.PatchModels(
        service_pb2.PatchModelsRequest(user_app_id=app_id, models=[info], action="merge"), metadata=pat
    ).status
    assert status.code == 11102 and "PatchModelVersions" in status.details
    missing = service_pb2.PatchModelsRequest(
        user_app_id=app_id,
        models=[resources_pb2.Model(id="pets", description="x"), resources_pb2.Model(id="no")],
    )
    assert stub.PatchModels(missing, metadata=pat).status.code == 21200
    bad = service_pb2.PatchModelsRequest(user_app_id=app_id, models=[info], action="replace")
    assert stub.PatchModels(bad, metadata=pat).status.code == 11102
    assert get_model(stub, pat, app_id).model.description == "old"


def test_delete_model_and_delete_models(stub, pat, app_id):
    for model_id in ("a", "b", "c"):
        post_model(stub, pat, app_id, model_id)
    delete = service_pb2.DeleteModelRequest(user_app_id=app_id, model_id="a")
    assert stub.DeleteModel(delete, metadata=pat).status.code == 10000
    assert stub.DeleteModel(delete, metadata=pat).status.code == 11101
    some = service_pb2.DeleteModelsRequest(user_app_id=app_id, ids=["b", "zz"])
    assert stub.DeleteModels(some, metadata=pat).status.code == 21200
    assert get_model(stub, pat, app_id, "b").status.code == 10000
    everything = service_pb2.DeleteModelsRequest(user_app_id=app_id, delete_all=True)
    assert stub.DeleteModels(everything, metadata=pat).status.code == 10000
    own = service_pb2.ListModelsRequest(user_app_id=app_id, dont_fetch_from_main=True)
    assert not stub.ListModels(own, metadata=pat).models


# --- versions ---------------------------------------------------------------------------------


def test_post_model_versions_trains_on_processed_labelled_inputs(stub, pat, app_id):
    labelled(stub, pat, app_id, 3, "cat")
    labelled(stub, pat, app_id, 2, "dog", prefix="dog")
    post_model(stub, pat, app_id)
    response = post_version(stub, pat, app_id, output_info=concepts("cat", "bird"))
    assert response.status.code == 10000
    version = response.model.model_version
    assert version.status.code == 21103 and len(version.id) == 32
    assert get_model(stub, pat, app_id).model.model_version.status.code == 21101
    done = wait(stub, pat, app_id)
    assert (done.status.code, done.status.description) == (21100, "Model is trained and ready for deployment")
    assert (done.total_input_count, done.active_concept_count) == (3, 1)
    assert done.completed_at.seconds > 0
    assert [c.id for c in done.output_info.data.concepts] == ["cat", "bird"]


def test_a_trained_version_predicts_its_concepts(stub, pat, app_id):
    labelled(stub, pat, app_id, 2, "cat")
    post_model(stub, pat, app_id)
    post_version(stub, pat, app_id, output_info=concepts("cat", "dog"))
    wait(stub, pat, app_id)
    request = service_pb2.PostModelOutputsRequest(user_app_id=app_id, model_id="pets", inputs=[image()])
    outputs = stub.PostModelOutputs(request, metadata=pat).outputs
    assert sorted(c.id for c in outputs[0].data.concepts) == ["cat", "dog"]


def test_inputs_labelled_without_a_value_are_examples_too(stub, pat, app_id):
    labelled(stub, pat, app_id, 2, "cat", value=0.0)  # a concept sent without value is 0 on the wire
    post_model(stub, pat, app_id)
    post_version(stub, pat, app_id, output_info=concepts("cat"))
    done = wait(stub, pat, app_id)
    assert (done.status.code, done.total_input_count, done.active_concept_count) == (21100, 2, 1)


def metrics(stub, pat, app_id, version_id, post=False):
    fields = {"user_app_id": app_id, "model_id": "pets", "version_id": version_id}
    if post:
        request = service_pb2.PostModelVersionMetricsRequest(**fields)
        return stub.PostModelVersionMetrics(request, metadata=pat)
    return stub.GetModelVersionMetrics(service_pb2.GetModelVersionMetricsRequest(**fields), metadata=pat)


def test_a_trained_version_is_evaluated_at_once(stub, pat, app_id):
    labelled(stub, pat, app_id, 2, "cat")
    post_model(stub, pat, app_id)
    version_id = post_version(stub, pat, app_id, output_info=concepts("cat")).model.model_version.id
    untrained = metrics(stub, pat, app_id, version_id, post=True).status
    assert untrained.code == 11102 and version_id in untrained.details
    assert metrics(stub, pat, app_id, version_id).model_version.metrics.status.code == 21302
    wait(stub, pat, app_id)
    evaluated = metrics(stub, pat, app_id, version_id, post=True)
    assert (evaluated.status.code, evaluated.model_version.metrics.status.code) == (10000, 21300)
    shown = metrics(stub, pat, app_id, version_id).model_version.metrics.status
    assert (shown.code, shown.description) == (21300, "Model was successfully evaluated")
    assert metrics(stub, pat, app_id, "nope").status.code == 11101


def test_no_labelled_processed_inputs_fails_with_no_positives(stub, pat, app_id):
    post_model(stub, pat, app_id)
    post_version(stub, pat, app_id, output_info=concepts("cat"))
    done = wait(stub, pat, app_id)
    assert (done.status.code, done.total_input_count) == (21111, 0)


def test_a_type_that_is_not_trainable_is_trained_at_once(stub, pat, app_id):
    post_model(stub, pat, app_id, model_type_id="concept-thresholder")
    response = post_version(stub, pat, app_id, output_info=concepts("cat"))
    assert response.model.model_version.status.code == 21100


def test_post_model_versions_refusals(stub, pat, app_id):
    post_model(stub, pat, app_id)
    assert post_version(stub, pat, app_id).status.code == 11102  # no concepts
    assert post_version(stub, pat, app_id, "nope", output_info=concepts("cat")).status.code == 11101
    params = struct_pb2.Struct()
    params.update({"enrich_dataset": "Sometimes"})
    odd = post_version(
        stub, pat, app_id, output_info=concepts("cat"), train_info=resources_pb2.TrainInfo(params=params)
    )
    assert odd.status.code == 11102 and "Sometimes" in odd.status.details
    assert not get_model(stub, pat, app_id).model.HasField("model_version")


def test_enrich_dataset_is_for_embedding_classifiers_only(stub, pat, app_id):
    post_model(stub, pat, app_id, "vis", model_type_id="visual-classifier")
    params = struct_pb2.Struct()
    params.update({"enrich_dataset": "Automatic"})
    info = resources_pb2.TrainInfo(params=params)
    status = post_version(stub, pat, app_id, "vis", output_info=concepts("cat"), train_info=info).status
    assert status.code == 11102 and "embedding-classifier" in status.details


def test_enrich_dataset_never_fails_for_lack_of_negatives(stub, pat, app_id):
    labelled(stub, pat, app_id, 2, "cat")
    post_model(stub, pat, app_id)
    for value in ("Automatic", "Disabled"):
        params = struct_pb2.Struct()
        params.update({"enrich_dataset": value})
        base = resources_pb2.InputInfo(
            base_embed_model=resources_pb2.Model(id="face-identification-embedding")
        )
        post_version(
            stub,
            pat,
            app_id,
            output_info=concepts("cat"),
            input_info=base,
            train_info=resources_pb2.TrainInfo(params=params),
        )
        assert wait(stub, pat, app_id).status.code == 21100


def test_get_list_patch_and_delete_versions(stub, pat, app_id):
    labelled(stub, pat, app_id, 1, "cat")
    post_model(stub, pat, app_id)
    first = post_version(stub, pat, app_id, id="v1", output_info=concepts("cat")).model.model_version
    second = post_version(stub, pat, app_id, id="v2", output_info=concepts("cat")).model.model_version
    assert (first.id, second.id) == ("v1", "v2")
    assert post_version(stub, pat, app_id, id="v1", output_info=concepts("cat")).status.code == 11102
    get = service_pb2.GetModelVersionRequest(user_app_id=app_id, model_id="pets", version_id="v1")
    assert stub.GetModelVersion(get, metadata=pat).model_version.id == "v1"
    listed = service_pb2.ListModelVersionsRequest(user_app_id=app_id, model_id="pets")
    assert [v.id for v in stub.ListModelVersions(listed, metadata=pat).model_versions] == ["v2", "v1"]
    assert get_model(stub, pat, app_id, version_id="v1").model.model_version.id == "v1"

    patch = resources_pb2.ModelVersion(id="v1", description="first", license="MIT")
    patch.output_info.output_config.max_concepts = 3
    request = service_pb2.PatchModelVersionsRequest(
        user_app_id=app_id, model_id="pets", model_versions=[patch], action="merge"
    )
    patched = stub.PatchModelVersions(request, metadata=pat).model_versions[0]
    assert (patched.description, patched.license, patched.output_info.output_config.max_concepts) == (
        "first",
        "MIT",
        3,
    )
    assert [c.id for c in patched.output_info.data.concepts] == ["cat"]

    concepts_patch = resources_pb2.ModelVersion(id="v1", output_info=concepts("dog"))
    request = service_pb2.PatchModelVersionsRequest(
        user_app_id=app_id, model_id="pets", model_versions=[concepts_patch], action="merge"
    )
    assert stub.PatchModelVersions(request, metadata=pat).status.code == 11102
    train = resources_pb2.ModelVersion(id="v1", train_info=resources_pb2.TrainInfo())
    train.train_info.params.update({"a": 1})
    request = service_pb2.PatchModelVersionsRequest(
        user_app_id=app_id, model_id="pets", model_versions=[train]
    )
    assert stub.PatchModelVersions(request, metadata=pat).status.code == 11102

    delete = service_pb2.DeleteModelVersionRequest(user_app_id=app_id, model_id="pets", version_id="v2")
    assert stub.DeleteModelVersion(delete, metadata=pat).status.code == 10000
    assert get_model(stub, pat, app_id).model.model_version.id == "v1"
    get.version_id = "v2"
    assert stub.GetModelVersion(get, metadata=pat).status.code == 11101


def test_rest_door_creates_a_model_and_a_version(emulator):
    account = emulator.account
    base = f"{emulator.rest_url}/v2/users/{account.user_id}/apps/{account.app_id}/models"
    headers = {"Authorization": "Key " + account.pat}
    body = {"models": [{"id": "rest", "model_type_id": CLASSIFIER}]}
    assert requests.post(base, json=body, headers=headers).json()["status"]["code"] == 10000
    version = {"model_versions": [{"output_info": {"data": {"concepts": [{"id": "cat"}]}}}]}
    answer = requests.post(f"{base}/rest/versions", json=version, headers=headers).json()
    assert answer["model"]["model_version"]["status"]["code"] == 21103
    got = requests.get(f"{base}/rest", headers=headers).json()
    assert got["model"]["model_version"]["output_info"]["data"]["concepts"][0]["id"] == "cat"


# --- feedback (the 2.x client's retired PostModelFeedback) ------------------------------------


def test_model_feedback_over_rest_needs_the_model_and_an_input(emulator, stub, pat, app_id):
    post_model(stub, pat, app_id, model_type_id="concept-thresholder")
    version_id = post_version(stub, pat, app_id).model.model_version.id
    body = {"input": {"data": {"image": {"url": "https://samples.clarifai.com/dog2.jpeg"}}}}
    key = emulator.account.api_key
    for path in ("models/pets/feedback", f"models/pets/versions/{version_id}/feedback"):
        assert rest(emulator, "POST", path, body, key)["status"]["code"] == 10000
    assert rest(emulator, "POST", "models/nope/feedback", body, key)["status"]["code"] == 11101
    assert rest(emulator, "POST", "models/pets/versions/nope/feedback", body, key)["status"]["code"] == 11101
    assert rest(emulator, "POST", "models/pets/feedback", {}, key)["status"]["code"] == 11102
