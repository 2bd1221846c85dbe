"""Synthetic predictions: deterministic outputs computed from an input's bytes or URL.

Nothing here is a real model. The same input always gets the same concepts, boxes and
demographics, so notebooks print the same thing every run (provenance: synthetic-predictions).
The project's own sample images are predicted from what they show: their recorded concepts
(`emulator.known_concepts`) and face boxes (`emulator.known_faces`).
"""

from __future__ import annotations

import hashlib
import math
import re
from array import array
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from clarifai_grpc.grpc.api import resources_pb2

from .known_concepts import OTHER_SCALE, SAMPLE_CONCEPT_IDS, known_concepts, shown_values
from .known_faces import known_boxes
from .store import StoredModel, input_key

DEFAULT_MAX_CONCEPTS = 20
DEFAULT_SAMPLE_MS = 1000  # the API samples a video at one frame per second unless sample_ms says otherwise
# A predictor reads only the model, its newest version, the input's data and the config (`predict` memoises).
Predictor = Callable[[StoredModel, resources_pb2.Input, resources_pb2.OutputConfig], resources_pb2.Data]


def named_concepts(item: resources_pb2.Input) -> set[str]:
    """The words of an input URL's file name (`dog2.jpeg` gives `dog`): a sample image shows
    what its name says, so a concept of that name scores high (provenance: named-samples)."""
    url = item.data.image.url or item.data.video.url
    stem = urlsplit(url).path.rsplit("/", 1)[-1].split(".", 1)[0]
    return set(re.findall(r"[a-z]+", stem.lower()))


