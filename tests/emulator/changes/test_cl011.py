"""CL011 2020-10-20: training waited for busy inputs before the date; after it uses processed ones only."""

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from tests.helpers import image

BEFORE, AFTER = "2020-10-19", "2020-10-20"


def on(pat, day):
    return (*pat, ("x-clarifai-emulator-as-of", day))


def add_cats(stub, pat, app_id, prefix, count):
    inputs = [image(f"https://samples.clarifai.com/{prefix}/{n}.jpg", f"{prefix}-{n}") for n in range(count)]
    for item in inputs:
        item.data.concepts.add(id="cat", value=1)
    stub.PostInputs(service_pb2.PostInputsRequest(user_app_id=app_id, inputs=inputs), metadata=pat)


def counts(stub, pat, app_id):
    return stub.GetInputCount(service_pb2.GetInputCountRequest(user_app_id=app_id), metadata=pat).counts


def train_right_after_new_inputs(stub, pat, app_id, day):
    """3 processed inputs, then 4 more added just before the version is created."""
    model = resources_pb2.Model(id="pets", model_type_id="embedding-classifier")
    stub.PostModels(service_pb2.PostModelsRequest(user_app_id=app_id, models=[model]), metadata=on(pat, day))
    add_cats(stub, pat, app_id, "early", 3)
    counts(stub, pat, app_id)
    counts(stub, pat, app_id)
    add_cats(stub, pat, app_id, "late", 4)
    concepts = resources_pb2.OutputInfo(data=resources_pb2.Data(concepts=[resources_pb2.Concept(id="cat")]))
    request = service_pb2.PostModelVersionsRequest(
        user_app_id=app_id, model_id="pets", model_versions=[resources_pb2.ModelVersion(output_info=concepts)]
    )
    return stub.PostModelVersions(request, metadata=on(pat, day)).model.model_version


def statuses(stub, pat, app_id, day, polls=5):
    request = service_pb2.GetModelRequest(user_app_id=app_id, model_id="pets")
    return [stub.GetModel(request, metadata=on(pat, day)).model.model_version for _ in range(polls)]


def test_before_the_date_training_waits_for_busy_inputs_and_uses_them(stub, pat, app_id):
    created = train_right_after_new_inputs(stub, pat, app_id, BEFORE)
    assert created.status.code == 21103
    seen = statuses(stub, pat, app_id, BEFORE)
    assert [v.status.code for v in seen] == [21101, 21101, 21100, 21100, 21100]
    assert seen[-1].total_input_count == 7


def test_from_the_date_training_uses_only_processed_inputs(stub, pat, app_id):
    train_right_after_new_inputs(stub, pat, app_id, AFTER)
    seen = statuses(stub, pat, app_id, AFTER)
    assert [v.status.code for v in seen][-1] == 21100
    assert seen[-1].total_input_count == 3
    assert counts(stub, pat, app_id).processed == 7


def test_before_the_date_nothing_busy_changes_nothing(stub, pat, app_id):
    add_cats(stub, pat, app_id, "early", 2)
    counts(stub, pat, app_id)
    counts(stub, pat, app_id)
    model = resources_pb2.Model(id="pets", model_type_id="embedding-classifier")
    stub.PostModels(service_pb2.PostModelsRequest(user_app_id=app_id, models=[model]), metadata=pat)
    concepts = resources_pb2.OutputInfo(data=resources_pb2.Data(concepts=[resources_pb2.Concept(id="cat")]))
    request = service_pb2.PostModelVersionsRequest(
        user_app_id=app_id, model_id="pets", model_versions=[resources_pb2.ModelVersion(output_info=concepts)]
    )
    stub.PostModelVersions(request, metadata=on(pat, BEFORE))
    seen = statuses(stub, pat, app_id, BEFORE, polls=3)
    assert [v.status.code for v in seen] == [21101, 21101, 21100]
    assert seen[-1].total_input_count == 2


def test_before_the_date_busy_inputs_without_labels_still_make_it_wait(stub, pat, app_id):
    add_cats(stub, pat, app_id, "early", 2)
    counts(stub, pat, app_id)
    counts(stub, pat, app_id)
    model = resources_pb2.Model(id="pets", model_type_id="embedding-classifier")
    stub.PostModels(service_pb2.PostModelsRequest(user_app_id=app_id, models=[model]), metadata=pat)
    unlabelled = [image(f"https://samples.clarifai.com/other/{n}.jpg", f"other-{n}") for n in range(2)]
    stub.PostInputs(service_pb2.PostInputsRequest(user_app_id=app_id, inputs=unlabelled), metadata=pat)
    concepts = resources_pb2.OutputInfo(data=resources_pb2.Data(concepts=[resources_pb2.Concept(id="cat")]))
    request = service_pb2.PostModelVersionsRequest(
        user_app_id=app_id, model_id="pets", model_versions=[resources_pb2.ModelVersion(output_info=concepts)]
    )
    assert stub.PostModelVersions(request, metadata=on(pat, BEFORE)).model.model_version.status.code == 21103
    seen = statuses(stub, pat, app_id, BEFORE, polls=4)
    assert [v.status.code for v in seen] == [21101, 21101, 21100, 21100]
    assert seen[-1].total_input_count == 2
