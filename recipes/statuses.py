"""Input status names across the 2020 consolidation (CL008): compare names, not numbers.

On 2020-02-24 the INPUT_IMAGE_* statuses became INPUT_* with the same numbers (30000 is
INPUT_IMAGE_DOWNLOAD_SUCCESS then, INPUT_SUCCESS now), and video inputs stopped answering
their INPUT_VIDEO_* numbers (31000, ...): they report the INPUT_* codes like images. Code that
compares a status with 31000 never matches again; `status_name` maps any old or new code, as
a number or a name, to today's name, so one comparison works on both sides of the date.
"""

from __future__ import annotations

from clarifai_grpc.grpc.api.status import status_code_pb2, status_pb2

# Old names -> today's names. The INPUT_VIDEO_* names are still in clarifai-grpc (31000-31300)
# but no longer answered for inputs. INPUT_IMAGE_* names were never in clarifai-grpc: the four
# download ones appear in Clarifai's own client code of the time and in its 2019 change notes;
# the others are inferred from their INPUT_VIDEO_* twins.
OLD_NAMES: dict[str, str] = {
    "INPUT_IMAGE_DOWNLOAD_SUCCESS": "INPUT_SUCCESS",
    "INPUT_IMAGE_DOWNLOAD_PENDING": "INPUT_PENDING",
    "INPUT_IMAGE_DOWNLOAD_FAILED": "INPUT_FAILED",
    "INPUT_IMAGE_DOWNLOAD_IN_PROGRESS": "INPUT_IN_PROGRESS",
    "INPUT_IMAGE_DUPLICATE": "INPUT_DUPLICATE",
    "INPUT_IMAGE_UNSUPPORTED_FORMAT": "INPUT_UNSUPPORTED_FORMAT",
    "INPUT_IMAGE_DOES_NOT_EXIST": "INPUT_DOES_NOT_EXIST",
    "INPUT_IMAGE_PERMISSION_DENIED": "INPUT_PERMISSION_DENIED",
    "INPUT_IMAGE_INVALID_ARGUMENT": "INPUT_INVALID_ARGUMENT",
    "INPUT_IMAGE_OVER_LIMIT": "INPUT_OVER_LIMIT",
    "INPUT_IMAGE_INVALID_URL": "INPUT_INVALID_URL",
    "INPUT_IMAGE_MODIFY_SUCCESS": "INPUT_MODIFY_SUCCESS",
    "INPUT_IMAGE_MODIFY_PENDING": "INPUT_MODIFY_PENDING",
    "INPUT_IMAGE_MODIFY_FAILED": "INPUT_MODIFY_FAILED",
    "INPUT_IMAGE_STORAGE_HOST_FAILED": "INPUT_STORAGE_HOST_FAILED",
    "ALL_INPUT_IMAGES_INVALID_BYTES": "ALL_INPUT_INVALID_BYTES",
    "INPUT_VIDEO_DOWNLOAD_SUCCESS": "INPUT_SUCCESS",
    "INPUT_VIDEO_DOWNLOAD_PENDING": "INPUT_PENDING",
    "INPUT_VIDEO_DOWNLOAD_FAILED": "INPUT_FAILED",
    "INPUT_VIDEO_DUPLICATE": "INPUT_DUPLICATE",
    "INPUT_VIDEO_UNSUPPORTED_FORMAT": "INPUT_UNSUPPORTED_FORMAT",
    "INPUT_VIDEO_DOES_NOT_EXIST": "INPUT_DOES_NOT_EXIST",
    "INPUT_VIDEO_PERMISSION_DENIED": "INPUT_PERMISSION_DENIED",
    "INPUT_VIDEO_INVALID_ARGUMENT": "INPUT_INVALID_ARGUMENT",
    "INPUT_VIDEO_OVER_LIMIT": "INPUT_OVER_LIMIT",
    "INPUT_VIDEO_INVALID_URL": "INPUT_INVALID_URL",
    "INPUT_VIDEO_MODIFY_SUCCESS": "INPUT_MODIFY_SUCCESS",
    "INPUT_VIDEO_MODIFY_PENDING": "INPUT_MODIFY_PENDING",
    "INPUT_VIDEO_MODIFY_FAILED": "INPUT_MODIFY_FAILED",
    "INPUT_VIDEO_STORAGE_HOST_FAILED": "INPUT_STORAGE_HOST_FAILED",
    "ALL_INPUT_VIDEOS_INVALID_BYTES": "ALL_INPUT_INVALID_BYTES",
}


def _today(name: str) -> str:
    """The canonical name of a current code (INPUT_DOWNLOAD_SUCCESS, an alias, is INPUT_SUCCESS)."""
    return status_code_pb2.StatusCode.Name(status_code_pb2.StatusCode.Value(name))


def status_name(code_or_name: int | str | status_pb2.Status) -> str:
    """Today's name of a status code given as a number, a name (old or new) or a Status (CL008).

    `status_name(31000)`, `status_name("INPUT_IMAGE_DOWNLOAD_SUCCESS")` and
    `status_name(input.status)` of a finished download are all `"INPUT_SUCCESS"`. A number
    this client does not know is `UNKNOWN_<n>`; a name nobody ever used raises ValueError, as a
    typo should.
    """
    if isinstance(code_or_name, status_pb2.Status):
        code_or_name = code_or_name.code
    if isinstance(code_or_name, str) and code_or_name.strip().isdigit():
        code_or_name = int(code_or_name)
    if isinstance(code_or_name, int):
        try:
            name = status_code_pb2.StatusCode.Name(code_or_name)
        except ValueError:
            return f"UNKNOWN_{code_or_name}"
    else:
        name = code_or_name.strip().upper()
    if name in OLD_NAMES:
        return OLD_NAMES[name]
    try:
        return _today(name)
    except ValueError:
        raise ValueError(f"no status code is called {code_or_name!r}") from None
