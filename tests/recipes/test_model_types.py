"""Model type and model name recipes (CL007, CL013, CL014) against the emulator."""

import pytest
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from emulator.changes import cl007_facedetect_model_types as cl007
from emulator.changes import cl013_model_type_id as cl013
from emulator.model_types import MODEL_TYPES
from recipes.errors import ClarifaiStatusError
from recipes.models import detect_type_for, find_model, model_type_id_for, model_type_query, search_models

MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")


def create(session, model_id, model_type_id="embedding-classifier", **fields):
    model = resources_pb2.Model(id=model_id, model_type_id=model_type_id, **fields)
    request = service_pb2.PostModelsRequest(user_app_id=session.user_app_id, models=[model])
    assert session.stub.PostModels(request, metadata=session.metadata).status.code == 10000


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("facedetect", "detect"),
        ("facedetect-identity", "detect-concept"),
        ("facedetect-demographics", "detect-concept"),
        ("facedetect-embed", "detect-embed"),
        ("concept", "concept"),
        ("visual-detector", "visual-detector"),
    ],
)
def test_detect_type_for_renames_only_the_facedetect_names(old, new):
    assert detect_type_for(old) == new


def test_detect_type_for_agrees_with_the_emulator():
    assert {old: detect_type_for(old) for old in cl007.RENAMED} == cl007.RENAMED


def test_model_type_id_for_agrees_with_the_emulator():
    assert {old: model_type_id_for(old) for old in cl013.MODEL_TYPE_IDS} == cl013.MODEL_TYPE_IDS


def test_model_type_id_for_gives_a_type_of_today_for_every_old_name():
    old_names = set(cl013.MODEL_TYPE_IDS) | set(cl007.RENAMED)
    for old in old_names:
        assert model_type_id_for(old) in MODEL_TYPES, old
    assert model_type_id_for("concept") == "embedding-classifier"
    assert model_type_id_for("facedetect-identity") == "visual-detector"
    assert model_type_id_for("detect-concept") == "visual-detector"
    assert model_type_id_for("facedetect-embed") == "visual-embedder"
    assert model_type_id_for("visual-classifier") == "visual-classifier"


def test_an_old_name_the_api_showed_maps_to_a_type_that_showed_it():
    """The emulator's own table of what old responses showed (type, type_ext per model_type_id)
    and the recipes' map agree: the id an old name maps to is one that showed that name."""
    for shown in {name for pair in cl013.SHOWN_AS.values() for name in pair}:
        assert shown in cl013.SHOWN_AS[model_type_id_for(shown)], shown
    assert cl013.SHOWN_AS["visual-detector"] == ("detect-concept", "detect-concept")  # the 2021 face model


def test_model_type_query_builds_todays_query():
    assert model_type_query("concept", "pets*") == resources_pb2.ModelQuery(
        name="pets*", model_type_id="embedding-classifier"
    )
    assert model_type_query() == resources_pb2.ModelQuery()


def test_search_models_with_the_translated_query(session):
    create(session, "pets")
    create(session, "faces", "visual-detector")
    assert [m.id for m in search_models(session, model_type_query("concept"))] == ["pets"]
    found = search_models(session, model_type_query("facedetect-identity", "face*"))
    assert sorted(m.id for m in found) == ["face-detection", "faces"]  # ours and clarifai/main's


def test_search_models_pages_through_everything(session, monkeypatch):
    import recipes.models

    monkeypatch.setattr(recipes.models, "MODELS_PAGE", 2)
    for n in range(5):
        create(session, f"mine-{n}")
    found = search_models(session, model_type_query(name="mine-*"))
    assert [m.id for m in found] == [f"mine-{n}" for n in range(5)]
    assert session.calls["PostModelsSearches"] == 3


def test_find_model_by_id_first(session):
    create(session, "pets", display_name="cars")
    create(session, "cars")
    assert find_model(session, "cars").id == "cars"
    assert session.calls["ListModels"] == 0


def test_find_model_by_an_old_id_answers_todays_id(session):
    assert find_model(session, "aaa03c23b3724a16a56b629203edc62c", MAIN).id == "general-image-recognition"


def test_find_model_falls_back_to_the_deprecated_names(session):
    create(session, "pets", name="pets-v1", display_name="My Pets")
    assert find_model(session, "My Pets").id == "pets"
    assert find_model(session, "pets-v1").id == "pets"


def test_find_model_refuses_an_ambiguous_name_and_reports_a_missing_one(session):
    create(session, "a", display_name="Same")
    create(session, "b", display_name="Same")
    with pytest.raises(LookupError, match="2 models are named 'Same'"):
        find_model(session, "Same")
    with pytest.raises(ClarifaiStatusError, match="CONN_DOES_NOT_EXIST"):
        find_model(session, "nothing-like-it")
