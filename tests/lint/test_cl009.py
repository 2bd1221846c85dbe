"""CL009: data.face is gone; face outputs are concepts with a vocab_id."""

import pytest

from tests.lint.helpers import findings, flags

CODE = "CL009"
GRPC = "from clarifai_grpc.grpc.api import resources_pb2\n"

FLAGGED = [
    GRPC + "names = region.data.face.identity.concepts",
    GRPC + "face = region.data.face\nage = face.age_appearance.concepts[0].name",
    GRPC + "face.multicultural_appearance.concepts",
    GRPC + "faces = [r for r in regions if r.data.HasField('face')]",
    '# clarifai\nage = region["data"]["face"]["age_appearance"]["concepts"][0]["name"]',
    '# clarifai\nface = region["data"].get("face")',
    "from clarifai.rest import Face, FaceIdentity\nface = Face(identity=FaceIdentity(identities))",
    "from clarifai.rest import FaceAgeAppearance\nages = FaceAgeAppearance([Concept(concept_id='1')])",
    "from clarifai import rest\nface = rest.Face(identity=ids)",
]
REST = "from clarifai.rest import Face, FaceIdentity, FaceAgeAppearance, Concept\n"
NOT_FLAGGED = [
    GRPC + "ages = [c.name for c in region.data.concepts if c.vocab_id == 'age_appearance']",
    GRPC + "region.region_info.bounding_box",
    GRPC + "surface = mesh.data.surface\nface = mesh.face",
    'import face_recognition\ndata = {"face": box}\nprint(data["face"])',  # no Clarifai
    GRPC + "data = {'face': box}\nprint(data['face'])",
    "from clarifai.rest import ClarifaiApp\nfrom face_lib import Face\nFace(box)",  # not the client's
    "from clarifai.rest import Concept\nConcept(concept_id='1', value=True)",
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_the_face_object(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_concepts_and_other_faces_alone(source):
    assert not flags(source, CODE)


def test_a_face_object_is_reported_once_with_its_parts():
    source = REST + "face = Face(identity=FaceIdentity(ids), age_appearance=FaceAgeAppearance(ages))"
    assert len(findings(source, CODE)) == 1


def test_a_chain_is_reported_once():
    assert len(findings(GRPC + "x = region.data.face.age_appearance.concepts", CODE)) == 1
