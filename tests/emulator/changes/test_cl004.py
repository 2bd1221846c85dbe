"""CL004 2019-11-20: `image.crop` cropped inputs and searched images before the date; refused after it."""

import base64
import struct

import pytest
import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from google.protobuf import unknown_fields

from cookbook.catalog import ROOT
from emulator import downloads, images

BEFORE, AFTER = "2019-11-19", "2019-11-20"
ASTRONAUT = (ROOT / "data" / "images" / "astronaut.jpg").read_bytes()  # 400 x 400
CROP = [0.1, 0.2, 0.9, 0.8]  # top, left, bottom, right: keeps 240 x 320 (width x height)
URL = "https://samples.clarifai.com/metro-north.jpg"


def rest_post(emulator, day, images):
    """What the docs of the time showed: POST /v2/inputs with `crop` beside the image."""
    inputs = [{"id": input_id, "data": {"image": image}} for input_id, image in images.items()]
    headers = {"Authorization": "Key " + emulator.account.api_key, "X-Clarifai-Emulator-As-Of": day}
    return requests.post(f"{emulator.rest_url}/v2/inputs", json={"inputs": inputs}, headers=headers).json()


def b64(data: bytes = ASTRONAUT) -> str:
    return base64.b64encode(data).decode()


def old_image(crop, **fields) -> resources_pb2.Image:
    """An Image as clients before the removal serialized it: field 3, packed floats."""
    packed = struct.pack(f"<{len(crop)}f", *crop)
    raw = resources_pb2.Image(**fields).SerializeToString() + bytes([3 << 3 | 2, len(packed)]) + packed
    return resources_pb2.Image.FromString(raw)


def grpc_post(stub, pat, app_id, day, images):
    inputs = [resources_pb2.Input(id=i, data=resources_pb2.Data(image=image)) for i, image in images.items()]
    request = service_pb2.PostInputsRequest(user_app_id=app_id, inputs=inputs)
    return stub.PostInputs(request, metadata=(*pat, ("x-clarifai-emulator-as-of", day)))


def stored(stub, pat, app_id):
    response = stub.ListInputs(service_pb2.ListInputsRequest(user_app_id=app_id), metadata=pat)
    return {item.id: item for item in response.inputs}


def size(item) -> tuple[int, int]:
    info = item.data.image.image_info
    return info.width, info.height


def test_before_the_date_rest_crop_stores_the_cropped_image(emulator, stub, pat, app_id):
    answer = rest_post(emulator, BEFORE, {"old": {"base64": b64(), "crop": CROP}})
    assert answer["status"]["code"] == 10000
    assert answer["inputs"][0]["data"]["image"]["image_info"]["width"] == 240
    kept = stored(stub, pat, app_id)["old"]
    assert size(kept) == (240, 320)
    assert kept.data.image.base64 != ASTRONAUT


def test_before_the_date_an_old_grpc_client_stores_the_cropped_image(stub, pat, app_id):
    response = grpc_post(stub, pat, app_id, BEFORE, {"old": old_image(CROP, base64=ASTRONAUT)})
    assert response.status.code == 10000
    kept = stored(stub, pat, app_id)["old"]
    assert size(kept) == (240, 320)
    assert len(unknown_fields.UnknownFieldSet(kept.data.image)) == 0  # the applied crop is not echoed


def test_before_the_date_each_input_gets_its_own_crop(emulator, stub, pat, app_id):
    images = {
        "a": {"base64": b64(), "crop": [0.0, 0.0, 0.5, 0.5]},
        "b": {"base64": b64()},
        "c": {"base64": b64(), "crop": [0.0, 0.25, 0.4, 0.65]},
    }
    assert rest_post(emulator, BEFORE, images)["status"]["code"] == 10000
    kept = stored(stub, pat, app_id)
    assert {i: size(kept[i]) for i in "abc"} == {"a": (200, 200), "b": (400, 400), "c": (160, 160)}


def test_before_the_date_a_crop_on_a_url_image_is_applied_when_it_is_downloaded(emulator, stub, pat, app_id):
    answer = rest_post(emulator, BEFORE, {"url": {"url": URL, "crop": CROP}})
    assert answer["status"]["code"] == 10000
    kept = stored(stub, pat, app_id)["url"]
    cropped = images.crop(downloads.fetch(URL).content, CROP)
    assert kept.data.image.url == URL  # the input keeps its URL
    assert size(kept) == (images.image_info(cropped).width, images.image_info(cropped).height)
    orig = "/".join([kept.data.image.hosted.prefix, "orig", kept.data.image.hosted.suffix])
    assert requests.get(orig, timeout=10).content == cropped  # a public S3 file then (CL021)


