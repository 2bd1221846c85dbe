"""Model types of today's API: the catalog ListModelTypes shows and PostModels checks.

The trainable ids are those Clarifai's own Python SDK lists as trainable
(`clarifai/constants/model.py`); the others, the titles, descriptions and the `creatable`
flags are the emulator's (provenance: model-type-catalog). Old type names (`facedetect*`,
CL007) live in their change module, never here.
"""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2

from .statuses import ApiError

# id: (title, input fields, output fields, trainable)
MODEL_TYPES: dict[str, tuple[str, str, str, bool]] = {
    "clusterer": ("Clusterer", "image", "clusters", True),
    "detect-concept": ("Detect Concept", "image", "regions[...].data.concepts", True),
    "embedding-classifier": ("Transfer Learn", "image", "concepts", True),
    "text-classifier": ("Text Classifier", "text", "concepts", True),
    "text-embedder": ("Text Embedder", "text", "embeddings", False),
    "text-to-text": ("Text To Text", "text", "text", True),
    "visual-anomaly-heatmap": ("Visual Anomaly Heatmap", "image", "heatmaps", True),
    "visual-classifier": ("Visual Classifier", "image", "concepts", True),
    "visual-detector": ("Visual Detector", "image", "regions[...].data.concepts", True),
    "visual-embedder": ("Visual Embedder", "image", "embeddings", True),
    "visual-segmenter": ("Visual Segmenter", "image", "regions[...].region_info.mask", True),
    "multimodal-embedder": ("Multimodal Embedder", "image,text", "embeddings", False),
    "image-to-text": ("Image To Text", "image", "text", False),
    "annotation-writer": ("Annotation Writer", "image", "annotations", False),
    "concept-synonym-mapper": ("Concept Synonym Mapper", "concepts", "concepts", False),
    "concept-thresholder": ("Concept Thresholder", "concepts", "concepts", False),
    "image-crop": ("Image Crop", "image,regions", "image", False),
    "keyword-filter": ("Keyword Filter", "concepts", "concepts", False),
    "random-sample": ("Random Sample", "image", "image", False),
}


def model_type(
    type_id: str, title: str, inputs: str, outputs: str, trainable: bool
) -> resources_pb2.ModelType:
    """One model type as ListModelTypes shows it; every type here can be created."""
    return resources_pb2.ModelType(
        id=type_id,
        title=title,
        description=f"{title}: {inputs} in, {outputs} out.",
        input_fields=inputs.split(","),
        output_fields=[outputs],
        trainable=trainable,
        creatable=True,
    )


def today_types() -> list[resources_pb2.ModelType]:
    """Every model type of today's API, by id."""
    return [model_type(type_id, *spec) for type_id, spec in sorted(MODEL_TYPES.items())]


def is_known(type_id: str) -> bool:
    """Whether `type_id` is a model type id of today's API."""
    return type_id in MODEL_TYPES


def find_type(types: list[resources_pb2.ModelType], type_id: str) -> resources_pb2.ModelType:
    """The type `type_id` among `types`; 11101 naming it when there is none."""
    found = next((item for item in types if item.id == type_id), None)
    if found is None:
        raise ApiError("CONN_DOES_NOT_EXIST", "model-type-not-found", model_type_id=type_id[:100])
    return found


def is_trainable(type_id: str) -> bool:
    """Whether versions of this model type learn from the app's inputs."""
    spec = MODEL_TYPES.get(type_id)
    return bool(spec and spec[-1])


def check_model_type(type_id: str) -> str:
    """A model type id the emulator knows; 11102 when missing or unknown."""
    if not type_id:
        raise ApiError("CONN_INVALID_REQUEST", "no-model-type")
    if not is_known(type_id):
        raise ApiError("CONN_INVALID_REQUEST", "unknown-model-type", model_type_id=type_id[:80])
    return type_id