def score(key: bytes, *salt: str) -> float:
    """A stable number in [0, 1) for `key` and `salt`."""
    digest = hashlib.sha256(key + "|".join(salt).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _concepts(model: StoredModel) -> list[resources_pb2.Concept]:
    version = model.version()
    return list(version.version.output_info.data.concepts) if version else []


def _value(key: bytes, concept: resources_pb2.Concept, named: set[str], confident: bool) -> float:
    """A concept's synthetic value: a hash, at least 0.9 for a concept the input is named after;
    `confident` (video frames) bends it towards 1 as a classifier's top concepts are
    (provenance: video-frames)."""
    value = score(key, concept.id)
    if concept.name in named:
        value = 0.9 + 0.1 * value
    if confident:
        value = 1 - (1 - value) ** 3
    return round(value, 6)


def _values(
    key: bytes, concepts: Sequence[resources_pb2.Concept], named: set[str], confident: bool
) -> dict[str, float]:
    """Each concept's value by id: for a sample image the concepts it shows first
    (`emulator.known_concepts`, provenance: known-concepts), else the hash values. A concept
    only sample images show (`SAMPLE_CONCEPT_IDS`) has no value for other inputs."""
    shown = shown_values(known_concepts(key), [c.name or c.id for c in concepts])
    values = {}
    for concept in concepts:
        name = concept.name or concept.id
        if name in shown:
            values[concept.id] = shown[name]
        elif concept.id not in SAMPLE_CONCEPT_IDS:
            value = _value(key, concept, named, confident)
            values[concept.id] = round(OTHER_SCALE * value, 6) if shown else value
    return values


def ranked_concepts(
    key: bytes,
    concepts: Sequence[resources_pb2.Concept],
    config: resources_pb2.OutputConfig,
    vocab_id: str = "",
    named: set[str] | None = None,
    confident: bool = False,
) -> list[resources_pb2.Concept]:
    """Concepts with synthetic values, best first, filtered as the output config asks: only the
    `select_concepts` (by id or name) when it names some, at least `min_value`, at most
    `max_concepts` (default 20)."""
    chosen = {c.id or c.name for c in config.select_concepts}
    values = _values(key, concepts, named or set(), confident)
    kept = []
    for concept in concepts:
        if chosen and concept.id not in chosen and concept.name not in chosen:
            continue
        value = values.get(concept.id)
        if value is not None and value >= config.min_value:
            kept.append((concept, value))
    # Ranked by the value a Concept holds (a float32), as messages would sort; only those shown are made.
    shown = array("f", [value for _, value in kept]).tolist()
    order = sorted(range(len(kept)), key=lambda n: (-shown[n], kept[n][0].id))
    return [
        resources_pb2.Concept(
            id=concept.id, name=concept.name, value=value, app_id=concept.app_id, vocab_id=vocab_id
        )
        for concept, value in (kept[n] for n in order[: config.max_concepts or DEFAULT_MAX_CONCEPTS])
    ]


def _hashed_boxes(key: bytes) -> list[tuple[float, float, float, float]]:
    """One to three square boxes (top, left, bottom, right) placed by a hash of `key`."""
    boxes = []
    for n in range(1 + int(score(key, "faces") * 3)):
        size = 0.18 + 0.12 * score(key, "size", str(n))
        top = 0.1 + 0.5 * score(key, "top", str(n))
        left = n / 3 + (1 / 3 - size) * score(key, "left", str(n))
        boxes.append((top, left, top + size, left + size))
    return boxes


def face_boxes(key: bytes) -> list[resources_pb2.Region]:
    """Face regions with stable ids and boxes as fractions of the image: the hand-placed boxes
    of the project's sample images (`emulator.known_faces`), else one to three hashed ones."""
    regions = []
    for n, (top, left, bottom, right) in enumerate(known_boxes(key) or _hashed_boxes(key)):
        box = resources_pb2.BoundingBox(
            top_row=round(top, 4),
            left_col=round(left, 4),
            bottom_row=round(bottom, 4),
            right_col=round(right, 4),
        )
        region_id = hashlib.sha256(key + f"region{n}".encode()).hexdigest()[:32]
        regions.append(
            resources_pb2.Region(
                id=region_id,
                region_info=resources_pb2.RegionInfo(bounding_box=box),
                value=round(0.9 + 0.1 * score(key, "face", str(n)), 6),
            )
        )
    return regions


# What a face looks like, shared by every model that describes faces, so that the retired
# demographics model (CL010) and the Demographics workflow's three models tell the same thing of
# the same face: one apparent age, gender and group. The workflow's groups are FairFace's seven
# (old-docs changelog 6.3 "Put Fairface model in production"); each maps to the retired model's
# census-style group that contains it (provenance: face-traits).
FACE_GROUPS = {
    "black": "black or african american",
    "east asian": "asian",
    "indian": "asian",
    "latino hispanic": "hispanic, latino, or spanish origin",
    "middle eastern": "middle eastern or north african",
    "southeast asian": "asian",
    "white": "white",
}
FACE_VOCABULARIES = ("age_appearance", "gender_appearance", "multicultural_appearance")


def face_traits(face_key: bytes) -> tuple[int, str, str]:
    """The apparent age (1-80), gender and group (a FACE_GROUPS key) of the face `face_key` names."""
    age = 1 + int(score(face_key, "trait-age") * 80)
    gender = "feminine" if score(face_key, "trait-gender") < 0.5 else "masculine"
    group = sorted(FACE_GROUPS)[int(score(face_key, "trait-group") * len(FACE_GROUPS))]
    return age, gender, group


def _age_range(name: str) -> tuple[int, int]:
    """The ages a concept names: "46" (46, 46), "30-39" (30, 39), "more than 70" (70, 200)."""
    numbers = [int(n) for n in re.findall(r"\d+", name)]
    if not numbers:
        return (-1000, -1000)
    if len(numbers) == 1:
        return (numbers[0], 200) if "than" in name else (numbers[0], numbers[0])
    return numbers[0], numbers[1]


def _trait_value(face_key: bytes, vocab_id: str, concept: resources_pb2.Concept) -> float:
    """A concept's value for a face: highest for the face's own age, gender and group."""
    age, gender, group = face_traits(face_key)
    jitter = 0.01 * score(face_key, concept.id or concept.name)
    if vocab_id == "age_appearance":
        low, high = _age_range(concept.name)
        distance = max(low - age, age - high, 0)
        return round((0.55 + 0.4 * score(face_key, "age-peak")) * math.exp(-distance / 3) + jitter, 6)
    if vocab_id == "gender_appearance":
        own = 0.6 + 0.39 * score(face_key, "gender-value")
        return round(own if concept.name == gender else 1 - own, 6)
    own = 0.5 + 0.45 * score(face_key, "group-value")
    if concept.name in (group, FACE_GROUPS[group]):
        return round(own, 6)
    return round((1 - own) * score(face_key, "group", concept.name), 6)


def face_concepts(
    face_key: bytes,
    concepts: Sequence[resources_pb2.Concept],
    config: resources_pb2.OutputConfig,
    vocab_id: str,
) -> list[resources_pb2.Concept]:
    """A face's concepts of one vocabulary, valued by its traits, filtered and ordered as
    `ranked_concepts` does."""
    chosen = {c.id or c.name for c in config.select_concepts}
    ranked = [
        resources_pb2.Concept(
            id=concept.id,
            name=concept.name,
            value=_trait_value(face_key, vocab_id, concept),
            app_id=concept.app_id,
            vocab_id=vocab_id,
        )
        for concept in concepts
        if not chosen or concept.id in chosen or concept.name in chosen
    ]
    ranked = [concept for concept in ranked if concept.value >= config.min_value]
    ranked.sort(key=lambda c: (-c.value, c.id))
    return ranked[: config.max_concepts or DEFAULT_MAX_CONCEPTS]


def classify(
    model: StoredModel, item: resources_pb2.Input, config: resources_pb2.OutputConfig
) -> resources_pb2.Data:
    """An image classifier: every concept of the model, ranked."""
    concepts = ranked_concepts(input_key(item), _concepts(model), config, named=named_concepts(item))
    return resources_pb2.Data(concepts=concepts)


def detect_faces(
    model: StoredModel, item: resources_pb2.Input, config: resources_pb2.OutputConfig
) -> resources_pb2.Data:
    """A face detector: regions, each with the `face` concept."""
    regions = face_boxes(input_key(item))
    for region in regions:
        for concept in _concepts(model):
            region.data.concepts.append(
                resources_pb2.Concept(
                    id=concept.id, name=concept.name, value=region.value, app_id=concept.app_id
                )
            )
    return resources_pb2.Data(regions=regions)


def classify_faces(
    model: StoredModel, item: resources_pb2.Input, config: resources_pb2.OutputConfig
) -> resources_pb2.Data:
    """A per-face classifier (age, gender, multicultural): the face regions, each with its concepts.

    Region ids match face detection's for the same input, so outputs can be joined per face.
    """
    key = input_key(item)
    vocab_id = model.model.name.replace("-", "_")
    regions = face_boxes(key)
    for region in regions:
        face_key = key + region.id.encode()
        if vocab_id in FACE_VOCABULARIES:
            region.data.concepts.extend(face_concepts(face_key, _concepts(model), config, vocab_id))
        else:
            region.data.concepts.extend(ranked_concepts(face_key, _concepts(model), config, vocab_id))
    return resources_pb2.Data(regions=regions)


PREDICTORS: dict[str, Predictor] = {
    "classifier": classify,
    "face-detector": detect_faces,
    "face-classifier": classify_faces,
    "": classify,  # a user's own model: its concepts, ranked
}


def predict(
    model: StoredModel, item: resources_pb2.Input, config: resources_pb2.OutputConfig
) -> resources_pb2.Data:
    """The synthetic output of `model` for `item`: a new message each time, computed once per
    model, input data and config (a predictor is a pure function of those; see `_memo_key`)."""
    memo = _memo_key(model, item, config)
    output = _OUTPUTS.get(memo)
    if output is None:
        if len(_OUTPUTS) >= MEMO_SIZE:
            _OUTPUTS.clear()
        output = PREDICTORS[model.kind](model, item, config).SerializeToString(deterministic=True)
        _OUTPUTS[memo] = output
    return resources_pb2.Data.FromString(output)


MEMO_SIZE = 4096  # outputs kept (serialized); forgotten all at once when full
_OUTPUTS: dict[bytes, bytes] = {}


def _memo_key(model: StoredModel, item: resources_pb2.Input, config: resources_pb2.OutputConfig) -> bytes:
    """A digest of everything a predictor reads: the model's kind, the model and its newest
    version as stored, the input's data (not its id) and the output config."""
    version = model.version()
    digest = hashlib.sha256(model.kind.encode())
    for part in (model.model, version.version if version else None, item.data, config):
        raw = part.SerializeToString(deterministic=True) if part is not None else b""
        digest.update(len(raw).to_bytes(8, "big") + raw)
    return digest.digest()


def _frame_data(
    model: StoredModel, item: resources_pb2.Input, key: bytes, config: resources_pb2.OutputConfig
) -> resources_pb2.Data:
    """One sampled frame's output: a classifier's confident concepts, else the model's own
    predictor on the frame as an image."""
    if PREDICTORS[model.kind] is classify:
        concepts = ranked_concepts(key, _concepts(model), config, named=named_concepts(item), confident=True)
        return resources_pb2.Data(concepts=concepts)
    return predict(
        model, resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(base64=key))), config
    )