def test_before_the_date_a_cropped_url_is_no_duplicate_of_its_url(emulator, stub, pat, app_id):
    assert rest_post(emulator, BEFORE, {"whole": {"url": URL}})["status"]["code"] == 10000
    answer = rest_post(emulator, BEFORE, {"part": {"url": URL, "crop": CROP}})
    assert answer["status"]["code"] == 10000
    assert {"whole", "part"} <= set(stored(stub, pat, app_id))


def test_before_the_date_a_crop_on_a_url_image_over_grpc_is_applied(emulator, stub, pat, app_id):
    answer = grpc_post(stub, pat, app_id, BEFORE, {"g": old_image(CROP, url=URL)})
    assert answer.status.code == 10000
    assert size(stored(stub, pat, app_id)["g"]) == (384, 320)


def test_before_the_date_an_empty_crop_is_no_crop(emulator, stub, pat, app_id):
    assert rest_post(emulator, BEFORE, {"e": {"base64": b64(), "crop": []}})["status"]["code"] == 10000
    assert size(stored(stub, pat, app_id)["e"]) == (400, 400)


@pytest.mark.parametrize(
    ("crop", "words"),
    [
        ([0.1, 0.2, 0.9], "must be 4 numbers"),
        ("0.1 0.2 0.9 0.8", "must be 4 numbers"),
        ([0.1, 0.2, 1.5, 0.8], "fractions from 0 to 1"),
        ([0.9, 0.2, 0.1, 0.8], "top < bottom"),
    ],
)
def test_before_the_date_invalid_crops_are_refused_and_nothing_stored(
    emulator, stub, pat, app_id, crop, words
):
    answer = rest_post(emulator, BEFORE, {"fine": {"base64": b64()}, "bad": {"base64": b64(), "crop": crop}})
    status = answer["status"]
    assert (status["code"], status["description"]) == (30104, "Input invalid argument")
    assert words in status["details"] and "inputs[1].data.image.crop" in status["details"]
    assert stored(stub, pat, app_id) == {}


def test_before_the_date_an_invalid_grpc_crop_is_refused_with_readable_values(stub, pat, app_id):
    response = grpc_post(
        stub, pat, app_id, BEFORE, {"bad": old_image([0.9, 0.2, 0.1, 0.8], base64=ASTRONAUT)}
    )
    assert response.status.code == 30104
    assert "[0.9, 0.2, 0.1, 0.8]" in response.status.details
    assert stored(stub, pat, app_id) == {}


def test_before_the_date_undecodable_bytes_with_a_crop_are_refused_naming_the_input(
    emulator, stub, pat, app_id
):
    answer = rest_post(emulator, BEFORE, {"junk": {"base64": b64(b"not an image"), "crop": CROP}})
    assert answer["status"]["code"] == 30104 and "'junk'" in answer["status"]["details"]
    assert stored(stub, pat, app_id) == {}


def test_from_the_date_rest_crop_is_refused_and_nothing_stored(emulator, stub, pat, app_id):
    answer = rest_post(emulator, AFTER, {"fine": {"base64": b64()}, "new": {"base64": b64(), "crop": CROP}})
    status = answer["status"]
    assert (status["code"], status["description"]) == (11100, "Bad request format")
    assert "inputs[1].data.image.crop" in status["details"]
    assert stored(stub, pat, app_id) == {}


def test_from_the_date_an_old_grpc_client_is_refused_and_nothing_stored(stub, pat, app_id):
    response = grpc_post(stub, pat, app_id, AFTER, {"new": old_image(CROP, base64=ASTRONAUT)})
    assert response.status.code == 11100
    assert "crop" in response.status.details
    assert stored(stub, pat, app_id) == {}


def test_from_the_date_a_crop_on_a_url_is_refused_too(emulator, stub, pat, app_id):
    assert rest_post(emulator, AFTER, {"url": {"url": URL, "crop": CROP}})["status"]["code"] == 11100
    assert stored(stub, pat, app_id) == {}


# Searches: the 2.x client's search_by_image(..., crop=...) sent `output.input.data.image.crop`.


