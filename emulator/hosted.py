"""Hosted input bytes, as Secure Data Hosting serves them today: an input's image or video is
answered as `url` plus `hosted {prefix, suffix, sizes}`, never as the uploaded bytes, and the
bytes are downloaded at prefix + "/" + size + "/" + suffix with a credential
(clarifai-facts.md, CL021; docs `code_snippets/api-guide/others/sdh-2.json`, `sdh-3.json`).

The emulator is its own data host: the prefix is its REST door (`Store.data_host`), which
serves the path below (`emulator.rest_door`). The prefix is set when an input is shown, never
stored, so a change module can later give old inputs their public S3 prefix instead (CL021).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie

from clarifai_grpc.grpc.api import resources_pb2
from PIL import Image

from . import downloads, images
from .store import DATA_HOST, App, Store, StoredInput

SIZES = {"image": ("orig", "tiny", "small", "large"), "video": ("orig", "thumbnail")}
# Longest side of each resized image, never enlarged (provenance: hosted-sizes: the real ones are not public).
MAX_SIDE = {"tiny": 150, "small": 320, "large": 1024, "thumbnail": 320}
# The public bucket of the time, as the documented S3 prefix has it after its host
# (https://s3.amazonaws.com/clarifai-api/img3/prod): the emulator serves it below its own host.
S3_BUCKET = "/clarifai-api/img3/prod"
S3_HOST = "https://s3.amazonaws.com"  # where the documented data host's inputs were before SDH
PATH = re.compile(r"^/(\w+)/users/([^/]+)/apps/([^/]+)/inputs/(image|video)/([0-9a-f]{32})$")


@dataclass(frozen=True)
class Served:
    """What the data host answers: an HTTP code, a content type and the body."""

    code: int
    content_type: str
    body: bytes


def _asset(data: resources_pb2.Data) -> tuple[str, resources_pb2.Image | resources_pb2.Video] | None:
    """The input's hosted kind (`image` or `video`) and its media, or None without one."""
    for kind in ("image", "video"):
        media = getattr(data, kind)
        if media.base64 or media.url:
            return kind, media
    return None


def asset_hash(media: resources_pb2.Image | resources_pb2.Video) -> str:
    """The asset's name in its hosted URL: the md5 of the uploaded bytes, or of the source URL for
    a URL input (provenance: hosted-hash)."""
    return hashlib.md5(media.base64 or media.url.encode()).hexdigest()


def app_hash(user_id: str, app_id: str) -> str:
    """The first part of an S3 suffix: 32 hex digits standing for the app (the documented example
    has `c272a8b0ea6c47c7b17430b922597aad`; what they were made from is not: provenance: s3-layout)."""
    return hashlib.md5(f"{user_id}/{app_id}".encode()).hexdigest()


def suffix(user_id: str, app_id: str, kind: str, media: resources_pb2.Image | resources_pb2.Video) -> str:
    """The documented SDH suffix: users/{user}/apps/{app}/inputs/{kind}/{hash}."""
    return f"users/{user_id}/apps/{app_id}/inputs/{kind}/{asset_hash(media)}"


def show_hosted(
    shown: resources_pb2.Input, user_id: str, app_id: str, prefix: str, *, public_s3: bool = False
) -> None:
    """Show an input's media as the API does: `hosted`, the bytes replaced by their `orig` URL
    (a URL input keeps its source URL); image_info stays. An input uploaded as a public S3 file
    (`public_s3`, CL021) is shown on the S3 bucket below `prefix` (`emulator.s3`)."""
    found = _asset(shown.data)
    if found is None:
        return
    kind, media = found
    if public_s3:
        media.hosted.prefix = (S3_HOST if prefix == DATA_HOST else prefix) + S3_BUCKET
        media.hosted.suffix = f"{app_hash(user_id, app_id)}/{asset_hash(media)}"
    else:
        media.hosted.prefix = prefix
        media.hosted.suffix = suffix(user_id, app_id, kind, media)
    media.hosted.ClearField("sizes")
    media.hosted.sizes.extend(SIZES[kind])
    if not media.url:
        media.url = f"{media.hosted.prefix}/orig/{media.hosted.suffix}"
    media.ClearField("base64")


