"""CL021: downloads of hosted input URLs must send the token to SDH URLs only."""

import pytest

from tests.lint.helpers import findings, fixed, flags

CODE = "CL021"
GRPC = "from clarifai_grpc.grpc.api import service_pb2\nimport requests\n"
URL = 'url = f"{image.hosted.prefix}/orig/{image.hosted.suffix}"\n'

FLAGGED = [
    (GRPC + 'requests.get(f"{img.hosted.prefix}/orig/{img.hosted.suffix}", headers=HEADERS)', "refuse"),
    (
        GRPC + 'data = requests.get(image.hosted.prefix + "/orig/" + image.hosted.suffix).content',
        "need your token",
    ),
    (GRPC + "import urllib.request\nurllib.request.urlopen(hosted_url)", "need your token"),
    (
        GRPC + 'answer = httpx.get(input_.data.image.hosted.prefix + "/small/" + s, auth=token)',
        "refuse",
    ),
]
NOT_FLAGGED = [
    GRPC + URL + 'if url.startswith("https://data.clarifai.com"):\n    requests.get(url, headers=HEADERS)\n'
    "else:\n    requests.get(url)\n",
    GRPC
    + "from recipes.hosted import is_sdh_url\n"
    + "requests.get(hosted, headers=HEADERS if is_sdh_url(hosted) else {})",
    GRPC + 'requests.get("https://samples.clarifai.com/metro-north.jpg")',
    "import requests\nrequests.get(f'{site.hosted.prefix}/index.html')",  # not Clarifai code
]


@pytest.mark.parametrize(("source", "words"), FLAGGED)
def test_a_download_that_does_not_tell_the_kinds_apart_is_flagged(source, words):
    found = findings(source, CODE)
    assert len(found) == 1 and words in found[0].message
    assert fixed(source, CODE) == source  # no fix: the download must branch


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_downloads_that_check_the_url_and_other_urls_are_left_alone(source):
    assert not flags(source, CODE)
