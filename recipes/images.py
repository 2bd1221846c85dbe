"""Cropping images on the client, now that the API's `image.crop` is gone (CL004), and scoring
their sharpness on the client, now that the Focus model is gone (CL005).

A crop is what the old field took: four fractions in the order top, left, bottom, right,
each measured from the image's top or left edge (`[0.1, 0.2, 0.9, 0.8]` keeps the middle).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageFilter

Crop = tuple[float, float, float, float]
WRITABLE = {"JPEG", "PNG", "GIF", "BMP", "TIFF", "WEBP"}  # kept in their own format; others become PNG
JPEG_QUALITY = 95


def check_crop(crop: Sequence[float]) -> Crop:
    """`crop` as (top, left, bottom, right); ValueError naming the problem if it is not one.

    The rules the old `image.crop` field had: 4 numbers, each a fraction from 0 to 1,
    top < bottom and left < right.
    """
    values = list(crop) if isinstance(crop, (list, tuple)) else None
    if values is None or len(values) != 4:
        raise ValueError(f"a crop is 4 numbers (top, left, bottom, right), not {crop!r}")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        raise ValueError(f"crop values must be numbers, not {crop!r}")
    top, left, bottom, right = (float(v) for v in values)
    if not all(0.0 <= v <= 1.0 for v in (top, left, bottom, right)):
        raise ValueError(f"crop values are fractions from 0 to 1, not {crop!r}")
    if top >= bottom:
        raise ValueError(f"crop top ({top:g}) must be less than bottom ({bottom:g})")
    if left >= right:
        raise ValueError(f"crop left ({left:g}) must be less than right ({right:g})")
    return top, left, bottom, right


def _edge(fraction: float, size: int) -> int:
    return math.floor(fraction * size + 0.5)  # half up, so float32 values land on the same pixel


def crop_box(width: int, height: int, crop: Sequence[float]) -> tuple[int, int, int, int]:
    """The pixels `crop` keeps of a `width` x `height` image, as (left, top, right, bottom).

    Edges are rounded to the nearest pixel (halves up), and at least one pixel is kept each way.
    """
    top, left, bottom, right = check_crop(crop)
    x0, y0 = min(_edge(left, width), width - 1), min(_edge(top, height), height - 1)
    return x0, y0, max(_edge(right, width), x0 + 1), max(_edge(bottom, height), y0 + 1)


def image_size(image_bytes: bytes) -> tuple[int, int]:
    """(width, height) of encoded image bytes; ValueError if they are not an image."""
    try:
        with Image.open(io.BytesIO(image_bytes)) as image:
            return image.size
    except OSError as error:
        raise ValueError(f"not an image: {error}") from None


def crop_to_base64(image_bytes: bytes, crop: Sequence[float]) -> bytes:
    """Crop encoded image bytes on the client, as `image.crop` did on the server (CL004).

    `crop` is (top, left, bottom, right) in fractions, like the removed field. Returns the
    cropped image encoded in its own format (JPEG at quality 95; PNG for formats Pillow
    cannot write), ready for `resources_pb2.Image(base64=...)`: gRPC clients send these
    bytes as they are; a REST JSON body needs `base64.b64encode(result).decode()`.
    Raises ValueError for an invalid crop or bytes that are not an image.
    """
    fractions = check_crop(crop)
    image = open_image(image_bytes)
    kept = image.crop(crop_box(image.width, image.height, fractions))
    out_format = image.format if image.format in WRITABLE else "PNG"
    buffer = io.BytesIO()
    kept.save(buffer, out_format, **({"quality": JPEG_QUALITY} if out_format == "JPEG" else {}))
    return buffer.getvalue()


def open_image(image_bytes: bytes) -> Image.Image:
    """Encoded image bytes, decoded; ValueError for bytes that are not an image."""
    try:
        image = Image.open(io.BytesIO(image_bytes))
        image.load()
    except OSError as error:
        raise ValueError(f"not an image: {error}") from None
    return image


def sharpness(image_bytes: bytes) -> float:
    """How sharp an image is: the variance of its Laplacian, on the client (replaces Focus, CL005).

    Not the Focus model and not on its scale: a classic blur measure (grey levels 0-255,
    4-neighbour Laplacian). Higher is sharper; a blurred copy of an image scores lower than
    the image. Compare images of similar content and size, and choose your own threshold.
    Raises ValueError for bytes that are not an image.
    """
    grey = np.asarray(open_image(image_bytes).convert("L"), dtype=np.float64)
    if min(grey.shape) < 3:
        return 0.0
    laplacian = grey[:-2, 1:-1] + grey[2:, 1:-1] + grey[1:-1, :-2] + grey[1:-1, 2:] - 4 * grey[1:-1, 1:-1]
    return float(laplacian.var())


def blurred(image_bytes: bytes, radius: float = 3.0) -> bytes:
    """A Gaussian-blurred copy of an image, as PNG bytes: a test image for `sharpness`."""
    image = open_image(image_bytes).convert("RGB").filter(ImageFilter.GaussianBlur(radius))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
