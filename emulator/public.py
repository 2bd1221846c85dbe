"""clarifai/main: the public models and workflows, with their real ids where known.

Today's catalog only. A model that was retired (Focus, the old demographics model) lives in
the change module of its retirement, which serves it for dates before that.
"""

from __future__ import annotations

from dataclasses import dataclass

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.timestamp_pb2 import Timestamp

from .known_concepts import SAMPLE_CONCEPTS
from .statuses import status
from .store import App, StoredModel, StoredVersion

# Concept ids and names of the general model, as Clarifai's docs print them for metro-north.jpg;
# then the concepts the project's sample images show, with invented ids (provenance: known-concepts).
GENERAL_CONCEPTS = (
    ("ai_HLmqFqBf", "train"),
    ("ai_fvlBqXZR", "railway"),
    ("ai_Xxjc3MhT", "transportation system"),
    ("ai_6kTjGfF6", "station"),
    ("ai_RRXLczch", "locomotive"),
    ("ai_VRmbGVWh", "travel"),
    ("ai_SHNDcmJ3", "subway system"),
    ("ai_jlb9q33b", "commuter"),
    ("ai_2gkfMDsM", "platform"),
    ("ai_n9vjC1jB", "light"),
    ("ai_sQQj52KZ", "train station"),
    ("ai_tr0MBp64", "traffic"),
    ("ai_l4WckcJN", "blur"),
    ("ai_CpFBRWzD", "urban"),
    ("ai_786Zr311", "no person"),
    ("ai_6lhccv44", "business"),
    ("ai_971KsJkn", "track"),
    ("ai_WBQfVV0p", "city"),
    ("ai_dSCKh8xv", "fast"),
    ("ai_TZ3C79C6", "road"),
    ("ai_VSVscs9k", "terminal"),
    ("ai_8S2Vq3cR", "dog"),
    ("ai_mFqxrph2", "cat"),  # id from Clarifai's Java client test (select concepts: dog and cat)
) + SAMPLE_CONCEPTS
# The moderation model's concepts, as Clarifai's docs print them (old-docs workflow-predict.md).
MODERATION_CONCEPTS = (
    ("ai_QD1zClSd", "safe"),
    ("ai_RtXh5qkR", "suggestive"),
    ("ai_V76bvrtj", "explicit"),
    ("ai_8QQwMjQR", "drug"),
    ("ai_kBBGf7r8", "gore"),
)
AGE_CONCEPTS = tuple(
    (f"age-{name}", name)
    for name in ("0-2", "3-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "more than 70")
)
GENDER_CONCEPTS = (("ai_zgR2BBt0", "masculine"), ("ai_cVWr8NK5", "feminine"))
MULTICULTURAL_CONCEPTS = tuple(
    (f"multicultural-{name.replace(' ', '-')}", name)
    for name in (
        "black",
        "east asian",
        "indian",
        "latino hispanic",
        "middle eastern",
        "southeast asian",
        "white",
    )
)


@dataclass(frozen=True)
class PublicModel:
    """A public model of clarifai/main and how the emulator predicts for it."""

    id: str
    name: str
    model_type_id: str
    version_id: str
    kind: str  # the predictor in emulator.predict
    concepts: tuple[tuple[str, str], ...] = ()
    description: str = ""


MODELS = (
    PublicModel(
        "general-image-recognition",
        "general",
        "visual-classifier",
        "aa7f35c01e0642fda5cf400f543e7c40",
        "classifier",
        GENERAL_CONCEPTS,
        description="Recognizes a wide range of concepts in images.",
    ),
    PublicModel(
        "face-detection",
        "face-detection",
        "visual-detector",
        "6dc7e46bc9124c5c8824be4822abe105",
        "face-detector",
        (("ai_b1b1b1b1", "face"),),
        description="Detects the location of human faces.",
    ),
    PublicModel(
        "age-demographics-recognition",
        "age-appearance",
        "visual-classifier",
        "fb9f10339ac14e23b8e960e74984401b",
        "face-classifier",
        AGE_CONCEPTS,
        "Predicts the apparent age of each face.",
    ),
    PublicModel(
        "gender-demographics-recognition",
        "gender-appearance",
        "visual-classifier",
        "ff83d5baac004aafbe6b372ffa6f8227",
        "face-classifier",
        GENDER_CONCEPTS,
        "Predicts the apparent gender presentation of each face.",
    ),
    PublicModel(
        "ethnicity-demographics-recognition",
        "multicultural-appearance",
        "visual-classifier",
        "b2897edbda314615856039fb0c489796",
        "face-classifier",
        MULTICULTURAL_CONCEPTS,
        "Predicts the apparent multicultural appearance of each face.",
    ),
)
# The General workflow's models (provenance: general-workflow).
MODELS += (
    PublicModel(
        "general-image-embedding",
        "general",
        "visual-embedder",
        "bb186755eda04f9cbb6fe32e816be104",
        "embedder",
        description="Embeds images as 1024-number vectors for visual search.",
    ),
    PublicModel(
        "general-clusterering",
        "general-cluster",
        "clusterer",
        "cc2074cff6dc4c02b6f4e1b8606dcb54",
        "clusterer",
        description="Clusters the embeddings of general-image-embedding.",
    ),
    PublicModel(
        "moderation-recognition",
        "moderation",
        "visual-classifier",
        "aa8be956dbaa4b7a858826a84253cab9",
        "classifier",
        MODERATION_CONCEPTS,
        description="Recognizes inappropriate content in images: safe, suggestive, explicit, drug, gore.",
    ),
)
# A workflow is its nodes, in order: (node id, model id, the node ids it takes its input from).
WORKFLOWS: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "Demographics": tuple(
        (model_id, model_id, ())
        for model_id in (
            "age-demographics-recognition",
            "gender-demographics-recognition",
            "ethnicity-demographics-recognition",
        )
    ),
    "General": (
        ("general-v1.5-concept", "general-image-recognition", ()),
        ("general-v1.5-embed", "general-image-embedding", ()),
        ("general-v1.5-cluster", "general-clusterering", ("general-v1.5-embed",)),
    ),
    # "A universal workflow for text and image search" (docs `portal-guide/workflows/base-workflows.md`);
    # its models are not documented: an embedding and no classifier (provenance: universal-workflow).
    "Universal": (("universal-image-embed", "general-image-embedding", ()),),
}
DEFAULT_BASE_WORKFLOW = "Universal"  # of an app created via the API without one (CL022)
MODELS_BY_ID = {model.id: model for model in MODELS}


