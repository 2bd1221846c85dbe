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

# CL014 / CL020: old hash ids of clarifai/main models -> their V2 ids. Requests accept both;
# workflow nodes answer the V2 id since 2023-07-27 (CL020). The emulator keeps the same table
# (`emulator.public.OLD_IDS`: it never imports recipes); tests/recipes/test_workflows.py checks
# that they agree.
OLD_MODEL_IDS = {
    "aaa03c23b3724a16a56b629203edc62c": "general-image-recognition",
    "a403429f2ddf4b49b307e318f00e528b": "face-detection",
    "bbb5f41425b8468d9b7a554ff10f8581": "general-image-embedding",
    "cccbe437d6e54e2bb911c6aa292fb072": "general-clusterering",
    "d16f390eb32cad478c7ae150069bd2c6": "moderation-recognition",
}
