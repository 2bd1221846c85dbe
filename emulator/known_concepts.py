"""What the project's own sample images show, as concept names (provenance: known-concepts).

Still synthetic: no model looked at the pictures. Each image in `data/images/` (identified, as
`emulator.known_faces` does, by the sha256 of its bytes: sent as bytes, not by URL) has a
recorded tuple of true concepts, taken from its source's description (`data/README.md`, "shows"),
most telling first. A classifier (the general model, or a user's model) that has concepts of
those names ranks them first, in that order: the first it has gets `TOP_VALUE`, the next 0.01
less, and so on; its other concepts keep their hash values, scaled by `OTHER_SCALE` so that they
rank below. A user's model whose concept `cat` was trained on the cat photo therefore predicts
`cat` first for it, as it would for any photo of a cat the project ships: the rule is what the
image shows, not which inputs the model was trained on. Every shipped image is recorded
`safe`, so the moderation model says so first. Any other input keeps the plain hash values of
`emulator.predict`.

Recorded concepts the documented general-model concepts lack are `SAMPLE_CONCEPTS`, added to
the general model with invented ids (`ai_emu...`, as `emulator.concepts.EXTRA_VOCABULARY`).
The model predicts them only for an image that shows them, so every other input's prediction is
the same as before they were added. No gender, age or ethnicity words (`man`, `woman`) are
recorded: two of the photos show real, recognisable people.
"""

from __future__ import annotations

import hashlib

TOP_VALUE = 0.99
STEP = 0.01
OTHER_SCALE = 0.2  # an image's other concepts rank well below what it shows

# sha256 of the image bytes -> the concepts it shows, most telling first.
KNOWN_CONCEPTS: dict[str, tuple[str, ...]] = {
    # astronaut.jpg: astronaut Eileen Collins in uniform, a flag and a shuttle model
    "98b3680f2ccc36846087e9e6fbe744c6e28548390170b2beca4eaca7b1c74b54": (
        "astronaut",
        "portrait",
        "person",
        "uniform",
        "flag",
        "spacecraft",
        "safe",
    ),
    # camera.jpg: a man filming with a camera on a tripod (black and white)
    "c7a579ab3c12eab56d2998a28b809fe5cc44e42e66096173398fcd3d01cf5abd": (
        "camera",
        "tripod",
        "photographer",
        "person",
        "monochrome",
        "safe",
    ),
    # chelsea.jpg: Chelsea the cat
    "b279f15d88a61da1e3af05ae69567e6264ff6cda45ac619915456e906ae39851": (
        "cat",
        "animal",
        "pet",
        "feline",
        "whiskers",
        "fur",
        "cute",
        "no person",
        "safe",
    ),
    # coffee.jpg: a coffee cup on a saucer, at an espresso bar
    "bec9fb3246aefd69d354235bb3e23958f805cdcb1ab40e5a93ecefff49be870b": (
        "coffee",
        "cup",
        "drink",
        "saucer",
        "espresso",
        "cafe",
        "no person",
        "safe",
    ),
    # rocket.jpg: the launch of DSCOVR on a Falcon 9
    "b3aae511da9ec9e20cd53a630fab03d876f07c4ff1f604457cbd35ef7ac5d217": (
        "rocket",
        "launch",
        "spacecraft",
        "smoke",
        "sky",
        "no person",
        "safe",
    ),
    # face-illustration.png: the project's drawn cartoon face
    "3318247033cbce623dcbb07d1e3db7cb6fd054d06e4fc62384cad17d2225171b": (
        "illustration",
        "cartoon",
        "drawing",
        "portrait",
        "safe",
    ),
}

# The recorded concepts that are not among the general model's documented ones: (id, name).
SAMPLE_CONCEPTS: tuple[tuple[str, str], ...] = (
    ("ai_emuAstro", "astronaut"),
    ("ai_emuPortr", "portrait"),
    ("ai_emuPerso", "person"),
    ("ai_emuUnifo", "uniform"),
    ("ai_emuFlag0", "flag"),
    ("ai_emuSpace", "spacecraft"),
    ("ai_emuCamer", "camera"),
    ("ai_emuTripo", "tripod"),
    ("ai_emuPhoto", "photographer"),
    ("ai_emuMonoc", "monochrome"),
    ("ai_emuAnima", "animal"),
    ("ai_emuPet00", "pet"),
    ("ai_emuFelin", "feline"),
    ("ai_emuWhisk", "whiskers"),
    ("ai_emuFur00", "fur"),
    ("ai_emuCute0", "cute"),
    ("ai_emuCoffe", "coffee"),
    ("ai_emuCup00", "cup"),
    ("ai_emuDrink", "drink"),
    ("ai_emuSauce", "saucer"),
    ("ai_emuEspre", "espresso"),
    ("ai_emuCafe0", "cafe"),
    ("ai_emuRocke", "rocket"),
    ("ai_emuLaunc", "launch"),
    ("ai_emuSmoke", "smoke"),
    ("ai_emuSky00", "sky"),
    ("ai_emuIllus", "illustration"),
    ("ai_emuCarto", "cartoon"),
    ("ai_emuDrawi", "drawing"),
)
SAMPLE_CONCEPT_IDS = frozenset(concept_id for concept_id, _ in SAMPLE_CONCEPTS)


def known_concepts(image_bytes: bytes) -> tuple[str, ...]:
    """The recorded concepts of one of the project's sample images, most telling first; () for
    any other bytes."""
    return KNOWN_CONCEPTS.get(hashlib.sha256(image_bytes).hexdigest(), ())


def shown_values(shown: tuple[str, ...], names: list[str]) -> dict[str, float]:
    """The value of each of `names` (a model's concept names) that the image shows: TOP_VALUE
    for the first in the image's order, STEP less for each next one."""
    ours = [name for name in shown if name in names]
    return {name: round(TOP_VALUE - STEP * rank, 6) for rank, name in enumerate(ours)}
