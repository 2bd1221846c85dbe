"""`python -m emulator serve`: one JSON line with what a client needs, then serves."""

import json
import subprocess
import sys

from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc


def test_serve_prints_one_json_line_and_answers():
    process = subprocess.Popen(
        [sys.executable, "-m", "emulator", "serve", "--as-of", "2021-02-11"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        info = json.loads(process.stdout.readline())
        assert info["as_of"] == "2021-02-11"
        assert {"grpc", "rest", "user_id", "app_id", "pat", "api_key"} <= set(info)
        host, port = info["grpc"].rsplit(":", 1)
        stub = service_pb2_grpc.V2Stub(ClarifaiChannel.get_insecure_grpc_channel(base=host, port=int(port)))
        scope = resources_pb2.UserAppIDSet(user_id=info["user_id"], app_id=info["app_id"])
        request = service_pb2.GetInputCountRequest(user_app_id=scope)
        response = stub.GetInputCount(request, metadata=(("authorization", "Key " + info["pat"]),))
        assert response.status.code == 10000
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0


def test_a_bad_date_is_a_usage_error():
    done = subprocess.run(
        [sys.executable, "-m", "emulator", "serve", "--as-of", "soon"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "not a date YYYY-MM-DD: 'soon'" in done.stderr