def predict_video(
    model: StoredModel, item: resources_pb2.Input, config: resources_pb2.OutputConfig, duration_ms: int
) -> resources_pb2.Data:
    """A video's output: one frame every `sample_ms` (default 1000), each timed at the middle
    of its span (`frame_info.time`) and predicted on its own."""
    sample_ms = config.sample_ms or DEFAULT_SAMPLE_MS
    key = input_key(item)
    frames = []
    for index in range(max(1, math.ceil(duration_ms / sample_ms))):
        frame_key = key + f"|frame{index}".encode()
        frames.append(
            resources_pb2.Frame(
                id=hashlib.sha256(frame_key).hexdigest()[:32],
                frame_info=resources_pb2.FrameInfo(index=index, time=index * sample_ms + sample_ms // 2),
                data=_frame_data(model, item, frame_key, config),
            )
        )
    return resources_pb2.Data(frames=frames)


def classify_faces_by_vocabulary(
    model: StoredModel, item: resources_pb2.Input, config: resources_pb2.OutputConfig
) -> resources_pb2.Data:
    """A face model whose concepts belong to several vocabularies (the retired `demographics`, CL010).

    Each face region gets every vocabulary's concepts, ranked per vocabulary and carrying its
    `vocab_id`, in the order the model lists its vocabularies; valued by the face's traits, as
    the Demographics workflow's models value theirs, so both tell the same of each face.
    """
    key = input_key(item)
    vocabularies: dict[str, list[resources_pb2.Concept]] = {}
    for concept in _concepts(model):
        vocabularies.setdefault(concept.vocab_id, []).append(concept)
    regions = face_boxes(key)
    for region in regions:
        for vocab_id, concepts in vocabularies.items():
            region.data.concepts.extend(face_concepts(key + region.id.encode(), concepts, config, vocab_id))
    return resources_pb2.Data(regions=regions)


def focus_regions(
    model: StoredModel, item: resources_pb2.Input, config: resources_pb2.OutputConfig
) -> resources_pb2.Data:
    """The retired Focus model (CL005): one to three in-focus areas, boxes only.

    Their focus numbers are `focus_values` (today's protos have no field to hold them).
    """
    key = input_key(item)
    regions = []
    for n in range(1 + int(score(key, "focus-areas") * 3)):
        height = 0.2 + 0.3 * score(key, "focus-height", str(n))
        width = 0.2 + 0.3 * score(key, "focus-width", str(n))
        top = (1 - height) * score(key, "focus-top", str(n))
        left = (1 - width) * score(key, "focus-left", str(n))
        box = resources_pb2.BoundingBox(
            top_row=round(top, 4),
            left_col=round(left, 4),
            bottom_row=round(top + height, 4),
            right_col=round(left + width, 4),
        )
        region_id = hashlib.sha256(key + f"focus{n}".encode()).hexdigest()[:32]
        regions.append(
            resources_pb2.Region(id=region_id, region_info=resources_pb2.RegionInfo(bounding_box=box))
        )
    return resources_pb2.Data(regions=regions)


def focus_values(key: bytes, part: str) -> dict[str, float]:
    """Synthetic `{density, value}` of the Focus model for an image (`part` "image") or one region id."""
    return {"density": round(score(key, "density", part), 4), "value": round(score(key, "focus", part), 4)}


PREDICTORS["face-vocabularies"] = classify_faces_by_vocabulary
PREDICTORS["focus"] = focus_regions

EMBEDDING_DIMENSIONS = 1024  # general-image-embedding's vector size (provenance: general-workflow)


def embed(
    model: StoredModel, item: resources_pb2.Input, config: resources_pb2.OutputConfig
) -> resources_pb2.Data:
    """A visual embedder: one unit-length vector from a hash of the input (same input, same vector)."""
    key = input_key(item)
    raw = [score(key, "embedding", str(n)) - 0.5 for n in range(EMBEDDING_DIMENSIONS)]
    norm = math.sqrt(sum(x * x for x in raw)) or 1.0
    vector = [round(x / norm, 6) for x in raw]
    return resources_pb2.Data(
        embeddings=[resources_pb2.Embedding(vector=vector, num_dimensions=EMBEDDING_DIMENSIONS)]
    )


def cluster(
    model: StoredModel, item: resources_pb2.Input, config: resources_pb2.OutputConfig
) -> resources_pb2.Data:
    """A clusterer: the one cluster of the input, named by a hash of it."""
    cluster_id = hashlib.sha256(input_key(item) + b"cluster").hexdigest()[:8]
    return resources_pb2.Data(clusters=[resources_pb2.Cluster(id=cluster_id, score=1.0)])


PREDICTORS["embedder"] = embed
PREDICTORS["clusterer"] = cluster
