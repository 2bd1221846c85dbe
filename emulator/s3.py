"""The public S3 bucket inputs were uploaded to before Secure Data Hosting (CL021), as it still
answers today: an input uploaded then keeps its public URL, prefix + "/" + size + "/" + suffix
(docs `code_snippets/api-guide/others/sdh-2.json`), downloaded with no credential at all.

Clarifai's page says that sending the authorization to such a URL makes "the request fail"
(`sdh-5.sh`); the answers below are Amazon S3's (provenance: s3-answers): 400
`InvalidArgument` "Unsupported Authorization Type" for an `Authorization` header S3 does not
know, 403 `AccessDenied` for an object that is not public or not there. S3 echoes the header's
value in `ArgumentValue`; the emulator leaves it out, as it never writes a credential back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from . import hosted
from .hosted import S3_BUCKET, Served
from .store import Store, StoredInput

PATH = re.compile(rf"^{re.escape(S3_BUCKET)}/(\w+)/([0-9a-f]{{32}})/([0-9a-f]{{32}})$")
XML = "application/xml"


def _error(code: str, message: str, extra: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{message}</Message>{extra}</Error>"
    ).encode()


UNSUPPORTED_AUTHORIZATION = Served(
    400,
    XML,
    _error("InvalidArgument", "Unsupported Authorization Type", "<ArgumentName>Authorization</ArgumentName>"),
)
ACCESS_DENIED = Served(403, XML, _error("AccessDenied", "Access Denied"))


def _find(store: Store, app_part: str, wanted: str, now: int) -> StoredInput | None:
    """The input uploaded as a public S3 file under these two parts of the suffix, if any."""
    for user in store.users.values():
        for app in user.apps.values():
            if hosted.app_hash(app.user_id, app.id) != app_part:
                continue
            found = hosted.find(app, "image", wanted, now)
            if found is not None and found.public_s3:
                return found
    return None


def serve(store: Store, path: str, headers: Mapping[str, str], now: int) -> Served | None:
    """S3's answer to GET `path`, or None when `path` is not in the bucket."""
    matched = PATH.match(path)
    if matched is None:
        return None
    if "authorization" in headers:
        return UNSUPPORTED_AUTHORIZATION
    size, app_part, wanted = matched.groups()
    stored = _find(store, app_part, wanted, now)
    if stored is None or size not in hosted.SIZES["image"] or stored.failure:
        return ACCESS_DENIED
    return hosted.image_bytes(stored, size) or ACCESS_DENIED
