"""The project's sample images are predicted from what they show: their recorded concepts rank
first (general model and a user's model), any other bytes keep the hash values, and the face
illustration's drawn head is the face detection finds."""

import hashlib
import os
from pathlib import Path

import pytest
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from emulator import predict as synthetic
from emulator.known_concepts import KNOWN_CONCEPTS, SAMPLE_CONCEPTS, known_concepts
from emulator.known_faces import KNOWN_FACES
from emulator.public import GENERAL_CONCEPTS
from tests.emulator.test_models import concepts, labelled, post_model, post_version, wait

IMAGES = Path(__file__).parents[2] / "data" / "images"
SHIPPED = sorted(IMAGES.iterdir())
MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
GENERAL_NAMES = {name for _, name in GENERAL_CONCEPTS}


def as_input(content):
    return resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(base64=content)))


def predict(stub, pat, content, model_id="general-image-recognition", app=MAIN, **config):
    request = service_pb2.PostModelOutputsRequest(
        user_app_id=app,
        model_id=model_id,
        inputs=[as_input(content)],
        model=resources_pb2.Model(
            output_info=resources_pb2.OutputInfo(output_config=resources_pb2.OutputConfig(**config))
        ),
    )
    response = stub.PostModelOutputs(request, metadata=pat)
    assert response.status.code == 10000, response.status
    return response.outputs[0].data


def test_every_shipped_image_has_recorded_concepts_of_the_general_and_moderation_models():
    assert {hashlib.sha256(path.read_bytes()).hexdigest() for path in SHIPPED} == set(KNOWN_CONCEPTS)
    for shown in KNOWN_CONCEPTS.values():
        assert shown and len(set(shown)) == len(shown) and set(shown) <= GENERAL_NAMES | {"safe"}
    ids = [concept_id for concept_id, _ in GENERAL_CONCEPTS]
    assert len(ids) == len(set(ids)) and len(GENERAL_NAMES) == len(GENERAL_CONCEPTS)
    assert {name for _, name in SAMPLE_CONCEPTS} <= set().union(*KNOWN_CONCEPTS.values())


def test_no_gender_words_are_recorded_for_photos_of_people():
    assert not {"man", "woman", "male", "female", "boy", "girl"} & set().union(*KNOWN_CONCEPTS.values())


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_the_general_model_ranks_an_images_true_concepts_first(stub, pat, path):
    shown = [name for name in known_concepts(path.read_bytes()) if name in GENERAL_NAMES]
    top = predict(stub, pat, path.read_bytes()).concepts
    assert [c.name for c in top[: len(shown)]] == list(shown)
    assert [c.value for c in top[: len(shown)]] == pytest.approx([0.99 - 0.01 * n for n in range(len(shown))])
    assert all(c.value < 0.5 for c in top[len(shown) :])
    assert predict(stub, pat, path.read_bytes()) == predict(stub, pat, path.read_bytes())


def test_other_bytes_keep_the_hash_values_and_never_get_a_sample_only_concept(stub, pat):
    content = os.urandom(64)
    every = predict(stub, pat, content, max_concepts=200).concepts
    sample_ids = {concept_id for concept_id, _ in SAMPLE_CONCEPTS}
    documented = GENERAL_CONCEPTS[: len(GENERAL_CONCEPTS) - len(SAMPLE_CONCEPTS)]
    assert not sample_ids & {c.id for c in every}
    expected = sorted(
        ((round(synthetic.score(content, concept_id), 6), concept_id) for concept_id, _ in documented),
        key=lambda pair: (-pair[0], pair[1]),
    )
    assert [c.id for c in every] == [concept_id for _, concept_id in expected]
    assert [c.value for c in every] == pytest.approx([value for value, _ in expected])
    assert predict(stub, pat, content) == predict(stub, pat, content)


def test_selecting_a_sample_concept_answers_it_only_for_an_image_that_shows_it(stub, pat):
    coffee = [resources_pb2.Concept(name="coffee")]
    shown = predict(stub, pat, (IMAGES / "coffee.jpg").read_bytes(), select_concepts=coffee).concepts
    assert [(c.id, c.name, c.value) for c in shown] == [("ai_emuCoffe", "coffee", pytest.approx(0.99))]
    assert (
        list(predict(stub, pat, (IMAGES / "rocket.jpg").read_bytes(), select_concepts=coffee).concepts) == []
    )


def test_a_model_trained_on_the_cat_photo_predicts_cat_first_for_it(stub, pat, app_id):
    chelsea = (IMAGES / "chelsea.jpg").read_bytes()
    item = as_input(chelsea)
    item.id = "chelsea"
    item.data.concepts.add(id="cat", value=1.0)
    stub.PostInputs(service_pb2.PostInputsRequest(user_app_id=app_id, inputs=[item]), metadata=pat)
    labelled(stub, pat, app_id, 2, "dog", prefix="dog")
    post_model(stub, pat, app_id)
    post_version(stub, pat, app_id, output_info=concepts("dog", "cat"))
    assert wait(stub, pat, app_id).status.code == 21100
    found = predict(stub, pat, chelsea, model_id="pets", app=app_id).concepts
    assert [c.id for c in found] == ["cat", "dog"]
    assert found[0].value == pytest.approx(0.99) and found[1].value < 0.5


def test_the_moderation_model_says_a_shipped_photo_is_safe_first(stub, pat):
    chelsea = (IMAGES / "chelsea.jpg").read_bytes()
    found = predict(stub, pat, chelsea, model_id="moderation-recognition").concepts
    assert [c.name for c in found][0] == "safe" and found[0].value == pytest.approx(0.99)
    assert all(c.value <= 0.2 for c in found[1:])


def test_face_detection_finds_the_drawn_head_of_the_illustration(stub, pat):
    content = (IMAGES / "face-illustration.png").read_bytes()
    [face] = predict(stub, pat, content, model_id="face-detection").regions
    box = face.region_info.bounding_box
    recorded = KNOWN_FACES[hashlib.sha256(content).hexdigest()]
    assert recorded == ((0.225, 0.3, 0.775, 0.7),)
    assert (box.top_row, box.left_col, box.bottom_row, box.right_col) == pytest.approx(recorded[0])


def test_the_illustrations_box_is_its_drawn_head():
    """Skin just inside the box's left edge and just above its bottom, background outside it."""
    path = IMAGES / "face-illustration.png"
    image = pytest.importorskip("PIL.Image").open(path).convert("RGB")
    [(top, left, bottom, right)] = KNOWN_FACES[hashlib.sha256(path.read_bytes()).hexdigest()]
    size = image.size[0]

    def pixel(row, col):
        return image.getpixel((round(col * size), round(row * size)))

    middle_row, middle_col = (top + bottom) / 2, (left + right) / 2
    skin = pixel(0.68, middle_col)  # the chin, under the smile
    assert pixel(middle_row, left + 0.015) == skin and pixel(middle_row, right - 0.015) == skin
    assert pixel(bottom - 0.01, middle_col) == skin
    assert pixel(0.7, left - 0.06) != skin and pixel(0.7, right + 0.06) != skin  # beside the jaw


def test_the_demographics_models_describe_the_illustrations_one_face(stub, pat):
    content = (IMAGES / "face-illustration.png").read_bytes()
    [face] = predict(stub, pat, content, model_id="face-detection").regions
    for model_id in ("age-demographics-recognition", "gender-demographics-recognition"):
        [region] = predict(stub, pat, content, model_id=model_id).regions
        assert region.id == face.id and region.region_info == face.region_info and region.data.concepts
