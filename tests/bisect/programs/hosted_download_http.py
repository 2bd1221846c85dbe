"""An old plain-HTTP program (early 2023): upload an image, then download it back from its hosted URL.

It reads `hosted.prefix` and `hosted.suffix`, as the API answered them, and downloads the
`orig` size with no credential: the URL was a public S3 file then.

First breaking change: CL021 (2023-08-15), Secure Data Hosting: new inputs need the token.
"""

import base64
import io
import os
import sys

import requests
from PIL import Image

API = os.environ.get("CLARIFAI_API_BASE", "https://api.clarifai.com")
USER, APP = os.environ["CLARIFAI_USER_ID"], os.environ["CLARIFAI_APP_ID"]
HEADERS = {"Authorization": "Key " + os.environ["CLARIFAI_PAT"]}


def photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def main():
    image = photo()
    body = {"inputs": [{"id": "backup", "data": {"image": {"base64": base64.b64encode(image).decode()}}}]}
    answer = requests.post(
        f"{API}/v2/users/{USER}/apps/{APP}/inputs", json=body, headers=HEADERS, timeout=30
    ).json()
    if answer["status"]["code"] != 10000:
        print("POST inputs failed:", answer["status"]["description"])
        return 1
    hosted = answer["inputs"][0]["data"]["image"]["hosted"]
    download = requests.get(f"{hosted['prefix']}/orig/{hosted['suffix']}", timeout=30)
    if download.status_code != 200 or download.content != image:
        print("download failed: HTTP", download.status_code)
        return 1
    print("downloaded", len(download.content), "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
