"""Draw `images/face-illustration.png`: a cartoon face for the demographics examples.

The age, gender and multicultural examples (CL007, CL009, CL010) draw labels on a face; this
drawing is nobody, so no real person's photo gets such labels. Run from anywhere:
`python data/make_face_illustration.py`. The same Pillow gives the same bytes (no metadata, no
randomness); `emulator/known_faces.py` records the head's box, `HEAD` below as fractions.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 400
OUT = Path(__file__).parent / "images" / "face-illustration.png"
HEAD = (120, 90, 280, 310)  # left, top, right, bottom: the face oval, hairline to chin

BACKGROUND = (204, 228, 242)
SKIN = (240, 200, 165)
HAIR = (92, 60, 40)
LINE = (60, 40, 30)
EYE = (255, 255, 255)
IRIS = (70, 110, 150)
MOUTH = (190, 80, 80)
SHIRT = (90, 140, 110)


def draw() -> Image.Image:
    """The illustration: shoulders, neck, hair, head, ears, eyes, brows, nose and mouth."""
    image = Image.new("RGB", (SIZE, SIZE), BACKGROUND)
    pen = ImageDraw.Draw(image)
    left, top, right, bottom = HEAD
    middle = (left + right) // 2
    pen.ellipse((70, 330, 330, 470), fill=SHIRT, outline=LINE, width=3)  # shoulders, cut by the frame
    pen.rectangle((middle - 28, bottom - 20, middle + 28, 345), fill=SKIN)  # neck
    pen.ellipse((left - 12, top - 22, right + 12, top + 120), fill=HAIR)  # hair behind the head
    pen.ellipse((left - 14, 185, left + 10, 225), fill=SKIN, outline=LINE, width=2)  # ears
    pen.ellipse((right - 10, 185, right + 14, 225), fill=SKIN, outline=LINE, width=2)
    pen.ellipse(HEAD, fill=SKIN, outline=LINE, width=3)
    pen.chord((left + 4, top - 2, right - 4, top + 90), 180, 360, fill=HAIR)  # fringe over the forehead
    for eye in (middle - 38, middle + 38):
        pen.ellipse((eye - 18, 178, eye + 18, 202), fill=EYE, outline=LINE, width=2)
        pen.ellipse((eye - 8, 182, eye + 8, 198), fill=IRIS)
        pen.ellipse((eye - 3, 187, eye + 3, 193), fill=LINE)
        pen.arc((eye - 20, 160, eye + 20, 176), 200, 340, fill=HAIR, width=4)  # brows
    pen.line((middle, 205, middle - 10, 240, middle + 4, 244), fill=LINE, width=3, joint="curve")  # nose
    pen.arc((middle - 40, 235, middle + 40, 280), 20, 160, fill=MOUTH, width=5)  # smile
    return image


def main() -> None:
    """Write the illustration as a PNG with no metadata."""
    draw().save(OUT, format="PNG", optimize=True)
    left, top, right, bottom = (round(v / SIZE, 4) for v in HEAD)
    print(f"{OUT.name}: {SIZE} x {SIZE}; face box (top, left, bottom, right) {(top, left, bottom, right)}")


if __name__ == "__main__":
    main()