PUBLISHED = Timestamp(seconds=1466726400)  # 2016-06-24: when the emulator dates public models (inferred)
# The general model's own dates, as Clarifai's docs print them in prediction responses of 2022
# and 2023 (code_snippets/api-guide/predict/code_output_examples/prediction_parameters_*.js):
# (model created_at, version created_at, modified_at); modified_at as of 2022 (provenance:
# public-model-dates). Other public models: PUBLISHED for all three (inferred).
DATES = {
    "general-image-recognition": (
        Timestamp(seconds=1457543499, nanos=608845000),
        Timestamp(seconds=1520370624, nanos=454834000),
        Timestamp(seconds=1634831222, nanos=80260000),
    ),
}


def stored_model(spec: PublicModel, app: App) -> StoredModel:
    """The store's record of a public model: trained from the start, visible to everyone."""
    concepts = [
        resources_pb2.Concept(id=cid, name=name, value=1.0, app_id=app.id, created_at=PUBLISHED)
        for cid, name in spec.concepts
    ]
    output_info = resources_pb2.OutputInfo(data=resources_pb2.Data(concepts=concepts))
    created, version_created, modified = DATES.get(spec.id, (PUBLISHED, PUBLISHED, PUBLISHED))
    version = resources_pb2.ModelVersion(
        id=spec.version_id,
        created_at=version_created,
        status=status("MODEL_TRAINED"),
        output_info=output_info,
        app_id=app.id,
        user_id=app.user_id,
    )
    model = resources_pb2.Model(
        id=spec.id,
        name=spec.name,
        app_id=app.id,
        user_id=app.user_id,
        model_type_id=spec.model_type_id,
        description=spec.description,
        created_at=created,
        modified_at=modified,
        visibility=resources_pb2.Visibility(gettable=resources_pb2.Visibility.PUBLIC),
    )
    return StoredModel(model, [StoredVersion(version)], kind=spec.kind)


def workflow(workflow_id: str, app: App) -> resources_pb2.Workflow:
    """A public workflow: its nodes in order, each running the newest version of its model."""
    nodes = [
        resources_pb2.WorkflowNode(
            id=node_id,
            model=resources_pb2.Model(
                id=model_id,
                app_id=app.id,
                user_id=app.user_id,
                model_type_id=MODELS_BY_ID[model_id].model_type_id,
                model_version=resources_pb2.ModelVersion(id=MODELS_BY_ID[model_id].version_id),
            ),
            node_inputs=[resources_pb2.NodeInput(node_id=source) for source in sources],
        )
        for node_id, model_id, sources in WORKFLOWS[workflow_id]
    ]
    return resources_pb2.Workflow(
        id=workflow_id,
        app_id=app.id,
        user_id=app.user_id,
        nodes=nodes,
        created_at=PUBLISHED,
        visibility=resources_pb2.Visibility(gettable=resources_pb2.Visibility.PUBLIC),
    )


# Model ids from before readable ids (CL014), still usable in queries: old id -> today's id.
OLD_IDS = {
    "aaa03c23b3724a16a56b629203edc62c": "general-image-recognition",
    "a403429f2ddf4b49b307e318f00e528b": "face-detection",
    "bbb5f41425b8468d9b7a554ff10f8581": "general-image-embedding",
    "cccbe437d6e54e2bb911c6aa292fb072": "general-clusterering",
    "d16f390eb32cad478c7ae150069bd2c6": "moderation-recognition",
}


def populate(app: App) -> None:
    """Fill clarifai/main with today's public models and workflows, and make it public."""
    app.public = True
    app.aliases.update(OLD_IDS)
    for spec in MODELS:
        app.models[spec.id] = stored_model(spec, app)
    for workflow_id in WORKFLOWS:
        app.workflows[workflow_id] = workflow(workflow_id, app)
