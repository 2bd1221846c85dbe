"""Offline "downloads" of URL inputs, as the API fetches them after PostInputs.

- `file://` paths and loopback `http(s)://` URLs are fetched for real;
- Clarifai's sample hosts (the URLs its docs use everywhere) get a deterministic synthetic
  image, so code copied from the docs runs offline (provenance: sample-hosts); a `.zip` there
  is a synthetic archive and a folder a synthetic listing, both of SAMPLE_FOLDER's files, for
  cloud data sources (provenance: sample-archive);
- any other host is never contacted (the emulator is offline): it fails the way the real API
  reports a URL it cannot fetch, 30002 `Download failed; check URL` with the 404 details text
  (provenance: download-offline).
"""

from __future__ import annotations

import functools
import hashlib
import io
import ipaddress
import socket
import struct
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from urllib.parse import urlsplit

from PIL import Image, ImageDraw

SAMPLE_HOSTS = ("samples.clarifai.com", "s3.amazonaws.com/samples.clarifai.com")
TIMEOUT = 2.0  # seconds for a real fetch
MAX_BYTES = 20 * 1024 * 1024
# What Clarifai's sample archive and sample folder hold: three images and a video, as
# clarifai-grpc's tests/client/test_cloud_archive_extraction.py counts them (provenance: sample-archive).
SAMPLE_FOLDER = ("image-1.jpg", "image-2.jpg", "image-3.jpg", "video-1.mp4")
ARCHIVE_SUFFIXES = (".zip",)


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


def video_seconds(url: str) -> int:
    """How long the synthetic video of a sample URL lasts: 4 to 12 seconds, by a hash of it."""
    return 4 + hashlib.sha256(url.encode()).digest()[0] % 9


def synthetic_video(url: str) -> bytes:
    """An MP4 container (`ftyp`, `moov` with its movie header, `mdat`) whose payload depends
    only on `url`; not playable, but typed, sized and timed (`video_seconds`) like a short video
    (provenance: sample-videos)."""
    ftyp = struct.pack(">I4s4sI4s4s", 24, b"ftyp", b"isom", 0x200, b"isom", b"mp41")
    timescale = 1000
    duration = video_seconds(url) * timescale
    # mvhd version 0: times, timescale, duration, rate 1.0, volume 1.0, matrix, next track id
    mvhd = struct.pack(">I4sIIIIIIH10x36x24xI", 108, b"mvhd", 0, 0, 0, timescale, duration, 0x10000, 0x100, 2)
    moov = struct.pack(">I4s", 8 + len(mvhd), b"moov") + mvhd
    payload = b"".join(hashlib.sha256(f"{url}:{n}".encode()).digest() for n in range(64))
    return ftyp + moov + struct.pack(">I4s", 8 + len(payload), b"mdat") + payload


def synthetic_gif(url: str) -> bytes:
    """An animated GIF of `video_seconds(url)` one-second frames, each a small gradient."""
    seed = hashlib.sha256(url.encode()).digest()
    frames = [
        Image.new("RGB", (64, 48), tuple(seed[(3 * n + k) % 32] for k in range(3)))
        for n in range(video_seconds(url))
    ]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=1000, loop=0)
    return out.getvalue()


def synthetic_archive(url: str) -> bytes:
    """A zip of SAMPLE_FOLDER's files, each made from the archive's URL and its name."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in SAMPLE_FOLDER:
            info = zipfile.ZipInfo(name, date_time=(2023, 1, 1, 0, 0, 0))  # fixed: the same bytes every run
            archive.writestr(info, synthetic_file(f"{url}/{name}"))
    return out.getvalue()


def synthetic_file(url: str) -> bytes:
    """The synthetic content of a sample-host URL, by its kind: archive, video or image."""
    path = urlsplit(url).path.lower()
    if path.endswith(ARCHIVE_SUFFIXES):
        return synthetic_archive(url)
    if path.endswith(".mp4"):
        return synthetic_video(url)
    if path.endswith(".gif"):
        return synthetic_gif(url)
    return synthetic_image(url)


def list_objects(url: str) -> list[str] | None:
    """The object URLs a cloud URL names: itself for a file, the files under it for a folder
    prefix on a sample host; None where the emulator cannot list (any other bucket)."""
    if not is_sample(url):
        return None
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    if "." in name:
        return [url]
    return [url + file for file in SAMPLE_FOLDER]


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


def fetch_for(url: str, local: bool) -> Download:
    """`fetch`, except that with `local` False (a shared emulator) files and URLs of this
    machine or its network are refused."""
    if not local and is_local(url):
        return Download(failure=f"Failed to download {url}: this emulator does not fetch local URLs")
    return fetch(url)


@functools.lru_cache(maxsize=1024)
def fetch(url: str) -> Download:
    """The content of `url`, or why it could not be had (cached per URL)."""
    parts = urlsplit(url)
    if is_sample(url):
        return Download(synthetic_file(url))
    if parts.scheme == "file":
        try:
            return Download(open(urllib.request.url2pathname(parts.path), "rb").read(MAX_BYTES))
        except OSError as error:
            return Download(failure=f"Failed to read {url}: {error.strerror}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Download(failure=f"Invalid URL {url!r}: only http, https and file URLs can be downloaded")
    if not _is_local_host(parts.hostname):
        return Download(failure=f"404 Client Error: Not Found for url: {url}")
    return _read(url)
