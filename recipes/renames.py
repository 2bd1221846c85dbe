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
# CL013 (2021-11-24): old `type` names (output_info.type, model_query.type) -> today's model_type_id.
OLD_TYPE_IDS = {
    "concept": "embedding-classifier",
    "embed": "visual-embedder",
    "cluster": "clusterer",
    "detect": "visual-detector",
    "detect-concept": "detect-concept",
    "detect-embed": "visual-embedder",
}
