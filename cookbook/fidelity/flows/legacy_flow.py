"""Docs-style flow for the legacy 2.x REST client (``clarifai==2.6.2``, ``ClarifaiApp``).

Run inside the ``legacy`` venv with CLARIFAI_API_BASE (the REST door), CLARIFAI_API_KEY (the
app's API key) and PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION=python, plus the dates steplib reads.
The calls are those of Clarifai's 2.x docs and the client's own docstrings; the flow is the same
on every date. The emulator's date (``serve --as-of``) decides which outcome each step expects:
a step that a dated change broke declares the documented failure (``Documented``) it meets
from that change's date on, and passes when it meets it.
"""

from __future__ import annotations

from typing import Any

from steplib import (
    DOG_URL,
    METRO_URL,
    TRUCK_URL,
    Documented,
    check,
    env,
    plan,
    png_bytes,
    skip,
    step,
    take,
)

# The documented failures, by the change that brought them (codes of data/changes.csv).
CROP_REMOVED = Documented("CL004", "image.crop is an unknown field", status=11100)
OVERWRITE_ALL = Documented("CL006", "an overwrite without concepts erases them")
FACEDETECT_RENAMED = Documented("CL007", "no model has the facedetect type any more")
DELETE_ALL_REMOVED = Documented("CL012", "delete_all is an unknown field", status=11100)
TYPE_REMOVED = Documented("CL013", "model_query.type is an unknown field", status=11100)
# ClarifaiApp() caches the public models by (name, output_info.type): without a type its start-up
# raises, as users met it (Clarifai/clarifai-python#126); once an app key lists only its own
# app's models there is nothing to cache, and it starts again.
NO_OUTPUT_TYPE = Documented("CL013", "public models show no output_info.type", raises="KeyError: 'type'")
LISTS_OWN_APP = Documented("CL019", "an app key lists only its own app's models", works=True)
NO_PUBLIC_CACHE = Documented("CL019", "an app key lists only its own app's models: the cache is empty")
NO_VERSION = Documented(
    "CL017",
    "PostModels makes no version: 2.x's Model reads model_version",
    raises="KeyError: 'model_version'",
)
CLOSED_ENV_REMOVED = Documented("CL018", "output_config.closed_environment is an unknown field", status=11100)
KEY_OWN_APP_ONLY = Documented("CL019", "an app key no longer reaches clarifai/main", status=11101)

# step -> the failures it meets from their dates on, in the order its calls meet them
STEPS: dict[str, tuple[Documented, ...]] = {
    "startup": (LISTS_OWN_APP, NO_OUTPUT_TYPE),
    "startup_model_cache": (NO_PUBLIC_CACHE,),
    "create_image_from_url": (),
    "create_image_from_bytes": (),
    "bulk_create_images": (),
    "create_image_with_crop": (CROP_REMOVED,),
    "inputs_check_status": (),
    "inputs_get": (),
    "inputs_get_all": (),
    "update_merge_concepts": (),
    "update_merge_metadata": (),
    "update_overwrite_concepts": (),
    "update_overwrite_metadata_keeps_concepts": (OVERWRITE_ALL,),
    "update_remove_concepts": (),
    "concepts_create": (),
    "concepts_get_all_names": (),
    "concepts_search": (),
    "general_predict_by_url": (KEY_OWN_APP_ONLY,),
    "general_predict_by_bytes": (KEY_OWN_APP_ONLY,),
    "search_by_annotated_concepts": (),
    "search_by_predicted_concepts": (),
    "search_by_image_url": (),
    "search_by_metadata": (),
    "send_search_feedback": (),
    "model_send_concept_feedback": (KEY_OWN_APP_ONLY,),
    "models_search_facedetect": (TYPE_REMOVED, FACEDETECT_RENAMED),
    "models_create": (NO_VERSION,),
    "models_create_closed_environment": (CLOSED_ENV_REMOVED, NO_VERSION),
    "model_update_closed_environment": (NO_VERSION, CLOSED_ENV_REMOVED),
    "model_train_and_versions": (NO_VERSION,),
    "workflows_get_all_public": (),
    "workflow_predict_by_url": (KEY_OWN_APP_ONLY,),
    "inputs_delete": (),
    "inputs_delete_all": (DELETE_ALL_REMOVED,),
}


