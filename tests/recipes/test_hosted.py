"""The hosted-download recipe against the emulator (CL021): the token goes to SDH URLs only."""

import pytest
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from recipes.hosted import DownloadError, download, hosted_url, is_sdh_url
from tests.emulator.test_hosted import jpeg


def added(session, input_id, width):
    item = resources_pb2.Input(
        id=input_id, data=resources_pb2.Data(image=resources_pb2.Image(base64=jpeg(width)))
    )
    request = service_pb2.PostInputsRequest(user_app_id=session.user_app_id, inputs=[item])
    response = session.stub.PostInputs(request, metadata=session.metadata)
    assert response.status.code == 10000
    return response.inputs[0].data.image


@pytest.mark.parametrize(
    ("url", "sdh"),
    [
        (
            "https://data.clarifai.com/orig/users/alfrick/apps/deep-learning/inputs/image/140c856dc82565d2c4d6ea720fceff78",
            True,
        ),
        ("http://127.0.0.1:8080/small/users/me/apps/app/inputs/image/140c856dc82565d2c4d6ea720fceff78", True),
        (
            "https://s3.amazonaws.com/clarifai-api/img3/prod/orig/c272a8b0ea6c47c7b17430b922597aad/140c856dc82565d2c4d6ea720fceff78",
            False,
        ),
        (
            "http://127.0.0.1:8080/clarifai-api/img3/prod/orig/c272a8b0ea6c47c7b17430b922597aad/140c856dc82565d2c4d6ea720fceff78",
            False,
        ),
        ("https://samples.clarifai.com/metro-north.jpg", False),
    ],
)
def test_is_sdh_url_tells_the_documented_kinds_apart(url, sdh):
    assert is_sdh_url(url) is sdh


def test_download_gets_both_kinds_from_one_app(session):
    old = added(session.as_of("2023-08-14"), "old", 601)
    new = added(session.as_of("2023-08-15"), "new", 602)
    assert not is_sdh_url(hosted_url(old)) and is_sdh_url(hosted_url(new))
    assert download(session, hosted_url(old)) == jpeg(601)
    assert download(session, hosted_url(new)) == jpeg(602)
    assert download(session, hosted_url(new, "tiny"))[:2] == b"\xff\xd8"  # a smaller JPEG


def test_a_failed_download_names_the_url_and_status(session):
    new = added(session, "new", 603)
    broken = hosted_url(new).replace(new.hosted.suffix[-32:], "0" * 32)
    with pytest.raises(DownloadError) as raised:
        download(session, broken)
    assert raised.value.http_status == 404 and raised.value.url == broken


def test_hosted_url_refuses_a_size_that_is_not_hosted(session):
    with pytest.raises(ValueError, match="'huge'"):
        hosted_url(added(session, "one", 604), "huge")
