"""Docs-style flow for today's ``clarifai`` SDK (12.x), run inside the ``sdk`` venv.

Environment: CLARIFAI_API_BASE (http://host:port of the plain gRPC door), CLARIFAI_PAT,
CLARIFAI_USER_ID, CLARIFAI_APP_ID. Every step prints one line (see steplib).
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Any

from steplib import DOG_URL, METRO_URL, check, env, plan, png_bytes, step, take

STEPS = (
    "import",
    "user_list_apps",
    "create_app",
    "upload_from_url",
    "upload_from_bytes",
    "list_inputs",
    "upload_annotations_bbox",
    "list_annotations",
    "patch_inputs_metadata",
    "create_concepts",
    "list_concepts",
    "patch_concepts",
    "predict_by_url_general",
    "predict_by_bytes_general",
    "search_by_image_url",
    "search_by_concept",
    "create_model",
    "list_models",
    "list_public_workflows",
    "workflow_predict_by_url",
    "create_workflow",
    "created_workflow_predict_by_bytes",
    "delete_inputs",
    "delete_app",
)


# A workflow of one node, clarifai/main's general model, as the SDK's docs write the config.
WORKFLOW_YAML = """\
workflow:
  id: sdk-general
  nodes:
    - id: general-concepts
      model:
          model_id: general-image-recognition
          model_version_id: aa7f35c01e0642fda5cf400f543e7c40
          user_id: clarifai
          app_id: main
"""


def main() -> None:
    plan(STEPS)
    base, pat, user_id = env("CLARIFAI_API_BASE"), env("CLARIFAI_PAT"), env("CLARIFAI_USER_ID")
    kw: dict[str, Any] = {"base_url": base, "pat": pat}
    s: dict[str, Any] = {"app_id": "fidelity-" + uuid.uuid4().hex[:8]}

    def imports() -> None:
        from clarifai.client.app import App
        from clarifai.client.input import Inputs
        from clarifai.client.model import Model
        from clarifai.client.search import Search
        from clarifai.client.user import User
        from clarifai.client.workflow import Workflow

        s.update(App=App, Inputs=Inputs, Model=Model, Search=Search, User=User, Workflow=Workflow)

    if not step("import", imports):
        return
    user = s["User"](user_id=user_id, **kw)

    def list_apps() -> None:
        apps = take(user.list_apps())
        check(any(a.id == env("CLARIFAI_APP_ID") for a in apps), "the seeded app is not listed")

    def create_app() -> None:
        s["app"] = user.create_app(app_id=s["app_id"], base_workflow="Universal")

    def app() -> Any:
        return s.get("app") or s["App"](user_id=user_id, app_id=s["app_id"], **kw)

    def inputs() -> Any:
        return app().inputs()

    def upload_url() -> None:
        inputs().upload_from_url(input_id="sdk-dog", image_url=DOG_URL, labels=["dog"])

    def upload_bytes() -> None:
        inputs().upload_from_bytes(input_id="sdk-red", image_bytes=png_bytes(), labels=["red"])

    def list_inputs() -> None:
        found = {i.id for i in take(inputs().list_inputs())}
        check({"sdk-dog", "sdk-red"} <= found, f"uploaded inputs not listed: {sorted(found)}")

    def annotate() -> None:
        box = s["Inputs"].get_bbox_proto(input_id="sdk-dog", label="dog", bbox=[0.1, 0.1, 0.8, 0.9])
        inputs().upload_annotations([box], show_log=False)

    def list_annotations() -> None:
        annotations = take(inputs().list_annotations())
        check(annotations, "no annotations listed")

    def patch_inputs() -> None:
        from google.protobuf.struct_pb2 import Struct

        meta = Struct()
        meta.update({"source": "fidelity"})
        patched = s["Inputs"].get_input_from_url(input_id="sdk-dog", image_url=DOG_URL, metadata=meta)
        inputs().patch_inputs([patched], action="merge")

    def create_concepts() -> None:
        app().create_concepts(["cat", "bird"], ["Cat", "Bird"])

    def list_concepts() -> None:
        ids = {c.id for c in take(app().list_concepts())}
        check({"cat", "dog"} <= ids, f"concepts missing: {sorted(ids)}")

    def patch_concepts() -> None:
        inputs().patch_concepts(concept_ids=["cat"], labels=["Kitty"], action="overwrite")

    def general() -> Any:
        return s["Model"](user_id="clarifai", app_id="main", model_id="general-image-recognition", **kw)

    def predict_url() -> None:
        out = general().predict_by_url(METRO_URL, input_type="image")
        check(out.outputs and out.outputs[0].data.concepts, "no concepts predicted")

    def predict_bytes() -> None:
        out = general().predict_by_bytes(png_bytes(), input_type="image")
        check(out.outputs and out.outputs[0].data.concepts, "no concepts predicted")

    def search() -> Any:
        return s["Search"](user_id=user_id, app_id=s["app_id"], top_k=10, **kw)

    def search_image() -> None:
        hits = take(search().query(ranks=[{"image_url": DOG_URL}]))
        check(hits and hits[0].hits, "no hits")

    def search_concept() -> None:
        pages = take(search().query(filters=[{"concepts": [{"name": "dog", "value": 1}]}]))
        ids = {h.input.id for page in pages for h in page.hits}
        check("sdk-dog" in ids, f"labelled input not found: {sorted(ids)}")

    def create_model() -> None:
        model = app().create_model(model_id="sdk-pets", model_type_id="embedding-classifier")
        check(model.id == "sdk-pets", f"model id {model.id!r}")

    def list_models() -> None:
        models = take(app().list_models(only_in_app=False), limit=5000)
        ids = {(m.app_id, m.id) for m in models}  # the SDK skips models without a version
        check(("main", "general-image-recognition") in ids, "clarifai/main's general model not listed")

    def list_workflows() -> None:
        main_app = s["App"](user_id="clarifai", app_id="main", **kw)
        check(take(main_app.list_workflows()), "no public workflows listed")

    def workflow_predict() -> None:
        flow = s["Workflow"](user_id="clarifai", app_id="main", workflow_id="General", **kw)
        out = flow.predict_by_url(METRO_URL, input_type="image")
        check(out.results and out.results[0].outputs, "no workflow outputs")

    def create_workflow() -> None:
        config = Path(tempfile.mkdtemp()) / "workflow.yml"
        config.write_text(WORKFLOW_YAML)
        s["workflow"] = app().create_workflow(config_filepath=str(config), display=False)

    def created_workflow_predict() -> None:
        flow = s.get("workflow") or s["Workflow"](
            user_id=user_id, app_id=s["app_id"], workflow_id="sdk-general", **kw
        )
        out = flow.predict_by_bytes(png_bytes(), input_type="image")
        check(
            out.results and out.results[0].outputs[0].data.concepts, "no concepts from the created workflow"
        )

    def delete_inputs() -> None:
        everything = take(inputs().list_inputs())
        inputs().delete_inputs(everything)

    def delete_app() -> None:
        user.delete_app(s["app_id"])

    for name, action in zip(
        STEPS[1:],
        (
            list_apps,
            create_app,
            upload_url,
            upload_bytes,
            list_inputs,
            annotate,
            list_annotations,
            patch_inputs,
            create_concepts,
            list_concepts,
            patch_concepts,
            predict_url,
            predict_bytes,
            search_image,
            search_concept,
            create_model,
            list_models,
            list_workflows,
            workflow_predict,
            create_workflow,
            created_workflow_predict,
            delete_inputs,
            delete_app,
        ),
        strict=True,
    ):
        step(name, action)


if __name__ == "__main__":
    main()
