"""MyScopes: what the caller's credential may do in the app it reaches.

A PAT, or a key with the `All` scope, holds every operation scope; a scoped app key holds
its own scopes and endpoints (provenance: my-scopes).
"""

from __future__ import annotations

from google.protobuf.message import Message

from ..call import Call
from . import handles
from .apps import render as render_app
from .keys import SCOPES, shown_scope


@handles("MyScopes")
def my_scopes(call: Call) -> Message:
    """The caller's scopes (`Inputs:Add`...), endpoints, and the app they apply to."""
    credential = call.caller.credential
    held = set(credential.scopes)
    if credential.is_pat or "All" in held:
        scopes, endpoints = sorted(SCOPES - {"All"}), []
    else:
        scopes = sorted(s for s in held if not s.startswith("/"))
        endpoints = sorted(s for s in held if s.startswith("/"))
    return call.ok(scopes=[shown_scope(s) for s in scopes], endpoints=endpoints, app=render_app(call.app))
