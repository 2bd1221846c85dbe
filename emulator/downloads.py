"""Offline "downloads" of URL inputs, as the API fetches them after PostInputs.

- `file://` paths and loopback `http(s)://` URLs are fetched for real;
- Clarifai's sample hosts (the URLs its docs use everywhere) get a deterministic synthetic
  image, so code copied from the docs runs offline (provenance: sample-hosts);
- any other host is tried with a short timeout and otherwise fails the way the real API
  reports an unreachable URL: 30002 `Download failed; check URL` with a details text.
"""

from __future__ import annotations

import functools
import hashlib
import io
import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from PIL import Image, ImageDraw

SAMPLE_HOSTS = ("samples.clarifai.com", "s3.amazonaws.com/samples.clarifai.com")
TIMEOUT = 2.0  # seconds for a real fetch
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Download:
    """What fetching a URL gave: its bytes, or the failure's details text."""

    content: bytes = b""
    failure: str = ""


def is_sample(url: str) -> bool:
    """Whether `url` is on one of Clarifai's sample hosts."""
    rest = url.split("://", 1)[-1]
    return any(rest.startswith(host + "/") for host in SAMPLE_HOSTS)


def synthetic_image(url: str) -> bytes:
    """A JPEG that depends only on `url`: a two-colour gradient with a few shapes."""
    seed = hashlib.sha256(url.encode()).digest()
    width, height = 480 + seed[0] % 4 * 80, 320 + seed[1] % 3 * 40
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    top, bottom = seed[2:5], seed[5:8]
    for row in range(height):
        mix = row / height
        draw.line(
            [(0, row), (width, row)],
            fill=tuple(int(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)),
        )
    for n in range(3):
        x, y, size = seed[8 + n] * width // 256, seed[11 + n] * height // 256, 30 + seed[14 + n] % 60
        draw.ellipse([x, y, x + size, y + size], fill=tuple(seed[17 + 3 * n : 20 + 3 * n]))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _read(url: str) -> Download:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310 (schemes checked)
            content = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        return Download(failure=f"{error.code} Client Error: {error.reason} for url: {url}")
    except (urllib.error.URLError, OSError, ValueError) as error:  # timeouts are OSErrors
        reason = getattr(error, "reason", error)
        return Download(failure=f"Failed to download {url}: {reason}")
    if len(content) > MAX_BYTES:
        return Download(failure=f"Failed to download {url}: larger than {MAX_BYTES} bytes")
    return Download(content)


def is_local(url: str) -> bool:
    """Whether `url` reads this machine: a file, or a host on loopback or a private network."""
    parts = urlsplit(url)
    return parts.scheme == "file" or _is_local_host(parts.hostname or "")


def _is_local_host(host: str) -> bool:
    if not host:
        return False
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False  # unresolvable: the real fetch fails on its own
    return any(
        ipaddress.ip_address(a.split("%")[0]).is_private or ipaddress.ip_address(a.split("%")[0]).is_loopback
        for a in addresses
    )


@functools.lru_cache(maxsize=1024)
def fetch(url: str) -> Download:
    """The content of `url`, or why it could not be had (cached per URL)."""
    parts = urlsplit(url)
    if is_sample(url):
        return Download(synthetic_image(url))
    if parts.scheme == "file":
        try:
            return Download(open(urllib.request.url2pathname(parts.path), "rb").read(MAX_BYTES))
        except OSError as error:
            return Download(failure=f"Failed to read {url}: {error.strerror}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Download(failure=f"Invalid URL {url!r}: only http, https and file URLs can be downloaded")
    return _read(url)
