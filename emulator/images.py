"""Images sent as bytes: decode, measure and crop them (pure functions, Pillow).

A crop is four fractions in Clarifai's order: top, left, bottom, right, each measured from
the image's top or left edge (so `top < bottom` and `left < right`), as the removed
`image.crop` field took them (CL004).
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Sequence

from clarifai_grpc.grpc.api import resources_pb2
from PIL import Image

Crop = tuple[float, float, float, float]
PixelBox = tuple[int, int, int, int]  # left, upper, right, lower: Pillow's order
WRITABLE = {"JPEG", "PNG", "GIF", "BMP", "TIFF", "WEBP"}  # re-encoded as themselves; others as PNG
JPEG_QUALITY = 95


MAX_BYTES = 20 * 1024 * 1024  # Clarifai's docs: each image "less than 20MB" (provenance: image-limits)
MAX_PIXELS = 85_000_000  # and "a maximum of 85 megapixels"


class ImageError(ValueError):
    """Bytes that are not an image this emulator can decode."""


class ImageTooLarge(ImageError):
    """An image over the API's limits; `key` names its details text, `values` fill it."""

    def __init__(self, key: str, **values: int) -> None:
        self.key, self.values = key, values
        super().__init__(f"{key}: {values}")


class CropError(ValueError):
    """Crop values that are not four ordered fractions; `key` names the problem's details text."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        super().__init__(message)


CROP_PROBLEMS = ("crop-shape", "crop-range", "crop-order")  # every CropError.key


def decode(data: bytes) -> Image.Image:
    """The image `data` encodes, fully decoded; ImageError when it is not an image, ImageTooLarge
    when it is over the limits (checked on the header, before any pixel is decoded: a few
    kilobytes of PNG can hold a billion pixels)."""
    if len(data) >= MAX_BYTES:
        raise ImageTooLarge("image-too-large", size=len(data), limit=MAX_BYTES)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise ImageError(f"not a decodable image: {error}") from None
    if image.width * image.height > MAX_PIXELS:
        raise ImageTooLarge("image-too-many-pixels", width=image.width, height=image.height, limit=MAX_PIXELS)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise ImageError(f"not a decodable image: {error}") from None
    return image


def image_info(data: bytes) -> resources_pb2.ImageInfo:
    """Width, height, format (`JPEG`, `PNG`...) and color mode (`RGB`, `L`...) of `data`."""
    image = decode(data)
    return resources_pb2.ImageInfo(
        width=image.width, height=image.height, format=image.format or "", color_mode=image.mode
    )


def check_crop(values: object) -> Crop:
    """`values` as a crop (top, left, bottom, right); CropError naming what is wrong."""
    numbers = isinstance(values, (list, tuple)) and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in values
    )
    if not numbers or len(values) != 4:
        raise CropError("crop-shape", "a crop is 4 numbers: top, left, bottom, right")
    top, left, bottom, right = (float(v) for v in values)
    if not all(0.0 <= v <= 1.0 for v in (top, left, bottom, right)):
        raise CropError("crop-range", "crop values are fractions from 0 to 1")
    if top >= bottom or left >= right:
        raise CropError("crop-order", "a crop needs top < bottom and left < right")
    return top, left, bottom, right


def _edge(fraction: float, size: int) -> int:
    return math.floor(fraction * size + 0.5)  # half up, unlike round(); float32 noise stays put


def pixel_box(width: int, height: int, crop: Crop) -> PixelBox:
    """The pixels a crop keeps, at least one in each direction."""
    top, left, bottom, right = crop
    x0, y0 = min(_edge(left, width), width - 1), min(_edge(top, height), height - 1)
    x1, y1 = max(_edge(right, width), x0 + 1), max(_edge(bottom, height), y0 + 1)
    return x0, y0, x1, y1


def crop(data: bytes, fractions: Sequence[float]) -> bytes:
    """`data` cropped to `fractions`, encoded again in its own format (PNG if it cannot be)."""
    checked = check_crop(list(fractions))
    image = decode(data)
    kept = image.crop(pixel_box(image.width, image.height, checked))
    out_format = image.format if image.format in WRITABLE else "PNG"
    buffer = io.BytesIO()
    options = {"quality": JPEG_QUALITY} if out_format == "JPEG" else {}
    kept.save(buffer, out_format, **options)
    return buffer.getvalue()