def main() -> None:
    plan(STEPS)
    s: dict[str, Any] = {}

    def startup() -> None:
        from clarifai.rest import ClarifaiApp, Image, Workflow

        s.update(Image=Image, Workflow=Workflow)
        s["app"] = ClarifaiApp(api_key=env("CLARIFAI_API_KEY"), base_url=env("CLARIFAI_API_BASE"))

    if not step("startup", startup, STEPS["startup"]):
        return
    if "app" not in s:  # ClarifaiApp() failed as documented: the client cannot be used at all
        skip(list(STEPS)[1:], "not runnable: ClarifaiApp() fails at start-up as of this date (documented)")
        return
    app = s["app"]
    Image = s["Image"]  # noqa: N806 - the client's class

    def model_cache() -> None:
        """ClarifaiApp() cached the public models by (name, output_info.type) from ListModels."""
        cache = app.models.model_id_cache
        check(("general-v1.3", "concept") in cache, f"model cache at start-up: {list(cache)[:6]}")

    def from_url() -> None:
        app.inputs.create_image_from_url(
            DOG_URL, concepts=["dog"], not_concepts=["cat"], image_id="legacy-dog"
        )

    def from_bytes() -> None:
        app.inputs.create_image_from_bytes(png_bytes(), concepts=["red"], image_id="legacy-red")

    def bulk() -> None:
        images = [
            Image(url=METRO_URL, concepts=["train"], image_id="legacy-train"),
            Image(url=TRUCK_URL, concepts=["truck"], not_concepts=["dog"], image_id="legacy-truck"),
        ]
        made = app.inputs.bulk_create_images(images)
        check(len(made) == 2, f"bulk create gave {len(made)} images")

    def crop() -> None:
        app.inputs.create_image(Image(url=METRO_URL, crop=[0.1, 0.1, 0.9, 0.9], image_id="legacy-crop"))

    def check_status() -> None:
        counts = app.inputs.check_status()
        total = counts.processed + counts.to_process + counts.errors
        check(total >= 4, f"counts {counts.dict()}")

    def get() -> None:
        image = app.inputs.get("legacy-dog")
        check(image.url == DOG_URL, f"url is {image.url!r}")

    def get_all() -> None:
        ids = {i.input_id for i in take(app.inputs.get_all())}
        check(
            {"legacy-dog", "legacy-red", "legacy-train", "legacy-truck"} <= ids,
            f"inputs listed: {sorted(ids)}",
        )

    def merge() -> None:
        app.inputs.merge_concepts("legacy-dog", concepts=["puppy"])
        image = app.inputs.get("legacy-dog")
        check({"dog", "puppy"} <= set(image.concepts or []), f"concepts {image.concepts}")

    def merge_metadata() -> None:
        app.inputs.merge_metadata("legacy-dog", {"source": "fidelity"})
        check(app.inputs.get("legacy-dog").metadata == {"source": "fidelity"}, "metadata not kept")

    def overwrite() -> None:
        app.inputs.update(Image(image_id="legacy-train", concepts=["rail"]), action="overwrite")
        image = app.inputs.get("legacy-train")
        check(image.concepts == ["rail"], f"concepts {image.concepts}")

    def overwrite_metadata() -> None:
        app.inputs.update(Image(image_id="legacy-truck", metadata={"kind": "vehicle"}), action="overwrite")
        image = app.inputs.get("legacy-truck")
        check(image.url == TRUCK_URL, f"the image is gone: url {image.url!r}")
        check(image.concepts == ["truck"], f"concepts after overwriting metadata: {image.concepts}")

    def remove() -> None:
        app.inputs.delete_concepts("legacy-dog", concepts=["puppy"])
        check("puppy" not in (app.inputs.get("legacy-dog").concepts or []), "puppy still there")

    def concepts_create() -> None:
        made = app.concepts.bulk_create(["bird", "fish"], ["Bird", "Fish"])
        check([c.concept_name for c in made] == ["Bird", "Fish"], "names not kept")

    def concept_names() -> None:
        concepts = take(app.concepts.get_all())
        check(concepts and all(c.concept_name for c in concepts), "a concept has no name")

    def concept_search() -> None:
        found = take(app.concepts.search("d*"))
        check(any(c.concept_id == "dog" for c in found), "dog not found by name")

    def general() -> Any:
        return app.models.get("general-v1.3")

    def predict_url() -> None:
        out = general().predict_by_url(METRO_URL)
        concepts = out["outputs"][0]["data"]["concepts"]
        check(concepts and all(c["name"] and c["value"] for c in concepts), "no named concepts predicted")

    def predict_bytes() -> None:
        out = general().predict_by_bytes(png_bytes())
        check(out["outputs"][0]["data"]["concepts"], "no concepts predicted")

    def by_annotated() -> None:
        hits = app.inputs.search_by_annotated_concepts(concept="dog")
        check(any(h.input_id == "legacy-dog" for h in hits), "labelled input not found")

    def by_predicted() -> None:
        hits = app.inputs.search_by_predicted_concepts(concept="train")
        check(any(h.input_id == "legacy-train" for h in hits), "the metro-north input is not a hit")

    def by_image() -> None:
        hits = app.inputs.search_by_image(url=DOG_URL)
        check(hits and hits[0].score, "no scored hits")

    def by_metadata() -> None:
        hits = app.inputs.search_by_metadata({"source": "fidelity"})
        check([h.input_id for h in hits] == ["legacy-dog"], f"hits {[h.input_id for h in hits]}")

    def search_feedback() -> None:
        app.inputs.send_search_feedback("legacy-dog")

    def concept_feedback() -> None:
        general().send_concept_feedback("legacy-dog", DOG_URL, concepts=["dog"], not_concepts=["cat"])

    def face_search() -> None:
        found = app.models.search("face", model_type="facedetect")
        check(found, "no face detection model found")

    def create_model() -> None:
        model = app.models.create("legacy-pets", concepts=["dog", "red"])
        check(model.model_id == "legacy-pets", f"model id {model.model_id!r}")

    def create_closed() -> None:
        model = app.models.create("legacy-closed", concepts=["dog"], closed_environment=True)
        check(model.closed_environment, "closed_environment not kept")

    def closed_env() -> None:
        app.models.get("legacy-pets").update(closed_environment=True)
        check(app.models.get("legacy-pets").closed_environment, "closed_environment not kept")

    def versions() -> None:
        model = app.models.get("legacy-pets")
        model.train(sync=False)
        listed = model.list_versions()["model_versions"]
        check(listed, "no model versions listed")
        shown = model.get_version(listed[0]["id"])["model_version"]
        check(shown["id"] == listed[0]["id"], f"version {shown['id']!r}")

    def workflows() -> None:
        check(take(app.workflows.get_all(public_only=True)), "no public workflows")

    def workflow_predict() -> None:
        out = s["Workflow"](app.api, workflow_id="General").predict_by_url(METRO_URL)
        check(out["results"][0]["outputs"], "no workflow outputs")

    def delete() -> None:
        app.inputs.delete("legacy-red")

    def delete_all() -> None:
        app.inputs.delete_all()

    actions = (
        model_cache,
        from_url,
        from_bytes,
        bulk,
        crop,
        check_status,
        get,
        get_all,
        merge,
        merge_metadata,
        overwrite,
        overwrite_metadata,
        remove,
        concepts_create,
        concept_names,
        concept_search,
        predict_url,
        predict_bytes,
        by_annotated,
        by_predicted,
        by_image,
        by_metadata,
        search_feedback,
        concept_feedback,
        face_search,
        create_model,
        create_closed,
        closed_env,
        versions,
        workflows,
        workflow_predict,
        delete,
        delete_all,
    )
    for (name, changes), action in zip(list(STEPS.items())[1:], actions, strict=True):
        step(name, action, changes)


if __name__ == "__main__":
    main()
