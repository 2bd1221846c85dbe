"""CL004 2019-11-20: `image.crop` was removed; crop on the client and send the bytes.

`crop` was field 3 of clarifai.api.Image (repeated float, packed): top, left, bottom, right
as fractions of the image's height and width. Before the date a crop made the API keep (and
predict on) the cropped image: base64 bytes are cropped at once, a URL image when it is
downloaded (the input keeps its URL; the cropped bytes are its hosted asset). A cropped URL image
is a new image, so it is no duplicate of its URL. After the date the field is refused as unknown
(11100) and nothing is stored.

Searches took a crop too: the 2.x client's `search_by_image(..., crop=...)` sets
`output.input.data.image.crop` in PostSearches' `query.ands` (clarifai 2.6.2,
`OutputSearchTerm.dict`). Before the date the image searched by is cropped the same way (a URL
image as it is downloaded), for PostSearches and for PostInputsSearches' ranked images
(`searches[i].query.ranks[j].annotation.data.image.crop`); from the date the field is refused
as unknown (11100), as for inputs (provenance: cl004-search-crop).
"""

import contextlib
import datetime as dt
import re

from clarifai_grpc.grpc.api import resources_pb2
from google.protobuf.message import Message

from .. import downloads, images
from ..call import Call
from ..statuses import ApiError
from . import Change

change = Change(
    __name__,
    code="CL004",
    date=dt.date(2019, 11, 20),
    rpcs={"PostInputs", "PostModelOutputs", "PostSearches", "PostInputsSearches"},
    legacy_fields={"clarifai.api.Image": {3: ("crop", "floats")}},
)
CROP_PATH = re.compile(r"inputs\[(\d+)\]\.data\.image\.crop")
# Where a search carried the image it searched by: PostSearches' old `ands` (also inside
# `searches[i].query`) and PostInputsSearches' ranks.
SEARCH_CROP_PATH = re.compile(
    r"(?:searches\[\d+\]\.)?query\.(?:ands\[\d+\]\.output\.input|ranks\[\d+\]\.annotation)\.data\.image\.crop"
)
STEP = re.compile(r"(\w+)(?:\[(\d+)\])?")


@change.request
def crop_images(call: Call) -> None:
    """Crop each image as its request asked (a URL image as it is downloaded), then let today's
    handler serve it; in a search, the image searched by."""
    found = [(int(m.group(1)), m.group(0)) for m in map(CROP_PATH.fullmatch, list(call.legacy)) if m]
    for index, path in sorted(found):
        _crop_input(call, call.request.inputs[index], call.take_legacy(path), path)
    for path in sorted(p for p in list(call.legacy) if SEARCH_CROP_PATH.fullmatch(p)):
        probe = _message_at(call.request, path.rsplit(".", 1)[0])
        _crop_image(call, probe, call.take_legacy(path), path, duplicate_ok=False)


def _message_at(message: Message, path: str) -> Message:
    """The message at a dotted path such as `query.ands[0].output.input.data.image`."""
    for step in path.split("."):
        name, index = STEP.fullmatch(step).groups()
        message = getattr(message, name)
        if index is not None:
            message = message[int(index)]
    return message


def _shown(values: object) -> str:
    """The crop as the details text quotes it: float32 noise rounded away, long values cut."""
    if not isinstance(values, (list, tuple)):
        return repr(values)[:60]
    shown = [format(v, ".4g") if isinstance(v, float) else repr(v)[:20] for v in values[:6]]
    return "[" + ", ".join(shown) + (", ...]" if len(values) > 6 else "]")


def _crop_input(call: Call, given: resources_pb2.Input, values: object, path: str) -> None:
    _crop_image(call, given.data.image, values, path, duplicate_ok=True)


def _crop_image(
    call: Call, image: resources_pb2.Image, values: object, path: str, duplicate_ok: bool
) -> None:
    """Replace `image`'s content with the crop of it (a URL image's downloaded bytes, keeping
    its URL); `duplicate_ok`: a cropped URL input is no duplicate of its URL."""
    image.DiscardUnknownFields()  # the crop is applied: the stored input must not carry it
    if values is None or values == []:  # an empty repeated field is no crop at all
        return
    try:
        fractions = images.check_crop(values)
    except images.CropError as error:  # keys: images.CROP_PROBLEMS, each a provenance row
        raise ApiError("INPUT_INVALID_ARGUMENT", error.key, path=path, crop=_shown(values)) from None
    if not image.base64 and image.url:
        source = _downloaded(call, image.url)
        if source is None:  # the download fails: today's handler reports it on the input
            return
        image.base64 = source
        if duplicate_ok:
            image.allow_duplicate_url = True  # provenance: cl004-url-crop
    with contextlib.suppress(images.ImageError):  # not an image: today's handler refuses it
        image.base64 = images.crop(image.base64, fractions)


def _downloaded(call: Call, url: str) -> bytes | None:
    """The URL's bytes, fetched as today's download would (never this machine's URLs when the
    emulator serves others); None when the download fails."""
    if not call.store.local_urls and not downloads.is_sample(url) and downloads.is_local(url):
        return None
    fetched = downloads.fetch(url)
    return None if fetched.failure else fetched.content
