"""Video durations read from the bytes: MP4 movie headers (version 0 and 1) and GIF delays."""

import io
import struct

import pytest
from PIL import Image

from emulator import downloads, videos


def mp4(version, timescale, duration):
    ftyp = struct.pack(">I4s4sI", 16, b"ftyp", b"isom", 0)
    if version == 1:
        body = struct.pack(">I8x8xIQ", 1 << 24, timescale, duration)
    else:
        body = struct.pack(">I4x4xII", 0, timescale, duration)
    mvhd = struct.pack(">I4s", 8 + len(body), b"mvhd") + body
    free = struct.pack(">I4s", 12, b"free") + b"\0" * 4
    moov = struct.pack(">I4s", 8 + len(free) + len(mvhd), b"moov") + free + mvhd
    return ftyp + struct.pack(">I4s", 12, b"mdat") + b"abcd" + moov


def test_an_mp4_lasts_its_movie_header_duration_over_its_timescale():
    assert videos.duration_ms(mp4(0, 90000, 501120)) == 5568
    assert videos.duration_ms(mp4(1, 1000, 12_345)) == 12_345


def test_a_gif_lasts_the_sum_of_its_frame_delays():
    frames = [Image.new("RGB", (8, 8), (n * 40, 0, 0)) for n in range(4)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=250)
    assert videos.duration_ms(out.getvalue()) == 1000


@pytest.mark.parametrize("content", [b"", b"hello world", mp4(0, 0, 10)[:40], b"GIF89a" + b"\0" * 7])
def test_other_bytes_are_refused(content):
    with pytest.raises(videos.VideoError):
        videos.duration_ms(content)


def test_sample_videos_are_synthetic_and_timed():
    for url in ("https://samples.clarifai.com/beer.mp4", "https://samples.clarifai.com/clip.gif"):
        content = downloads.fetch(url).content
        assert videos.duration_ms(content) == downloads.video_seconds(url) * 1000
        assert content == downloads.fetch(url).content
