"""CL008 recipe: every old or new input status code, by number or name, maps to today's name."""

import pytest
from clarifai_grpc.grpc.api.status import status_code_pb2, status_pb2

from recipes.statuses import OLD_NAMES, status_name

Value = status_code_pb2.StatusCode.Value
NAMES_IN_CLARIFAI_GRPC = set(status_code_pb2.StatusCode.keys())
# (old name, its number, today's name): the whole table, written out once more by hand.
TABLE = [
    ("INPUT_IMAGE_DOWNLOAD_SUCCESS", 30000, "INPUT_SUCCESS"),
    ("INPUT_IMAGE_DOWNLOAD_PENDING", 30001, "INPUT_PENDING"),
    ("INPUT_IMAGE_DOWNLOAD_FAILED", 30002, "INPUT_FAILED"),
    ("INPUT_IMAGE_DOWNLOAD_IN_PROGRESS", 30003, "INPUT_IN_PROGRESS"),
    ("INPUT_IMAGE_DUPLICATE", 30100, "INPUT_DUPLICATE"),
    ("INPUT_IMAGE_UNSUPPORTED_FORMAT", 30101, "INPUT_UNSUPPORTED_FORMAT"),
    ("INPUT_IMAGE_DOES_NOT_EXIST", 30102, "INPUT_DOES_NOT_EXIST"),
    ("INPUT_IMAGE_PERMISSION_DENIED", 30103, "INPUT_PERMISSION_DENIED"),
    ("INPUT_IMAGE_INVALID_ARGUMENT", 30104, "INPUT_INVALID_ARGUMENT"),
    ("INPUT_IMAGE_OVER_LIMIT", 30105, "INPUT_OVER_LIMIT"),
    ("INPUT_IMAGE_INVALID_URL", 30106, "INPUT_INVALID_URL"),
    ("INPUT_IMAGE_MODIFY_SUCCESS", 30200, "INPUT_MODIFY_SUCCESS"),
    ("INPUT_IMAGE_MODIFY_PENDING", 30201, "INPUT_MODIFY_PENDING"),
    ("INPUT_IMAGE_MODIFY_FAILED", 30203, "INPUT_MODIFY_FAILED"),
    ("INPUT_IMAGE_STORAGE_HOST_FAILED", 30210, "INPUT_STORAGE_HOST_FAILED"),
    ("ALL_INPUT_IMAGES_INVALID_BYTES", 30300, "ALL_INPUT_INVALID_BYTES"),
    ("INPUT_VIDEO_DOWNLOAD_SUCCESS", 31000, "INPUT_SUCCESS"),
    ("INPUT_VIDEO_DOWNLOAD_PENDING", 31001, "INPUT_PENDING"),
    ("INPUT_VIDEO_DOWNLOAD_FAILED", 31002, "INPUT_FAILED"),
    ("INPUT_VIDEO_DUPLICATE", 31100, "INPUT_DUPLICATE"),
    ("INPUT_VIDEO_UNSUPPORTED_FORMAT", 31101, "INPUT_UNSUPPORTED_FORMAT"),
    ("INPUT_VIDEO_DOES_NOT_EXIST", 31102, "INPUT_DOES_NOT_EXIST"),
    ("INPUT_VIDEO_PERMISSION_DENIED", 31103, "INPUT_PERMISSION_DENIED"),
    ("INPUT_VIDEO_INVALID_ARGUMENT", 31104, "INPUT_INVALID_ARGUMENT"),
    ("INPUT_VIDEO_OVER_LIMIT", 31105, "INPUT_OVER_LIMIT"),
    ("INPUT_VIDEO_INVALID_URL", 31106, "INPUT_INVALID_URL"),
    ("INPUT_VIDEO_MODIFY_SUCCESS", 31200, "INPUT_MODIFY_SUCCESS"),
    ("INPUT_VIDEO_MODIFY_PENDING", 31201, "INPUT_MODIFY_PENDING"),
    ("INPUT_VIDEO_MODIFY_FAILED", 31203, "INPUT_MODIFY_FAILED"),
    ("INPUT_VIDEO_STORAGE_HOST_FAILED", 31210, "INPUT_STORAGE_HOST_FAILED"),
    ("ALL_INPUT_VIDEOS_INVALID_BYTES", 31300, "ALL_INPUT_INVALID_BYTES"),
]


def test_the_table_is_old_names():
    assert {old: today for old, _, today in TABLE} == OLD_NAMES


@pytest.mark.parametrize("old, number, today", TABLE)
def test_each_old_name_and_its_number_give_todays_name(old, number, today):
    assert status_name(old) == today
    assert status_name(number) == today
    assert status_name(today) == today


@pytest.mark.parametrize("old, number, _", [row for row in TABLE if "IMAGE" in row[0]])
def test_image_names_kept_their_numbers_and_never_were_in_clarifai_grpc(old, number, _):
    assert Value(OLD_NAMES[old]) == number
    assert old not in NAMES_IN_CLARIFAI_GRPC


@pytest.mark.parametrize("old, number, _", [row for row in TABLE if "VIDEO" in row[0]])
def test_video_names_are_still_in_clarifai_grpc_and_map_to_their_image_twins(old, number, _):
    assert Value(old) == number
    assert Value(OLD_NAMES[old]) == number - 1000


@pytest.mark.parametrize(
    "alias, today",
    [
        ("INPUT_DOWNLOAD_SUCCESS", "INPUT_SUCCESS"),
        ("INPUT_DOWNLOAD_PENDING", "INPUT_PENDING"),
        ("INPUT_DOWNLOAD_FAILED", "INPUT_FAILED"),
        ("INPUT_DOWNLOAD_IN_PROGRESS", "INPUT_IN_PROGRESS"),
    ],
)
def test_deprecated_aliases_give_the_canonical_name(alias, today):
    assert status_name(alias) == today


def test_numbers_as_text_lower_case_names_and_statuses_are_accepted():
    assert status_name("31000") == "INPUT_SUCCESS"
    assert status_name("input_image_download_success") == "INPUT_SUCCESS"
    assert status_name(status_pb2.Status(code=31002, description="Download failed")) == "INPUT_FAILED"


def test_other_codes_keep_their_names():
    assert status_name(10000) == "SUCCESS"
    assert status_name("CONN_DOES_NOT_EXIST") == "CONN_DOES_NOT_EXIST"
    assert status_name(31400) == "INPUT_VIDEO_PROCESSING_SUCCESS"  # a later video code, still answered


def test_an_unknown_number_is_unknown_and_an_unknown_name_is_an_error():
    assert status_name(31003) == "UNKNOWN_31003"
    with pytest.raises(ValueError, match="INPUT_IMAGE_DOWNLOAD_SUCESS"):
        status_name("INPUT_IMAGE_DOWNLOAD_SUCESS")
