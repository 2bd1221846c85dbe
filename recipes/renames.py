"""Names the API renamed, as plain data (no client import): model types (CL007, CL013).

`recipes.models` migrates with them; the checker (`cookbook.lint`) finds the old names in code
with the same tables.
"""

# CL007 (2020-02-12): the face model types' old `output_info.type` / `type_ext` names.
FACEDETECT_RENAMES = {
    "facedetect": "detect",
    "facedetect-identity": "detect-concept",
    "facedetect-demographics": "detect-concept",
    "facedetect-embed": "detect-embed",
}
# CL013 (2021-11-24): old `type` names (output_info.type / type_ext, model_query.type) -> the
# model_type_id to create or search with today. A created `concept` model is an
# embedding-classifier (Clarifai's docs); public classifiers that showed `concept` are
# visual-classifier. Face detection showed `detect-concept` with model_type_id visual-detector.
OLD_TYPE_IDS = {
    "concept": "embedding-classifier",
    "embed": "visual-embedder",
    "cluster": "clusterer",
    "detect": "visual-detector",
    "detect-concept": "visual-detector",
    "detect-embed": "visual-embedder",
}