def _tokens(headers: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """(API tokens, session tokens) a download carries, in the documented places."""
    keys, sessions = [], []
    scheme, _, token = headers.get("authorization", "").strip().partition(" ")
    if scheme == "Key" and token.strip():
        keys.append(token.strip())
    if headers.get("x-clarifai-session-token"):
        sessions.append(headers["x-clarifai-session-token"])
    cookies = SimpleCookie()
    with contextlib.suppress(CookieError):  # an unreadable Cookie header carries no credential
        cookies.load(headers.get("cookie", ""))
    if "x-clarifai-api-key" in cookies:
        keys.append(cookies["x-clarifai-api-key"].value)
    if "x_clarifai_session_token" in cookies:
        sessions.append(cookies["x_clarifai_session_token"].value)
    return keys, sessions


def find(app: App, kind: str, wanted: str, now: int) -> StoredInput | None:
    for stored in app.inputs.all(now):
        found = _asset(stored.input.data)
        if found is not None and found[0] == kind and asset_hash(found[1]) == wanted:
            return stored
    return None


def _resized(data: bytes, size: str) -> tuple[bytes, str]:
    """The bytes of one size and their content type: `orig` as uploaded, others scaled down."""
    image = images.decode(data)
    mime = Image.MIME.get(image.format or "", "application/octet-stream")
    if size == "orig":
        return data, mime
    small = image.copy()
    small.thumbnail((MAX_SIDE[size], MAX_SIDE[size]))  # deterministic: same bytes, same result
    out_format = image.format if image.format in images.WRITABLE else "PNG"
    buffer = io.BytesIO()
    small.save(buffer, out_format, **({"quality": images.JPEG_QUALITY} if out_format == "JPEG" else {}))
    return buffer.getvalue(), Image.MIME.get(out_format, "application/octet-stream")


def _content(media: resources_pb2.Image | resources_pb2.Video) -> bytes:
    return media.base64 or downloads.fetch(media.url).content


NOT_FOUND = Served(404, "application/json", b'{"status": "not found"}')
UNAUTHORIZED = Served(401, "application/json", b'{"status": "unauthorized"}')


def serve(store: Store, path: str, headers: Mapping[str, str], now: int) -> Served | None:
    """The data host's answer to GET `path`, or None when `path` is no hosted path.

    200 for a PAT of the app's user or a key of the app (header or cookie); 401 for an unknown
    credential (the emulator issues no session tokens); 404 without one, for another user's
    asset or an unknown one (provenance: hosted-auth)."""
    matched = PATH.match(path)
    if matched is None or matched.group(1) not in MAX_SIDE.keys() | {"orig"}:
        return None
    size, user_id, app_id, kind, wanted = matched.groups()
    keys, sessions = _tokens(headers)
    if not keys and not sessions:
        return NOT_FOUND
    credentials = [store.credentials.get(token) for token in keys]
    if sessions or not all(credentials):
        return UNAUTHORIZED
    if not any(c.user_id == user_id and c.app_id in ("", app_id) for c in credentials):
        return NOT_FOUND
    app = store.app(user_id, app_id)
    stored = find(app, kind, wanted, now) if app is not None else None
    if stored is None or size not in SIZES[kind] or stored.failure:
        return NOT_FOUND
    if kind == "video":
        media = stored.input.data.video
        return Served(200, "video/mp4", _content(media)) if size == "orig" else _video_thumbnail(wanted)
    return image_bytes(stored, size) or NOT_FOUND


def image_bytes(stored: StoredInput, size: str) -> Served | None:
    """An image input's bytes at `size`, or None when they cannot be decoded."""
    try:
        body, mime = _resized(_content(stored.input.data.image), size)
    except images.ImageError:
        return None
    return Served(200, mime, body)


def _video_thumbnail(wanted: str) -> Served:
    """A video's thumbnail: the emulator decodes no video, so a JPEG of one colour taken from the
    asset's hash (provenance: hosted-sizes)."""
    colour = tuple(bytes.fromhex(wanted[:6]))
    buffer = io.BytesIO()
    Image.new("RGB", (MAX_SIDE["thumbnail"], MAX_SIDE["thumbnail"] * 9 // 16), colour).save(buffer, "JPEG")
    return Served(200, "image/jpeg", buffer.getvalue())
