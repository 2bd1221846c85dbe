"""Who is calling, and may they: the `authorization` metadata against the store.

Rules follow the real API: `authorization: Key <token>`, where the token is a PAT (all of
its user's apps) or an app API key (its own app only); whether an RPC takes a key or needs a
PAT is the descriptor's `cl_auth_type`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from google.protobuf.message import Message

from .descriptors import Rpc
from .statuses import ApiError
from .store import App, Credential, Store, User

TOKEN = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class Caller:
    """An authenticated request: whose credential, and which user and app it acts on."""

    credential: Credential | None
    user: User | None
    app: App | None


def token_from(metadata: Mapping[str, str]) -> str:
    """The token of `authorization: Key <token>`; 11102 when the header is absent or odd."""
    scheme, _, token = metadata.get("authorization", "").strip().partition(" ")
    if scheme != "Key" or not token.strip():
        raise ApiError("CONN_INVALID_REQUEST", "no-authorization")
    return token.strip()


def credential_for(token: str, store: Store) -> Credential:
    """The PAT or API key `token`; 11008 when it is malformed or unknown."""
    if not TOKEN.fullmatch(token):
        raise ApiError("CONN_KEY_INVALID", "key-format")
    credential = store.credentials.get(token)
    if credential is None:
        raise ApiError("CONN_KEY_INVALID", "key-unknown")
    return credential


def is_app_scoped(rpc: Rpc) -> bool:
    """Whether the RPC acts inside one app (its REST path names the app)."""
    return any("{user_app_id.app_id}" in binding.template for binding in rpc.bindings)


def authenticate(rpc: Rpc, request: Message, metadata: Mapping[str, str], store: Store) -> Caller:
    """Check the credential of a request and resolve the user and app it acts on."""
    if rpc.auth_type == "NoAuth":
        return Caller(None, None, None)
    credential = credential_for(token_from(metadata), store)
    if rpc.auth_type == "PATAuth" and not credential.is_pat:
        raise ApiError("CONN_INSUFFICIENT_SCOPES", "key-needs-pat", rpc=rpc.name)
    if not credential.allows(rpc.scopes, f"/clarifai.api.V2/{rpc.name}"):
        missing = ", ".join(sorted(s.replace("_", ":") for s in set(rpc.scopes) - set(credential.scopes)))
        raise ApiError("CONN_INSUFFICIENT_SCOPES", "key-scopes", rpc=rpc.name, missing=missing)
    scope = getattr(request, "user_app_id", None)
    user_id = (scope.user_id if scope else "") or "me"
    app_id = scope.app_id if scope else ""
    if credential.is_pat:
        return _pat_caller(rpc, credential, user_id, app_id, store)
    return _key_caller(credential, user_id, app_id, store)


def _pat_caller(rpc: Rpc, credential: Credential, user_id: str, app_id: str, store: Store) -> Caller:
    user_id = credential.user_id if user_id == "me" else user_id
    if user_id != credential.user_id:
        return _public_caller(rpc, credential, user_id, app_id, store)
    user = store.users[user_id]
    if not is_app_scoped(rpc):
        return Caller(credential, user, None)
    if not app_id:
        raise ApiError("CONN_KEY_INVALID", "no-app-id")
    app = store.app(user_id, app_id)
    if app is None:
        raise ApiError("CONN_DOES_NOT_EXIST", "app-not-found", user=user_id, app=app_id)
    return Caller(credential, user, app)


def _public_caller(rpc: Rpc, credential: Credential, user_id: str, app_id: str, store: Store) -> Caller:
    """Another user's app: only a public one (clarifai/main), and only to read or predict."""
    app = store.app(user_id, app_id)
    if app is None or not app.public or not rpc.read_only:
        raise ApiError("CONN_DOES_NOT_EXIST", "app-not-found", user=user_id, app=app_id)
    return Caller(credential, store.users[user_id], app)


def _key_caller(credential: Credential, user_id: str, app_id: str, store: Store) -> Caller:
    user_ok = user_id in ("me", credential.user_id)
    if not user_ok or app_id not in ("", credential.app_id):
        _refuse_key_on_public_app(user_id, app_id, store)
        raise ApiError("CONN_KEY_INVALID", "key-wrong-app", app=app_id or "the one asked")
    app = store.app(credential.user_id, credential.app_id)
    return Caller(credential, store.users[credential.user_id], app)


def _refuse_key_on_public_app(user_id: str, app_id: str, store: Store) -> None:
    """An app key naming clarifai/main: 11008 saying that a PAT is needed (CL019)."""
    app = store.app(user_id, app_id)
    if app is not None and app.public:
        raise ApiError("CONN_KEY_INVALID", "key-on-public-app", user=user_id, app=app_id)
