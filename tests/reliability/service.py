"""The RPCs the reliability tests call, read from the `clarifai.api.V2` service descriptor.

Implemented: the service's methods that have a handler, and the retired RPCs old clients still
call (`emulator.descriptors.rpcs` adds them) that have one. Unimplemented: the service's
methods without a handler. Nothing here is typed by hand, so a newer clarifai-grpc or a new
handler changes both lists by itself.
"""

from __future__ import annotations

from emulator.descriptors import SERVICE, rpcs
from emulator.handlers import HANDLERS

SERVICE_METHODS: tuple[str, ...] = tuple(method.name for method in SERVICE.methods)
RETIRED: tuple[str, ...] = tuple(sorted(set(rpcs()) - set(SERVICE_METHODS)))
IMPLEMENTED: tuple[str, ...] = tuple(sorted(name for name in rpcs() if name in HANDLERS))
UNIMPLEMENTED: tuple[str, ...] = tuple(sorted(name for name in SERVICE_METHODS if name not in HANDLERS))
