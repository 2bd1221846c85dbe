"""Files the API makes and serves from its data host: dataset version exports.

The real API answers an export as a URL on its data host, read with the owner's credential
like hosted inputs (clarifai-facts.md, SDH). The emulator keeps those files in the store
(`Store.hosted`, by path) under the same prefix as hosted inputs (`Store.data_host`, its REST
door once it runs), and the REST door serves them after `emulator.hosted`'s input paths.
"""

from __future__ import annotations

from collections.abc import Mapping

from .hosted import NOT_FOUND, UNAUTHORIZED, Served
from .store import App, HostedFile, Store

ROOT = "/orig/users/"  # every hosted path, as for the `orig` size of inputs (provenance: hosted-files)


def host(store: Store, app: App, name: str, content: bytes, content_type: str) -> str:
    """Keep `content` as the app's file `name`; return its path on the data host (responses
    show it after `Store.data_host`, set when shown, as for hosted inputs)."""
    path = f"{ROOT}{app.user_id}/apps/{app.id}/{name}"
    store.hosted[path] = HostedFile(content, content_type, app.user_id, app.id)
    return path


def serve(store: Store, path: str, headers: Mapping[str, str]) -> Served | None:
    """The data host's answer to GET `path`, or None when no file was ever hosted there.

    As for hosted inputs (provenance: hosted-auth): 200 for a PAT of the owner or a key of its
    app (`authorization: Key ...`), 401 for an unknown key, 404 without one or for anyone else."""
    found = store.hosted.get(path)
    if found is None:
        return None
    scheme, _, token = headers.get("authorization", "").strip().partition(" ")
    if scheme != "Key" or not token.strip():
        return NOT_FOUND
    credential = store.credentials.get(token.strip())
    if credential is None:
        return UNAUTHORIZED
    if credential.user_id != found.user_id or credential.app_id not in ("", found.app_id):
        return NOT_FOUND
    return Served(200, found.content_type, found.content)
