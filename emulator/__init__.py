"""A local Clarifai API emulator: real clarifai-grpc messages, dated behaviour, no account."""

from .server import Account, Emulator

__all__ = ["Account", "Emulator"]
