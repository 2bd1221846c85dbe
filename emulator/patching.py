"""Patch actions, one implementation for every Patch RPC (inputs' data, models, versions,
workflows): `merge` adds and updates, `remove` deletes what the patch names, `overwrite`
replaces."""

from __future__ import annotations

from collections.abc import Iterable

from google.protobuf.message import Message

from .statuses import ApiError

ACTIONS = ("merge", "remove", "overwrite")


def check_action(action: str, default: str = "merge") -> str:
    """`action` (`default` when empty): merge, remove or overwrite; 11102 naming it otherwise."""
    action = action or default
    if action not in ACTIONS:
        raise ApiError("CONN_INVALID_REQUEST", "bad-action", action=action)
    return action


def apply(
    action: str, target: Message, patch: Message, *, keyed: Iterable[str] = (), fixed: Iterable[str] = ()
) -> None:
    """Patch `target` in place. `keyed` names repeated message fields whose entries are told
    apart by `id` (an input's concepts); `fixed` names fields `overwrite` keeps."""
    if action == "merge":
        merge(target, patch, keyed)
    elif action == "remove":
        remove(target, patch, keyed)
    else:
        overwrite(target, patch, fixed)


def _string_lists(message: Message) -> list[str]:
    return [f.name for f in message.DESCRIPTOR.fields if f.is_repeated and f.type == f.TYPE_STRING]


def merge(target: Message, patch: Message, keyed: Iterable[str] = ()) -> None:
    """Scalars and messages replace, metadata merges key by key, string lists gain new entries,
    entries of `keyed` lists are replaced by id or added."""
    rest = type(patch)()
    rest.CopyFrom(patch)
    for name in _string_lists(target):
        old = getattr(target, name)
        old.extend(v for v in dict.fromkeys(getattr(patch, name)) if v not in old)
        rest.ClearField(name)
    for name in keyed:
        entries = {entry.id: entry for entry in getattr(target, name)}
        for entry in getattr(patch, name):
            if entry.id in entries:
                entries[entry.id].CopyFrom(entry)
            else:
                getattr(target, name).append(entry)
        rest.ClearField(name)
    target.MergeFrom(rest)


def _keep_only(target: Message, name: str, kept: list) -> None:
    target.ClearField(name)
    getattr(target, name).extend(kept)


def remove(target: Message, patch: Message, keyed: Iterable[str] = ()) -> None:
    """String-list entries, `keyed` entries (by id) and metadata keys named in `patch` go."""
    for name in _string_lists(target):
        gone = set(getattr(patch, name))
        _keep_only(target, name, [v for v in getattr(target, name) if v not in gone])
    for name in keyed:
        gone = {entry.id for entry in getattr(patch, name)}
        _keep_only(target, name, [e for e in getattr(target, name) if e.id not in gone])
    if "metadata" in target.DESCRIPTOR.fields_by_name:
        for key in patch.metadata:
            if key in target.metadata:
                del target.metadata[key]


def overwrite(target: Message, patch: Message, fixed: Iterable[str] = ()) -> None:
    """Every field becomes the patch's, except the `fixed` ones, which keep their values."""
    fixed = set(fixed)
    kept = type(target)()
    kept.CopyFrom(target)
    kept.DiscardUnknownFields()
    for field in target.DESCRIPTOR.fields:
        if field.name not in fixed:
            kept.ClearField(field.name)
    target.CopyFrom(patch)
    for name in fixed:
        target.ClearField(name)
    target.MergeFrom(kept)
