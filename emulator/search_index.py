"""Postings of an app's inputs by what searches filter on: labelled concepts and metadata.

Each input is filed under keys drawn from its labels (its own concepts and its region
annotations' concepts) and its metadata; a search looks a filter's keys up to get the few
inputs that may pass it, instead of reading every input. The postings only narrow: every
input that can pass a filter is filed under the key the filter asks for, and the exact
matching of `emulator.search` still decides, so answers do not depend on them.

- ("id", concept id, value > 0) and ("name", concept name, value > 0) for every label;
- ("meta", path, value) for every scalar reached through nested objects of the metadata, and
  ("meta-key", path) for every key so reached (path: the keys from the top).

Values are filed as Python values, so keys compare as `search.metadata_contains` does (1,
1.0 and true are one key: a few more candidates, never fewer).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf import json_format

Key = tuple  # ("id" | "name", str, bool), ("meta", path, value) or ("meta-key", path)
NO_IDS: frozenset[str] = frozenset()


def label_key(concept: resources_pb2.Concept) -> Key:
    """The key a concept filter looks up: by id, or by name when it has no id."""
    positive = concept.value > 0
    return ("id", concept.id, positive) if concept.id else ("name", concept.name, positive)


def _metadata_keys(value: object, path: tuple[str, ...] = ()) -> Iterator[Key]:
    """The keys of metadata `value` at `path`: its nested keys, and the scalars below them."""
    if isinstance(value, dict):
        for name, below in value.items():
            yield ("meta-key", (*path, name))
            yield from _metadata_keys(below, (*path, name))
    elif path and not isinstance(value, list):
        yield ("meta", path, value)


def metadata_key(wanted: object, path: tuple[str, ...] = ()) -> Key | None:
    """One key every metadata containing `wanted` is filed under (a scalar's when there is
    one), or None when `wanted` is an empty object at the top (anything contains it)."""
    if isinstance(wanted, dict):
        found = None
        for name, below in wanted.items():
            key = metadata_key(below, (*path, name))
            if key is not None and key[0] == "meta":
                return key
            found = found or key
        return found or (("meta-key", path) if path else None)
    if isinstance(wanted, list):
        return ("meta-key", path)
    return ("meta", path, wanted)


def input_keys(item: resources_pb2.Input, regions: Iterable[resources_pb2.Annotation]) -> frozenset[Key]:
    """Every key an input is filed under, with its region annotations `regions`."""
    labels = [*item.data.concepts]
    for annotation in regions:
        labels.extend(annotation.data.concepts)
        labels.extend(c for region in annotation.data.regions for c in region.data.concepts)
    keys: set[Key] = set()
    for concept in labels:
        keys.add(("id", concept.id, concept.value > 0))
        keys.add(("name", concept.name, concept.value > 0))
    if item.data.HasField("metadata"):
        keys.update(_metadata_keys(json_format.MessageToDict(item.data.metadata)))
    return frozenset(keys)


class Postings:
    """Input ids by key, and each input's keys so that refiling it drops its old ones.

    Memory stays near a few hundred bytes an input: an input keeps its keys as a tuple of the
    keys already filed (one object per distinct key, `_ids` keeps it with its ids), and a key
    of one input (a metadata value of its own, such as a number) keeps that id alone, not a set.
    """

    def __init__(self) -> None:
        self._keys: dict[str, tuple[Key, ...]] = {}
        self._ids: dict[Key, tuple[Key, set[str] | str]] = {}  # key -> (the key filed, its ids)

    def file(self, input_id: str, keys: frozenset[Key]) -> None:
        """File the input under `keys` (only), replacing what it was filed under."""
        self.drop(input_id)
        kept = []
        for key in keys:
            filed, ids = self._ids.get(key, (key, ""))
            if not ids:
                self._ids[key] = (key, input_id)
            elif isinstance(ids, str):
                self._ids[key] = (filed, {ids, input_id})
            else:
                ids.add(input_id)
            kept.append(filed)
        self._keys[input_id] = tuple(kept)

    def drop(self, input_id: str) -> None:
        """Forget the input."""
        for key in self._keys.pop(input_id, ()):
            filed, ids = self._ids[key]
            if isinstance(ids, str):
                del self._ids[key]
            elif len(ids) == 2:
                self._ids[key] = (filed, next(i for i in ids if i != input_id))
            else:
                ids.discard(input_id)

    def having(self, key: Key) -> Collection[str]:
        """The ids of the inputs filed under `key` (read only)."""
        ids = self._ids.get(key, (key, NO_IDS))[1]
        return (ids,) if isinstance(ids, str) else ids
