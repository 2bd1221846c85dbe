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
