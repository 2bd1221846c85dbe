"""PostModelOutputs: output config (select_concepts, min_value, max_concepts), failed inputs and
the top-level status they give, and videos sampled into frames; on the gRPC and REST doors."""

import base64

import pytest
import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from emulator import downloads

MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
GENERAL = "general-image-recognition"
DOG = "https://samples.clarifai.com/dog2.jpeg"
GIF = "https://samples.clarifai.com/some-clip.gif"
MP4 = "https://samples.clarifai.com/some-clip.mp4"
MISSING = "http://unreachable.example.org/missing.jpg"


def image(url):
    return resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(url=url)))


def video(url="", content=b""):
    return resources_pb2.Input(data=resources_pb2.Data(video=resources_pb2.Video(url=url, base64=content)))


def predict(stub, pat, inputs, model_id=GENERAL, **config):
    request = service_pb2.PostModelOutputsRequest(
        user_app_id=MAIN,
        model_id=model_id,
        inputs=inputs,
        model=resources_pb2.Model(
            output_info=resources_pb2.OutputInfo(output_config=resources_pb2.OutputConfig(**config))
        ),
    )
    return stub.PostModelOutputs(request, metadata=pat)


def test_selected_concepts_come_back_alone_by_name_or_id_with_their_values(stub, pat):
    every = {
        c.id: c.value for c in predict(stub, pat, [image(DOG)], max_concepts=100).outputs[0].data.concepts
    }
    chosen = [resources_pb2.Concept(name="dog"), resources_pb2.Concept(id="ai_mFqxrph2")]
    concepts = predict(stub, pat, [image(DOG)], select_concepts=chosen).outputs[0].data.concepts
    assert sorted(c.name for c in concepts) == ["cat", "dog"]
    assert all(c.value == pytest.approx(every[c.id]) for c in concepts)


def test_a_sample_named_after_a_concept_scores_it_high(stub, pat):
    dog = predict(stub, pat, [image(DOG)], select_concepts=[resources_pb2.Concept(name="dog")])
    assert dog.outputs[0].data.concepts[0].value >= 0.9


def test_min_value_and_max_concepts_filter_and_cut(stub, pat):
    high = predict(stub, pat, [image(DOG)], min_value=0.5).outputs[0].data.concepts
    assert high and all(c.value >= 0.5 for c in high)
    assert len(predict(stub, pat, [image(DOG)], max_concepts=3).outputs[0].data.concepts) == 3


def test_a_url_that_does_not_download_fails_its_output_and_the_request(stub, pat):
    response = predict(stub, pat, [image(MISSING)])
    assert response.status.code == 30002
    failed = response.outputs[0]
    assert (failed.status.code, failed.status.description) == (30002, "Download failed; check URL")
    assert failed.status.details == f"404 Client Error: Not Found for url: {MISSING}"
    assert not failed.data.concepts


def test_one_good_and_one_empty_input_answer_mixed_status(stub, pat):
    response = predict(stub, pat, [image(DOG), resources_pb2.Input()])
    assert (response.status.code, response.status.description) == (10010, "Mixed Success")
    assert [o.status.code for o in response.outputs] == [10000, 30104]
    assert response.outputs[0].data.concepts


def test_different_failures_answer_failure(stub, pat):
    response = predict(stub, pat, [image(MISSING), resources_pb2.Input()])
    assert response.status.code == 10020
    assert [o.status.code for o in response.outputs] == [30002, 30104]


def test_a_sample_video_url_has_one_frame_a_second_each_with_concepts(stub, pat):
    frames = predict(stub, pat, [video(MP4)]).outputs[0].data.frames
    assert len(frames) == downloads.video_seconds(MP4)
    assert [f.frame_info.index for f in frames] == list(range(len(frames)))
    assert [f.frame_info.time for f in frames] == [500 + 1000 * n for n in range(len(frames))]
    assert all(f.data.concepts for f in frames)


def test_sample_ms_times_frames_at_the_middle_of_each_span(stub, pat):
    frames = predict(stub, pat, [video(GIF)], sample_ms=2000).outputs[0].data.frames
    seconds = downloads.video_seconds(GIF)
    assert [f.frame_info.time for f in frames] == [1000 + 2000 * n for n in range((seconds + 1) // 2)]


def test_frames_follow_min_value_and_max_concepts(stub, pat):
    for frame in predict(stub, pat, [video(GIF)], min_value=0.9).outputs[0].data.frames:
        assert frame.data.concepts and all(c.value >= 0.9 for c in frame.data.concepts)
    for frame in predict(stub, pat, [video(GIF)], max_concepts=3).outputs[0].data.frames:
        assert len(frame.data.concepts) == 3


def test_video_bytes_are_timed_from_their_movie_header(stub, pat):
    content = downloads.synthetic_video("https://samples.clarifai.com/other.mp4")
    frames = predict(stub, pat, [video(content=content)]).outputs[0].data.frames
    assert len(frames) == downloads.video_seconds("https://samples.clarifai.com/other.mp4")
    again = predict(stub, pat, [video(content=content)]).outputs[0].data.frames
    assert frames == again  # same bytes, same frames


def test_bytes_that_are_no_video_fail_the_output(stub, pat):
    response = predict(stub, pat, [video(content=b"not a video at all")])
    assert response.outputs[0].status.code == 30104
    assert "video cannot be read" in response.outputs[0].status.details


def test_the_rest_door_answers_frames_and_failures_alike(emulator):
    url = f"{emulator.rest_url}/v2/users/clarifai/apps/main/models/{GENERAL}/outputs"
    headers = {"Authorization": "Key " + emulator.account.pat}
    content = base64.b64encode(downloads.synthetic_video(MP4)).decode()
    body = {"inputs": [{"data": {"video": {"base64": content}}}, {"data": {"image": {"url": MISSING}}}]}
    answer = requests.post(url, json=body, headers=headers, timeout=30).json()
    assert answer["status"]["code"] == 10010
    frames = answer["outputs"][0]["data"]["frames"]
    assert int(frames[0]["frame_info"]["time"]) == 500 and frames[0]["data"]["concepts"]  # uint64: a string
    assert answer["outputs"][1]["status"]["code"] == 30002
