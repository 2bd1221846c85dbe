"""Hand-placed face boxes for the project's own sample images (provenance: known-faces).

Still synthetic: nobody ran a face detector. The boxes were measured by eye on
`data/images/astronaut.jpg` (frontal face) and `data/images/camera.jpg` (face in profile), as
fractions of the image, so that the face notebooks draw their boxes on the faces. Any other
image gets the hash-based boxes of `emulator.predict.face_boxes`.
"""

from __future__ import annotations

import hashlib

Box = tuple[float, float, float, float]  # top_row, left_col, bottom_row, right_col

# sha256 of the image bytes -> the faces in it.
KNOWN_FACES: dict[str, tuple[Box, ...]] = {
    # astronaut.jpg: Eileen Collins, from the hairline to the chin
    "98b3680f2ccc36846087e9e6fbe744c6e28548390170b2beca4eaca7b1c74b54": ((0.145, 0.35, 0.345, 0.525),),
    # camera.jpg: the cameraman in profile, from the ear to the nose
    "c7a579ab3c12eab56d2998a28b809fe5cc44e42e66096173398fcd3d01cf5abd": ((0.235, 0.36, 0.385, 0.505),),
}


def known_boxes(image_bytes: bytes) -> tuple[Box, ...] | None:
    """The hand-placed face boxes of one of the project's sample images, or None."""
    return KNOWN_FACES.get(hashlib.sha256(image_bytes).hexdigest())
