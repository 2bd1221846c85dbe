"""Hand-placed face boxes for the project's own sample images (provenance: known-faces).

Still synthetic: nobody ran a face detector. The boxes were measured by eye on
`data/images/astronaut.jpg` (frontal face) and `data/images/camera.jpg` (face in profile), as
fractions of the image, so that the face notebooks draw their boxes on the faces; the box of
`data/images/face-illustration.png` is the head its script draws (`HEAD` in
`data/make_face_illustration.py`). Any other image gets the hash-based boxes of
`emulator.predict.face_boxes`.
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
    # face-illustration.png: the drawn head oval, pixels (120, 90)-(280, 310) of 400 x 400
    "3318247033cbce623dcbb07d1e3db7cb6fd054d06e4fc62384cad17d2225171b": ((0.225, 0.3, 0.775, 0.7),),
}


def known_boxes(image_bytes: bytes) -> tuple[Box, ...] | None:
    """The hand-placed face boxes of one of the project's sample images, or None."""
    return KNOWN_FACES.get(hashlib.sha256(image_bytes).hexdigest())
