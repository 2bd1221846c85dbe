"""Small builders shared by the tests."""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2


def image(
    url: str = "https://samples.clarifai.com/metro-north.jpg",
    input_id: str = "",
    allow_duplicate: bool = True,
) -> resources_pb2.Input:
    """An input with an image URL; like Clarifai's docs examples it allows a URL already in the app."""
    picture = resources_pb2.Image(url=url, allow_duplicate_url=allow_duplicate)
    return resources_pb2.Input(id=input_id, data=resources_pb2.Data(image=picture))


def images(count: int, prefix: str = "in") -> list[resources_pb2.Input]:
    """`count` inputs with ids `prefix-0000`, ..."""
    return [
        image(f"https://samples.clarifai.com/{prefix}/{n}.jpg", f"{prefix}-{n:04d}") for n in range(count)
    ]
