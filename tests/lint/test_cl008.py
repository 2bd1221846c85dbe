"""CL008: INPUT_IMAGE_* and INPUT_VIDEO_* status names became INPUT_*, and are renamed."""

import pytest
from clarifai_grpc.grpc.api.status import status_code_pb2

from cookbook.lint.rules.cl008_input_status_codes import RENAMES
from tests.lint.helpers import fixed, flags

CODE = "CL008"

FLAGGED = [
    "status_code_pb2.INPUT_IMAGE_DOWNLOAD_SUCCESS",
    "x = codes.INPUT_VIDEO_DOWNLOAD_FAILED",
    "from clarifai_grpc.grpc.api.status.status_code_pb2 import INPUT_IMAGE_DUPLICATE",
    "from clarifai_grpc.grpc.api.status.status_code_pb2 import INPUT_IMAGE_DOWNLOAD_PENDING\n"
    "ok = INPUT_IMAGE_DOWNLOAD_PENDING",
    'name == "INPUT_IMAGE_DOWNLOAD_IN_PROGRESS"',
    "from clarifai_grpc.grpc.api.status.status_code_pb2 import *\n"
    "ready = code == INPUT_IMAGE_DOWNLOAD_SUCCESS",
]
NOT_FLAGGED = [
    "status_code_pb2.INPUT_SUCCESS",
    "status_code_pb2.INPUT_DOWNLOAD_SUCCESS",  # a deprecated alias that still exists
    "status_code_pb2.INPUT_VIDEO_PROCESSING_SUCCESS",  # no INPUT_* counterpart: still answered
    '"""We moved from INPUT_IMAGE_DOWNLOAD_SUCCESS to INPUT_SUCCESS."""',
    'f"INPUT_IMAGE_DOWNLOAD_SUCCESS{suffix}"',
    "INPUT_IMAGE_DOWNLOAD_SUCCESS = 30000\nprint(INPUT_IMAGE_DOWNLOAD_SUCCESS)",  # the file's own constant
    "from legacy.codes import INPUT_IMAGE_DOWNLOAD_SUCCESS\nprint(INPUT_IMAGE_DOWNLOAD_SUCCESS)",
]
FIXES = [
    (
        "if code == status_code_pb2.INPUT_IMAGE_DOWNLOAD_SUCCESS:  # done\n    pass\n",
        "if code == status_code_pb2.INPUT_SUCCESS:  # done\n    pass\n",
    ),
    (
        "from clarifai_grpc.grpc.api.status.status_code_pb2 import INPUT_IMAGE_DOWNLOAD_FAILED, SUCCESS\n"
        "bad = {INPUT_IMAGE_DOWNLOAD_FAILED}\n",
        "from clarifai_grpc.grpc.api.status.status_code_pb2 import INPUT_FAILED, SUCCESS\n"
        "bad = {INPUT_FAILED}\n",
    ),
    (
        "from clarifai_grpc.grpc.api.status.status_code_pb2 import INPUT_VIDEO_DUPLICATE as DUP\nx = DUP\n",
        "from clarifai_grpc.grpc.api.status.status_code_pb2 import INPUT_DUPLICATE as DUP\nx = DUP\n",
    ),
    ("ok = name in ('INPUT_IMAGE_DOWNLOAD_PENDING', \"x\")\n", "ok = name in ('INPUT_PENDING', \"x\")\n"),
    (
        "waiting = (\n"
        "    codes.INPUT_IMAGE_DOWNLOAD_PENDING,\n"
        "    codes.INPUT_VIDEO_DOWNLOAD_PENDING,\n"
        ")  # ä\n",
        "waiting = (\n    codes.INPUT_PENDING,\n    codes.INPUT_PENDING,\n)  # ä\n",
    ),
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_old_status_names(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_other_names_alone(source):
    assert not flags(source, CODE)


@pytest.mark.parametrize(("before", "after"), FIXES)
def test_fix_renames_and_nothing_else(before, after):
    assert fixed(before, CODE) == after
    assert not flags(after, CODE)


def test_a_name_from_a_non_clarifai_star_import_is_flagged_but_not_renamed():
    source = "from legacy import *\nok = INPUT_IMAGE_DOWNLOAD_SUCCESS\n"
    assert flags(source, CODE)
    assert fixed(source, CODE) == source


def test_every_new_name_exists_in_clarifai_grpc():
    today = set(status_code_pb2.StatusCode.keys())
    assert set(RENAMES.values()) <= today
    assert all(old not in today for old in RENAMES if "IMAGE" in old)
