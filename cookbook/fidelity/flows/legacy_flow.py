"""Docs-style flow for the legacy 2.x REST client (``clarifai==2.6.2``, ``ClarifaiApp``).

Run inside the ``legacy`` venv with CLARIFAI_API_BASE (the REST door), CLARIFAI_API_KEY (the
app's API key) and PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION=python. The emulator's date
(``serve --as-of``) decides which answers are expected; the flow itself is the same.
"""

from __future__ import annotations

from typing import Any

from steplib import DOG_URL, METRO_URL, TRUCK_URL, check, env, plan, png_bytes, step, take

STEPS = (
    "startup",
    "create_image_from_url",
    "create_image_from_bytes",
    "bulk_create_images",
    "create_image_with_crop",
    "inputs_get",
    "inputs_get_all",
    "update_merge",
    "update_overwrite",
    "concepts_get_all_names",
    "concepts_search",
    "search_by_annotated_concepts",
    "search_by_image_url",
    "general_predict_by_url",
    "general_predict_by_bytes",
    "models_search_facedetect",
    "models_create",
    "model_update_closed_environment",
    "model_concept_feedback",
    "search_feedback",
    "workflows_get_all_public",
    "workflow_predict_by_url",
    "inputs_delete_all",
)


def main() -> None:
    plan(STEPS)
    s: dict[str, Any] = {}

    def startup() -> None:
        from clarifai.rest import ClarifaiApp, Image, Workflow

        s.update(Image=Image, Workflow=Workflow)
        s["app"] = ClarifaiApp(api_key=env("CLARIFAI_API_KEY"), base_url=env("CLARIFAI_API_BASE"))

    if not step("startup", startup):
        return
    app = s["app"]
    Image = s["Image"]  # noqa: N806 - the client's class

    def from_url() -> None:
        app.inputs.create_image_from_url(DOG_URL, concepts=["dog"], image_id="legacy-dog")

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

    def get() -> None:
        image = app.inputs.get("legacy-dog")
        check(image.url == DOG_URL, f"url is {image.url!r}")

    def get_all() -> None:
        ids = {i.input_id for i in take(app.inputs.get_all())}
        check({"legacy-dog", "legacy-train"} <= ids, f"inputs listed: {sorted(ids)}")

    def merge() -> None:
        app.inputs.merge_concepts("legacy-dog", concepts=["puppy"])
        image = app.inputs.get("legacy-dog")
        check({"dog", "puppy"} <= set(image.concepts or []), f"concepts {image.concepts}")

    def overwrite() -> None:
        app.inputs.update(Image(image_id="legacy-train", concepts=["rail"]), action="overwrite")
        image = app.inputs.get("legacy-train")
        check(image.concepts == ["rail"], f"concepts {image.concepts}")

    def concept_names() -> None:
        concepts = take(app.concepts.get_all())
        check(concepts and all(c.concept_name for c in concepts), "a concept has no name")

    def concept_search() -> None:
        found = app.concepts.search("d*")
        check(any(c.concept_id == "dog" for c in found), "dog not found by name")

    def by_concept() -> None:
        hits = app.inputs.search_by_annotated_concepts(concept="dog")
        check(any(h.input_id == "legacy-dog" for h in hits), "labelled input not found")

    def by_image() -> None:
        hits = app.inputs.search_by_image(url=DOG_URL)
        check(hits, "no hits")

    def general() -> Any:
        return app.models.get("general-v1.3")

    def predict_url() -> None:
        out = general().predict_by_url(METRO_URL)
        check(out["outputs"][0]["data"]["concepts"], "no concepts predicted")

    def predict_bytes() -> None:
        out = general().predict_by_bytes(png_bytes())
        check(out["outputs"][0]["data"]["concepts"], "no concepts predicted")

    def face_search() -> None:
        found = app.models.search("face", model_type="facedetect")
        check(found, "no face detection model found")

    def create_model() -> None:
        s["model"] = app.models.create("legacy-pets", concepts=["dog", "red"])

    def closed_env() -> None:
        model = s.get("model") or app.models.get("legacy-pets")
        model.update(closed_environment=True)
        check(app.models.get("legacy-pets").closed_environment, "closed_environment not kept")

    def concept_feedback() -> None:
        general().send_concept_feedback("legacy-dog", DOG_URL, concepts=["dog"], not_concepts=["cat"])

    def search_feedback() -> None:
        app.inputs.send_search_feedback("legacy-dog")

    def workflows() -> None:
        check(take(app.workflows.get_all(public_only=True)), "no public workflows")

    def workflow_predict() -> None:
        out = s["Workflow"](app.api, workflow_id="General").predict_by_url(METRO_URL)
        check(out["results"][0]["outputs"], "no workflow outputs")

    def delete_all() -> None:
        app.inputs.delete_all()

    actions = (
        from_url,
        from_bytes,
        bulk,
        crop,
        get,
        get_all,
        merge,
        overwrite,
        concept_names,
        concept_search,
        by_concept,
        by_image,
        predict_url,
        predict_bytes,
        face_search,
        create_model,
        closed_env,
        concept_feedback,
        search_feedback,
        workflows,
        workflow_predict,
        delete_all,
    )
    for name, action in zip(STEPS[1:], actions, strict=True):
        step(name, action)


if __name__ == "__main__":
    main()
