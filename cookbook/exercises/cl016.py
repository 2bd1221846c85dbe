"""CL016: read a model's description with GetModel now that predictions carry a trimmed model."""

from __future__ import annotations

from dataclasses import dataclass

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from cookbook.exercise import Attempt, Exercise, Expectation
from recipes.connect import Session
from recipes.errors import check

MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
MODEL_ID = "general-image-recognition"
IMAGE_URL = "https://samples.clarifai.com/metro-north.jpg"
KEYS = ("description", "version_id", "concepts")


@dataclass(frozen=True)
class Fixture:
    image_url: str
    expected: (
        dict  # what the API says, by KEYS: GetModel's description, the prediction's version and concepts
    )


def _prepare(session: Session) -> Fixture:
    """Predict once and read the model: what a migrated answer must return (predictions store nothing)."""
    image = resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(url=IMAGE_URL)))
    request = service_pb2.PostModelOutputsRequest(user_app_id=MAIN, model_id=MODEL_ID, inputs=[image])
    output = check(
        "PostModelOutputs", session.stub.PostModelOutputs(request, metadata=session.metadata)
    ).outputs[0]
    request = service_pb2.GetModelRequest(user_app_id=MAIN, model_id=MODEL_ID)
    model = check("GetModel", session.stub.GetModel(request, metadata=session.metadata)).model
    concepts = [concept.name for concept in output.data.concepts]
    expected = {
        "description": model.description,
        "version_id": output.model.model_version.id,
        "concepts": concepts,
    }
    return Fixture(IMAGE_URL, expected)


def _key(key: str, what: str):
    def missing(attempt: Attempt) -> str:
        got = attempt.result
        if not isinstance(got, dict) or key not in got:
            return f"it returned no {key!r} (a dict with {', '.join(KEYS)} is expected)"
        if got[key] != attempt.fixture.expected[key]:
            return f"its {key!r} is {str(got[key])[:60]!r}, not {what}"
        return ""

    return missing


EXERCISE = Exercise(
    change="CL016",
    prepare=_prepare,
    run=lambda answer, session, fixture: answer(session, fixture.image_url),
    expectations=(
        Expectation(
            "it returns the model's description",
            _key("description", "the description GetModel gives"),
            "the prediction's model no longer has a description: take its id from outputs[0].model "
            "and ask GetModel (GET /v2/users/clarifai/apps/main/models/{id}) for it.",
        ),
        Expectation(
            "it names the version that predicted",
            _key("version_id", "the id in outputs[0].model.model_version"),
            "the version id is still in the prediction: outputs[0].model.model_version.id.",
        ),
        Expectation(
            "it returns the concepts predicted, best first",
            _key("concepts", "the names in outputs[0].data.concepts, in order"),
            "the concepts are still in outputs[0].data.concepts, best first: keep their names in that order.",
        ),
    ),
)
