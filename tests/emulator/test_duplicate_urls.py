"""PostInputs and duplicates: a URL already in the app is 30100 unless allowed; id conflicts."""

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from tests.helpers import image

URL = "https://samples.clarifai.com/metro-north.jpg"
DUPLICATE = (30100, "Duplicate URL in your application. Check the documentation to allow duplications.")


def post(stub, pat, app_id, inputs, **fields):
    request = service_pb2.PostInputsRequest(user_app_id=app_id, inputs=inputs, **fields)
    return stub.PostInputs(request, metadata=pat)


def ids(stub, pat, app_id):
    listed = stub.ListInputs(service_pb2.ListInputsRequest(user_app_id=app_id), metadata=pat)
    return sorted(i.id for i in listed.inputs)


def strict(url=URL, input_id=""):
    return image(url, input_id, allow_duplicate=False)


def test_a_url_already_in_the_app_fails_with_30100_and_adds_nothing(stub, pat, app_id):
    assert post(stub, pat, app_id, [strict(input_id="first")]).status.code == 10000
    response = post(stub, pat, app_id, [strict(input_id="again")])
    assert (response.status.code, response.status.description) == (10020, "Failure")
    shown = response.inputs[0]
    assert (shown.id, shown.status.code, shown.status.description) == ("again", *DUPLICATE)
    assert URL in shown.status.details
    assert ids(stub, pat, app_id) == ["first"]


def test_a_batch_with_one_duplicate_is_mixed_and_adds_the_others(stub, pat, app_id):
    post(stub, pat, app_id, [strict(input_id="first")])
    other = strict("https://samples.clarifai.com/dog2.jpeg", "dog")
    response = post(stub, pat, app_id, [strict(input_id="again"), other])
    assert (response.status.code, response.status.description) == (10010, "Mixed Success")
    assert [(i.id, i.status.code) for i in response.inputs] == [("again", 30100), ("dog", 30001)]
    assert ids(stub, pat, app_id) == ["dog", "first"]


def test_the_same_url_twice_in_one_request_keeps_the_first(stub, pat, app_id):
    response = post(stub, pat, app_id, [strict(input_id="a"), strict(input_id="b")])
    assert response.status.code == 10010
    assert [i.status.code for i in response.inputs] == [30001, 30100]


def test_allow_duplicate_url_adds_it_again_as_the_docs_examples_do(stub, pat, app_id):
    post(stub, pat, app_id, [strict(input_id="first")])
    response = post(stub, pat, app_id, [image(URL, "second")])
    assert response.status.code == 10000
    assert ids(stub, pat, app_id) == ["first", "second"]


def test_once_deleted_a_url_may_be_added_again(stub, pat, app_id):
    post(stub, pat, app_id, [strict(input_id="first")])
    stub.DeleteInputs(service_pb2.DeleteInputsRequest(user_app_id=app_id, ids=["first"]), metadata=pat)
    for _ in range(3):  # deletes finish after two more requests
        ids(stub, pat, app_id)
    assert post(stub, pat, app_id, [strict(input_id="again")]).status.code == 10000


def test_image_bytes_are_never_duplicates(stub, pat, app_id):
    raw = resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(base64=_tiny_png())))
    assert post(stub, pat, app_id, [raw]).status.code == 10000
    assert post(stub, pat, app_id, [raw]).status.code == 10000


def test_a_taken_id_can_be_skipped_or_suffixed_on_request(stub, pat, app_id):
    post(stub, pat, app_id, [image(URL, "taken")])
    skip = post(
        stub,
        pat,
        app_id,
        [image(URL, "taken"), image(URL, "new")],
        input_id_conflict_resolution=resources_pb2.SKIP,
    )
    assert (skip.status.code, [i.id for i in skip.inputs]) == (10000, ["new"])
    suffix = post(stub, pat, app_id, [image(URL, "taken")], input_id_conflict_resolution=resources_pb2.SUFFIX)
    assert [i.id for i in suffix.inputs] == ["taken-1"]
    assert post(stub, pat, app_id, [image(URL, "taken")]).status.code == 40010  # DATABASE_DUPLICATE_KEY


def _tiny_png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(out, "PNG")
    return out.getvalue()
