"""An old plain-HTTP program (mid 2019): add one image and use it at once.

It posts to the REST path with `requests` and trusts that a single input comes back already
downloaded (status 30000), as POST /inputs answered for one input until September 2019.

First breaking change: CL002 (2019-09-24), POST /inputs is always asynchronous.
"""

import os
import sys

import requests

API = os.environ.get("CLARIFAI_API_BASE", "https://api.clarifai.com")
HEADERS = {"Authorization": "Key " + os.environ["CLARIFAI_API_KEY"]}


def main():
    body = {"inputs": [{"data": {"image": {"url": "https://samples.clarifai.com/metro-north.jpg"}}}]}
    answer = requests.post(f"{API}/v2/inputs", json=body, headers=HEADERS, timeout=30).json()
    if answer["status"]["code"] != 10000:
        print("POST /v2/inputs failed:", answer["status"]["description"])
        return 1
    status = answer["inputs"][0]["status"]
    if status["code"] != 30000:  # the image is supposed to be ready now
        print("input not ready:", status["code"], status.get("description", ""))
        return 1
    print("input ready:", answer["inputs"][0]["id"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
