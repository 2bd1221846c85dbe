"""CL004: image.crop is gone."""

import pytest

from tests.lint.helpers import flags

CODE = "CL004"
GRPC = "from clarifai_grpc.grpc.api import resources_pb2\n"


def curl(method: str, path: str, body: str) -> str:
    """A script holding a curl command to the API in a string (its JSON body between single quotes)."""
    return f'CMD = """curl -X {method} https://api.clarifai.com/v2{path} -d \'{body}\'"""'


FLAGGED = [
    GRPC + "resources_pb2.Image(url=url, crop=[0.1, 0.1, 0.9, 0.9])",
    "from clarifai_grpc.grpc.api.resources_pb2 import Image\nImage(base64=raw, crop=box)",
    GRPC + "item.data.image.crop.extend([0, 0, 1, 1])",
    GRPC + "item.data.image.crop[:] = box",
    "from clarifai.rest import ClarifaiApp\napp.inputs.create_image_from_url(url, crop=box)",
    "from clarifai.rest import ClarifaiApp\napp.inputs.search_by_image(url=url, crop=box)",
    "from clarifai.rest import Image as ClImage\nClImage(url=u, crop=[0, 0, 1, 1])",
    '# clarifai\nbody = {"inputs": [{"data": {"image": {"url": u, "crop": [0, 0, 1, 1]}}}]}',
    '# clarifai\nimage = {"base64": b, "crop": box}',
    '# clarifai\nbody["inputs"][0]["data"]["image"]["crop"] = box',
    curl("POST", "/inputs", '{"inputs": [{"data": {"image": {"url": "u", "crop": [0, 0, 0.5, 0.5]}}}]}'),
    curl(
        "POST",
        "/models/general-image-recognition/outputs",
        '{"inputs": [{"data": {"image": {"base64": "b", "crop": [0.1, 0.1, 0.9, 0.9]}}}]}',
    ),
    "from clarifai.rest import Image as ClImage\nimg = ClImage(url=u)\nimg.crop = [0.1, 0.1, 0.9, 0.9]",
    "from clarifai.rest import ClarifaiApp\n"
    "app.inputs.create_image_from_filename(path, crop=[0, 0, 0.5, 0.5])",
]
NOT_FLAGGED = [
    GRPC + "from PIL import Image\nImage.open(p).crop((0, 0, 10, 10))",
    GRPC + "image.crop((0, 0, 10, 10))",
    GRPC + "thumb = photo.image.crop(box)",  # a method call, not the field
    GRPC + "resources_pb2.Image(base64=cropped_bytes)",
    GRPC + "cloudinary.uploader.upload(path, crop='limit')",
    "from PIL import Image  # clarifai\nImage.new('RGB', (1, 1)).resize((2, 2))\nImage(crop=True)",
    '# clarifai\nsettings = {"crop": "faces", "fit": "crop"}',
    'body = {"image": {"url": u, "crop": box}}',  # nothing says Clarifai
    curl("POST", "/inputs", '{"inputs": [{"data": {"image": {"url": "u"}}}]}'),
    curl("POST", "/inputs", '{"inputs": [{"data": {"metadata": {"crop": "wheat"}}}]}'),
    "from PIL import Image\nimport requests\nimg = Image.open(p).crop((0, 0, 10, 10))\n"
    "requests.post('https://api.clarifai.com/v2/inputs', json=body)",
    "from PIL import Image\nfrom clarifai.rest import ClarifaiApp\nimg = Image.open(p)\nimg.crop = box",
    "from clarifai.rest import ClarifaiApp\nimg = load(p)\nsmall = img.crop((0, 0, 9, 9))",
]


@pytest.mark.parametrize("source", FLAGGED)
def test_flags_server_side_crop(source):
    assert flags(source, CODE)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_leaves_client_side_crop_alone(source):
    assert not flags(source, CODE)
