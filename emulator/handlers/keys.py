"""API keys and PATs of the calling user: PostKeys, GetKey, ListKeys, DeleteKey (PATs only).

An app API key's id is its token, as in the real API: PostKeys answers the new key's id and
that id goes into `authorization: Key <id>`. A key holds operation scopes (`Inputs:Add`,
`Predict`... or `All`) and endpoints (`/clarifai.api.V2/GetInput`); `emulator.auth` refuses a
request whose RPC needs a scope the key lacks (11007).
"""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2
from clarifai_grpc.grpc.auth.scope import scope_pb2
from google.protobuf.message import Message

from ..call import Call
from ..descriptors import rpcs
from ..paging import page
from ..statuses import ApiError
from ..store import Credential, User
from . import handles

APP_KEY, PAT = "app_specific_key", "personal_access_token"
SCOPES = frozenset(name for name in scope_pb2.S.DESCRIPTOR.values_by_name if name != "undef")
ENDPOINT_PREFIX = "/clarifai.api.V2/"


def shown_scope(name: str) -> str:
    """A scope as the API writes it: `Inputs_Add` -> `Inputs:Add`."""
    return name.replace("_", ":")


def scope_name(text: str) -> str:
    """The `scope_pb2.S` name of a scope written `Inputs:Add` or `Inputs_Add`; 11102 if unknown."""
    name = text.strip().replace(":", "_")
    if name not in SCOPES:
        raise ApiError("CONN_INVALID_REQUEST", "unknown-scope", scope=text[:80])
    return name


def endpoint_name(text: str) -> str:
    """An endpoint scope `/clarifai.api.V2/<Rpc>`; 11102 if no such RPC."""
    if not text.startswith(ENDPOINT_PREFIX) or text[len(ENDPOINT_PREFIX) :] not in rpcs():
        raise ApiError("CONN_INVALID_REQUEST", "unknown-endpoint", endpoint=text[:120])
    return text


def key_type(credential: Credential) -> str:
    return PAT if credential.is_pat else APP_KEY


def render(user: User, credential: Credential) -> resources_pb2.Key:
    """A key as responses show it: its record if PostKeys made it, else what the store knows."""
    record = user.keys.get(credential.token)
    if record is not None:
        shown = resources_pb2.Key()
        shown.CopyFrom(record)
        return shown
    shown = resources_pb2.Key(id=credential.token, type=key_type(credential))
    shown.scopes.extend(shown_scope(s) for s in credential.scopes if not s.startswith("/"))
    shown.endpoints.extend(s for s in credential.scopes if s.startswith("/"))
    if not credential.is_pat:
        shown.apps.add(id=credential.app_id, user_id=credential.user_id)
    return shown


def _key_app(call: Call, given: resources_pb2.Key) -> str:
    """The one app of an app key's `apps`, which must be the caller's; 11102 / 11101 otherwise."""
    if len(given.apps) != 1:
        raise ApiError("CONN_INVALID_REQUEST", "key-one-app", count=len(given.apps))
    app = given.apps[0]
    user = call.caller.user
    if app.user_id not in ("", "me", user.id) or app.id not in user.apps:
        raise ApiError("CONN_DOES_NOT_EXIST", "app-not-found", user=app.user_id or user.id, app=app.id)
    return app.id


def _new_key(call: Call, given: resources_pb2.Key) -> tuple[Credential, resources_pb2.Key]:
    """The credential and record of one key of a PostKeys request, checked, not yet kept."""
    kind = given.type or (APP_KEY if given.apps else "")
    if kind not in (APP_KEY, PAT):
        raise ApiError("CONN_INVALID_REQUEST", "bad-key-type", type=given.type[:40])
    user = call.caller.user
    token = call.ids.hex32("key")
    record = resources_pb2.Key()
    record.CopyFrom(given)
    record.id, record.type = token, kind
    record.created_at.CopyFrom(call.timestamp())
    if kind == PAT:
        if given.apps:
            raise ApiError("CONN_INVALID_REQUEST", "pat-no-apps")
        del record.scopes[:]
        record.scopes.append("All")
        return Credential(token, user.id), record
    scopes = [scope_name(text) for text in given.scopes]
    endpoints = [endpoint_name(text) for text in given.endpoints]
    if not scopes and not endpoints:
        raise ApiError("CONN_INVALID_REQUEST", "no-scopes")
    app_id = _key_app(call, given)
    del record.scopes[:]
    record.scopes.extend(shown_scope(name) for name in scopes)
    record.apps[0].user_id = user.id
    return Credential(token, user.id, app_id, tuple(scopes + endpoints)), record


@handles("PostKeys")
def post_keys(call: Call) -> Message:
    """Create app API keys (one app each, with scopes) or PATs; their ids are their tokens."""
    if not call.request.keys:
        raise ApiError("CONN_INVALID_REQUEST", "no-keys")
    made = [_new_key(call, given) for given in call.request.keys]  # all valid, or none kept
    user = call.caller.user
    for credential, record in made:
        call.store.add_credential(credential)
        user.keys[credential.token] = record
    return call.ok(keys=[render(user, credential) for credential, _ in made])


def _own(call: Call, key_id: str) -> Credential:
    credential = call.store.credentials.get(key_id)
    if credential is None or credential.user_id != call.caller.user.id:
        raise ApiError("CONN_KEY_NOT_FOUND", "key-not-found")
    return credential


@handles("GetKey")
def get_key(call: Call) -> Message:
    """One key of the caller."""
    return call.ok(key=render(call.caller.user, _own(call, call.request.key_id)))


@handles("ListKeys")
def list_keys(call: Call) -> Message:
    """The caller's keys and PATs, newest first, optionally of one type or holding given scopes."""
    user = call.caller.user
    request = call.request
    wanted = {scope_name(text) for text in request.scopes}
    keys = [c for c in call.store.credentials.values() if c.user_id == user.id]
    if request.type:
        keys = [c for c in keys if key_type(c) == request.type]
    if wanted:
        keys = [c for c in keys if c.allows(wanted)]
    return call.ok(keys=page(call, [render(user, c) for c in reversed(keys)]))


@handles("DeleteKey")
def delete_key(call: Call) -> Message:
    """Delete one of the caller's keys or PATs; requests with it fail from then on."""
    call.store.delete_credential(_own(call, call.request.key_id).token)
    return call.ok()
