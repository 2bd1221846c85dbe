"""URL downloads offline: sample hosts are synthetic, other URLs are fetched or fail clearly."""

from emulator import downloads, images


def test_sample_host_images_depend_only_on_the_url():
    first = downloads.synthetic_image("https://samples.clarifai.com/metro-north.jpg")
    assert first == downloads.synthetic_image("https://samples.clarifai.com/metro-north.jpg")
    assert first != downloads.synthetic_image("https://samples.clarifai.com/dog2.jpeg")
    assert images.image_info(first).format == "JPEG"


def test_both_sample_hosts_are_known():
    assert downloads.is_sample("https://samples.clarifai.com/wedding.jpg")
    assert downloads.is_sample("https://s3.amazonaws.com/samples.clarifai.com/featured-models/a.jpg")
    assert not downloads.is_sample("https://samples.clarifai.com.evil.example/a.jpg")


def test_other_schemes_are_refused_with_a_reason():
    assert "only http, https and file" in downloads.fetch("ftp://example.com/a.jpg").failure


def test_missing_files_say_so(tmp_path):
    assert "No such file" in downloads.fetch((tmp_path / "none.jpg").as_uri()).failure


def test_local_urls_are_recognised(tmp_path):
    assert downloads.is_local((tmp_path / "a.jpg").as_uri())
    assert downloads.is_local("http://127.0.0.1:9/x.jpg") and downloads.is_local("http://localhost/x.jpg")
    assert not downloads.is_local("https://samples.clarifai.com/dog2.jpeg")


def test_a_shared_emulator_does_not_fetch_local_urls(tmp_path):
    from clarifai_grpc.grpc.api import resources_pb2, service_pb2

    from emulator import Emulator

    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"leader's file")
    room = Emulator(host="0.0.0.0", tls=False)  # never started: served through its core
    assert not room.store.local_urls and Emulator().store.local_urls
    scope = resources_pb2.UserAppIDSet(user_id=room.account.user_id, app_id=room.account.app_id)
    image = resources_pb2.Image(url=secret.as_uri())
    request = service_pb2.PostInputsRequest(
        user_app_id=scope, inputs=[resources_pb2.Input(id="s", data=resources_pb2.Data(image=image))]
    )
    metadata = {"authorization": "Key " + room.account.pat}
    room.api.call("PostInputs", request, metadata)
    for _ in range(2):
        shown = room.api.call(
            "GetInput", service_pb2.GetInputRequest(user_app_id=scope, input_id="s"), metadata
        )
    assert shown.input.status.code == 30002
    assert "does not fetch local URLs" in shown.input.status.details


def test_public_hosts_are_never_contacted_and_fail_as_not_found(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the emulator reached the network")

    monkeypatch.setattr(downloads.urllib.request, "urlopen", no_network)
    url = "http://example.org/downloads-offline-test.jpg"
    assert downloads.fetch(url).failure == f"404 Client Error: Not Found for url: {url}"
