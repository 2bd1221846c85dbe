"""Model types: ListModelTypes and GetModelType, with today's type ids.

The trainable ids are those Clarifai's own Python SDK lists as trainable
(`clarifai/constants/model.py`); the others, the titles, descriptions and the `creatable`
flags are the emulator's (provenance: model-type-catalog). Old type names (`facedetect*`,
CL007) live in their change module, never here.
"""

from __future__ import annotations

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from ..call import Call
from ..statuses import ApiError
from . import handles
from .inputs import page

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


@handles("ListModelTypes")
def list_model_types(call: Call) -> Message:
    """Every model type, by id, one page at a time."""
    return call.ok(model_types=page(call, today_types()))


@handles("GetModelType")
def get_model_type(call: Call) -> Message:
    """One model type by id."""
    return call.ok(model_type=find_type(today_types(), call.request.model_type_id))
