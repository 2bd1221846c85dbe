"""Accounts the emulator seeds: a user with one app, a PAT and an app API key.

The default account's tokens come from the emulator's id generator; a workshop attendee's
from the workshop's secret seed and the attendee's number alone, so a restart (or adding
attendees later) gives everyone the same credentials.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .clock import IdGenerator
from .store import Credential, Store

ATTENDEE_APP_ID = "migrations"


@dataclass(frozen=True)
class Account:
    """A seeded user with one app, a PAT and an app API key."""

    user_id: str
    app_id: str
    pat: str
    api_key: str


def seed(store: Store, ids: IdGenerator, user_id: str, app_id: str) -> Account:
    """Create a user with an app, a PAT and an app API key; return them."""
    store.add_user(user_id).add_app(app_id)
    pat = store.add_credential(Credential(ids.hex32("pat"), user_id)).token
    key = store.add_credential(Credential(ids.hex32("key"), user_id, app_id)).token
    return Account(user_id, app_id, pat, key)


def attendee_user_id(number: int) -> str:
    """The user id of attendee `number` (1-based): attendee-01, attendee-02..."""
    return f"attendee-{number:02d}"


def _token(seed_text: str, number: int, kind: str) -> str:
    """A 32-hex token of attendee `number`, from the seed alone: the same at every start, and
    the same whenever the attendee is added (the emulator's own id counter is not used)."""
    return hashlib.sha256(f"{seed_text}:attendee:{number}:{kind}".encode()).hexdigest()[:32]


def attendee(seed_text: str, number: int) -> Account:
    """The account of attendee `number`, as `add_attendee` makes it (without adding it)."""
    user = attendee_user_id(number)
    return Account(user, ATTENDEE_APP_ID, _token(seed_text, number, "pat"), _token(seed_text, number, "key"))


def add_attendee(store: Store, seed_text: str, number: int) -> Account:
    """Create attendee `number`: a user with one app, a PAT and an app API key."""
    account = attendee(seed_text, number)
    store.add_user(account.user_id).add_app(account.app_id)
    store.add_credential(Credential(account.pat, account.user_id))
    store.add_credential(Credential(account.api_key, account.user_id, account.app_id))
    return account
