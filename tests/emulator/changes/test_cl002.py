"""CL002 2019-09-24: one input added alone was ready at once before the date; never after."""

from clarifai_grpc.grpc.api import service_pb2

from tests.helpers import image, images

BEFORE, AFTER = "2019-09-23", "2019-09-24"


def post(stub, pat, app_id, day, inputs):
    metadata = (*pat, ("x-clarifai-emulator-as-of", day))
    return stub.PostInputs(
        service_pb2.PostInputsRequest(user_app_id=app_id, inputs=inputs), metadata=metadata
    )


def test_before_the_date_a_single_input_is_downloaded_within_the_call(stub, pat, app_id):
    response = post(stub, pat, app_id, BEFORE, [image(input_id="one")])
    assert response.inputs[0].status.code == 30000
    fetched = stub.GetInput(service_pb2.GetInputRequest(user_app_id=app_id, input_id="one"), metadata=pat)
    assert fetched.input.status.code == 30000


def test_before_the_date_a_batch_was_already_asynchronous(stub, pat, app_id):
    response = post(stub, pat, app_id, BEFORE, images(2))
    assert [i.status.code for i in response.inputs] == [30001, 30001]


def test_from_the_date_a_single_input_is_pending(stub, pat, app_id):
    assert post(stub, pat, app_id, AFTER, [image()]).inputs[0].status.code == 30001
