"""A local Clarifai API emulator: real clarifai-grpc messages, dated behaviour, no account."""

from .accounts import Account
from .server import Emulator

__all__ = ["Account", "Emulator"]