def rest_search(emulator, day, rpc, image):
    """PostSearches (`query.ands`, as the 2.x client sent it) or PostInputsSearches (`ranks`)
    by `image`; the answer's status and (input id, score) hits."""
    if rpc == "PostSearches":
        path, body = "searches", {"query": {"ands": [{"output": {"input": {"data": {"image": image}}}}]}}
    else:
        path, body = (
            "inputs/searches",
            {"searches": [{"query": {"ranks": [{"annotation": {"data": {"image": image}}}]}}]},
        )
    headers = {"Authorization": "Key " + emulator.account.api_key, "X-Clarifai-Emulator-As-Of": day}
    answer = requests.post(f"{emulator.rest_url}/v2/{path}", json=body, headers=headers).json()
    return answer["status"], [(hit["input"]["id"], hit["score"]) for hit in answer.get("hits", [])]


def grpc_search(stub, pat, app_id, day, rpc, image):
    data = resources_pb2.Data(image=image)
    if rpc == "PostSearches":
        query = resources_pb2.Query(
            ands=[resources_pb2.And(output=resources_pb2.Output(input=resources_pb2.Input(data=data)))]
        )
        request = service_pb2.PostSearchesRequest(user_app_id=app_id, query=query)
    else:
        query = resources_pb2.Query(
            ranks=[resources_pb2.Rank(annotation=resources_pb2.Annotation(data=data))]
        )
        request = service_pb2.PostInputsSearchesRequest(
            user_app_id=app_id, searches=[resources_pb2.Search(query=query)]
        )
    response = getattr(stub, rpc)(request, metadata=(*pat, ("x-clarifai-emulator-as-of", day)))
    return response.status, [(hit.input.id, round(hit.score, 6)) for hit in response.hits]


@pytest.fixture
def whole_and_part(emulator, stub, pat, app_id):
    """The URL image stored whole and cropped, downloaded (searches rank only ready inputs)."""
    assert (
        rest_post(emulator, BEFORE, {"whole": {"url": URL}, "part": {"url": URL, "crop": CROP}})["status"][
            "code"
        ]
        == 10000
    )
    for _ in range(3):
        stored(stub, pat, app_id)  # each request is a tick of the emulator's clock


SEARCHES = ["PostSearches", "PostInputsSearches"]


@pytest.mark.parametrize("rpc", SEARCHES)
def test_before_the_date_rest_search_by_a_cropped_image_searches_by_the_crop(emulator, whole_and_part, rpc):
    status, hits = rest_search(emulator, BEFORE, rpc, {"url": URL, "crop": CROP})
    assert status["code"] == 10000
    assert hits[0] == ("part", 1.0) and dict(hits)["whole"] < 1.0
    _, uncropped = rest_search(emulator, BEFORE, rpc, {"url": URL})
    assert uncropped[0] == ("whole", 1.0)


@pytest.mark.parametrize("rpc", SEARCHES)
def test_before_the_date_an_old_grpc_search_with_a_crop_searches_by_the_crop(
    stub, pat, app_id, whole_and_part, rpc
):
    status, hits = grpc_search(stub, pat, app_id, BEFORE, rpc, old_image(CROP, url=URL))
    assert status.code == 10000
    assert hits[0] == ("part", 1.0)


@pytest.mark.parametrize("rpc", SEARCHES)
def test_before_the_date_a_search_with_an_invalid_crop_is_refused(emulator, whole_and_part, rpc):
    status, hits = rest_search(emulator, BEFORE, rpc, {"url": URL, "crop": [0.9, 0.2, 0.1, 0.8]})
    assert status["code"] == 30104 and "top < bottom" in status["details"] and hits == []


@pytest.mark.parametrize("rpc", SEARCHES)
def test_from_the_date_rest_search_with_a_crop_is_refused(emulator, whole_and_part, rpc):
    status, hits = rest_search(emulator, AFTER, rpc, {"url": URL, "crop": CROP})
    assert (status["code"], status["description"]) == (11100, "Bad request format")
    assert status["details"].split('"')[1].endswith("data.image.crop") and hits == []


@pytest.mark.parametrize("rpc", SEARCHES)
def test_from_the_date_an_old_grpc_search_with_a_crop_is_refused(stub, pat, app_id, whole_and_part, rpc):
    status, hits = grpc_search(stub, pat, app_id, AFTER, rpc, old_image(CROP, url=URL))
    assert status.code == 11100 and "crop" in status.details and hits == []
