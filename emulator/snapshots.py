"""The emulator's state as bytes: what `--db` restarts from, and what a failed request rolls back to.

A snapshot is the store, the id generator's count and the clock, pickled. Protobuf messages
travel as their full name and serialized bytes (clarifai-grpc's classes cannot be pickled by
reference: their module path is not importable). The store is restored in place, so every
object that holds it (doors, handlers' calls) sees the restored state.
"""

from __future__ import annotations

import functools
import io
import pickle
from dataclasses import dataclass

from google.protobuf import descriptor_pool
from google.protobuf.message import Message
from google.protobuf.message_factory import GetMessageClass

from .clock import IdGenerator, VirtualClock
from .store import Store

# What unpickling a snapshot of another emulator build, or a damaged one, can raise.
UNREADABLE = (
    pickle.UnpicklingError,
    AttributeError,
    EOFError,
    ImportError,
    IndexError,
    TypeError,
    ValueError,
)
HOW_SERVED = ("local_urls", "data_host")  # set by this run's doors and host, not part of the state


@dataclass
class State:
    """Everything requests change."""

    store: Store
    id_count: int
    tick: int


@functools.cache
def _message_class(full_name: str) -> type[Message]:
    return GetMessageClass(descriptor_pool.Default().FindMessageTypeByName(full_name))


def _message(full_name: str, data: bytes) -> Message:
    message = _message_class(full_name)()
    message.ParseFromString(data)
    return message


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: object) -> object:
        if isinstance(obj, Message):
            return _message, (obj.DESCRIPTOR.full_name, obj.SerializeToString())
        return NotImplemented


def capture(store: Store, ids: IdGenerator, clock: VirtualClock) -> bytes:
    """The state now, as bytes."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(State(store, ids.count, clock.now))
    return buffer.getvalue()


def read(data: bytes) -> State:
    """The state `capture` made (raises pickle.UnpicklingError, or whatever a damaged one gives)."""
    state = pickle.loads(data)
    if not isinstance(state, State):
        raise pickle.UnpicklingError(f"not an emulator state but a {type(state).__name__}")
    return state


def restore(data: bytes, store: Store, ids: IdGenerator, clock: VirtualClock) -> None:
    """Make `store`, `ids` and `clock` what they were when `data` was captured."""
    state = read(data)
    kept = {name: getattr(store, name) for name in HOW_SERVED}
    vars(store).clear()
    vars(store).update(vars(state.store), **kept)
    ids.count = state.id_count
    clock.now = state.tick
