"""Downloading an input's hosted bytes (CL021): send your token to Secure Data Hosting URLs only.

Since 2023-08-15 new inputs are hosted behind `https://data.clarifai.com` and need the token;
inputs added before keep public S3 URLs, which refuse a request that carries one. Clarifai's
advice: check which kind a URL is, and send the authorization only to an SDH URL.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import requests
from clarifai_grpc.grpc.api import resources_pb2

from .connect import Session

SDH_HOST = "data.clarifai.com"
# An SDH path: /{size}/users/{user}/apps/{app}/inputs/{kind}/{hash} (docs, secure-data-hosting).
SDH_PATH = re.compile(r"^/\w+/users/[^/]+/apps/[^/]+/inputs/\w+/[0-9a-f]+$")


class DownloadError(Exception):
    """A hosted URL did not answer the bytes; carries the URL and the HTTP status."""

    def __init__(self, url: str, http_status: int) -> None:
        self.url, self.http_status = url, http_status
        super().__init__(f"download of {url} answered HTTP {http_status}")


def hosted_url(image: resources_pb2.Image, size: str = "orig") -> str:
    """The download URL of one size of a hosted image: prefix + "/" + size + "/" + suffix."""
    hosted = image.hosted
    if size not in hosted.sizes:
        raise ValueError(f"size {size!r} is not hosted for this image; it has {list(hosted.sizes)}")
    return f"{hosted.prefix}/{size}/{hosted.suffix}"


def is_sdh_url(url: str) -> bool:
    """Whether `url` is served by Secure Data Hosting (and so needs the token): its host is
    data.clarifai.com, or its path has the SDH shape (as an emulator's data host serves it)."""
    parts = urlsplit(url)
    return parts.hostname == SDH_HOST or bool(SDH_PATH.match(parts.path))


def download(session: Session, url: str, timeout: float = 30.0) -> bytes:
    """The bytes at a hosted (or source) URL: with the session's credential for an SDH URL,
    without any for anything else (a public S3 URL fails when sent one)."""
    headers = {"Authorization": dict(session.metadata)["authorization"]} if is_sdh_url(url) else {}
    answer = requests.get(url, headers=headers, timeout=timeout)
    if answer.status_code != 200:
        raise DownloadError(url, answer.status_code)
    return answer.content
