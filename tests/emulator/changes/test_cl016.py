"""CL016 2023-01-04: predictions carried the whole model before the date, a trimmed one after."""

import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from emulator.legacy import from_unknown_fields

BEFORE, AFTER = "2023-01-03", "2023-01-04"
MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
GENERAL = "general-image-recognition"
IMAGE = resources_pb2.Input(
    data=resources_pb2.Data(image=resources_pb2.Image(url="https://samples.clarifai.com/metro-north.jpg"))
)


def predict(stub, pat, day):
    request = service_pb2.PostModelOutputsRequest(user_app_id=MAIN, model_id=GENERAL, inputs=[IMAGE])
    response = stub.PostModelOutputs(request, metadata=(*pat, ("x-clarifai-emulator-as-of", day)))
    assert response.status.code == 10000, response.status
    return response.outputs[0].model


def workflow(stub, pat, day):
    request = service_pb2.PostWorkflowResultsRequest(
        user_app_id=MAIN, workflow_id="Demographics", inputs=[IMAGE]
    )
    response = stub.PostWorkflowResults(request, metadata=(*pat, ("x-clarifai-emulator-as-of", day)))
    assert response.status.code == 10000, response.status
    return [output.model for output in response.results[0].outputs]


def rest_predict(emulator, day):
    url = f"{emulator.rest_url}/v2/users/clarifai/apps/main/models/{GENERAL}/outputs"
    headers = {"Authorization": "Key " + emulator.account.pat, "X-Clarifai-Emulator-As-Of": day}
    body = {"inputs": [{"data": {"image": {"url": IMAGE.data.image.url}}}]}
    return requests.post(url, json=body, headers=headers, timeout=30).json()["outputs"][0]["model"]


def test_before_the_date_a_grpc_prediction_carries_the_whole_model(stub, pat):
    model = predict(stub, pat, BEFORE)
    assert model.description == "Recognizes a wide range of concepts in images."
    assert model.HasField("output_info") and model.output_info.HasField("output_config")
    assert model.output_info.message == "Show output_info with: GET /models/{model_id}/output_info"
    assert dict(model.output_info.fields_map) == {"concepts": "softmax"}
    assert model.model_version.visibility.gettable == resources_pb2.Visibility.PUBLIC
    assert (model.model_version.app_id, model.model_version.user_id) == ("main", "clarifai")


def test_before_the_date_old_clients_also_get_the_removed_info_fields(stub, pat):
    removed = from_unknown_fields(predict(stub, pat, BEFORE))
    assert removed == {"input_info": {"fields_map": {"image": "images"}}, "train_info": {}, "import_info": {}}


def test_from_the_date_a_grpc_prediction_carries_the_trimmed_model(stub, pat):
    model = predict(stub, pat, AFTER)
    assert (model.id, model.model_type_id, model.model_version.id) == (
        GENERAL,
        "visual-classifier",
        "aa7f35c01e0642fda5cf400f543e7c40",
    )
    assert model.model_version.status.code == 21100
    assert model.description == "" and model.notes == ""
    assert not model.HasField("output_info")
    assert from_unknown_fields(model) == {}
    # what a 2023 response in Clarifai's docs still shows (prediction_parameters_max_concepts.js)
    version = model.model_version
    assert version.visibility.gettable == resources_pb2.Visibility.PUBLIC
    assert (version.app_id, version.user_id) == ("main", "clarifai")
    assert version.created_at.seconds == 1520370624 and version.HasField("metadata")
    assert model.modified_at.seconds > model.created_at.seconds > 0


def test_before_the_date_rest_shows_the_whole_model_as_json(emulator):
    model = rest_predict(emulator, BEFORE)
    assert model["output_info"]["output_config"] == {"max_concepts": 0, "min_value": 0.0}  # cl_show_if_empty
    assert model["input_info"] == {"fields_map": {"image": "images"}}
    assert model["description"].startswith("Recognizes")
    assert model["model_version"]["metadata"] == {}


def test_from_the_date_rest_shows_what_stays(emulator):
    model = rest_predict(emulator, AFTER)
    assert set(model) == {
        "id",
        "name",
        "created_at",
        "app_id",
        "user_id",
        "model_type_id",
        "visibility",
        "modified_at",
        "model_version",
    }
    assert set(model["model_version"]) == {
        "id",
        "created_at",
        "status",
        "visibility",
        "app_id",
        "user_id",
        "metadata",
    }
    assert model["model_version"]["status"]["description"] == "Model is trained and ready"  # the 2023 text


def test_workflow_outputs_carry_each_nodes_whole_model_before_and_trimmed_after(stub, pat):
    before, after = workflow(stub, pat, BEFORE), workflow(stub, pat, AFTER)
    assert (
        [m.id for m in before]
        == [m.id for m in after]
        == [
            "age-demographics-recognition",
            "gender-demographics-recognition",
            "ethnicity-demographics-recognition",
        ]
    )
    assert all(m.description and m.output_info.message for m in before)
    assert not any(m.description or m.HasField("output_info") for m in after)
    assert [dict(m.output_info.fields_map) for m in before] == [{"concepts": "softmax"}] * 3
