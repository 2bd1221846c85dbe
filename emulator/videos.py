"""How long a video is, read from its bytes: what the API needs to sample it into frames.

The emulator decodes no pictures; it only reads the container's own timing: an MP4's movie
header (`moov/mvhd` duration over timescale) or the sum of a GIF's frame delays.
"""

from __future__ import annotations

import struct

CONTAINERS = (b"moov", b"trak", b"mdia")  # boxes whose payload is more boxes, on the way to mvhd
# A GIF frame with no delay is shown for 0.1 s by browsers (provenance: video-frames).
GIF_DEFAULT_DELAY_MS = 100


class VideoError(ValueError):
    """The bytes are not a video whose duration the emulator can read."""


def duration_ms(content: bytes) -> int:
    """The duration of an MP4/MOV or animated GIF, in milliseconds; VideoError otherwise."""
    if content[:6] in (b"GIF87a", b"GIF89a"):
        return _gif_duration(content)
    if content[4:8] == b"ftyp" or content[4:8] in (b"moov", b"mdat", b"free", b"wide"):
        return _mp4_duration(content, 0, len(content))
    raise VideoError("not an MP4 or GIF video")


def _mp4_duration(content: bytes, start: int, end: int) -> int:
    """Walk the boxes in content[start:end] to the movie header and read its duration."""
    offset = start
    while offset + 8 <= end:
        size, kind = struct.unpack_from(">I4s", content, offset)
        header = 8
        if size == 1 and offset + 16 <= end:
            size, header = struct.unpack_from(">Q", content, offset + 8)[0], 16
        elif size == 0:
            size = end - offset
        if size < header:
            break
        if kind == b"mvhd":
            return _mvhd_duration(content, offset + header)
        if kind in CONTAINERS:
            return _mp4_duration(content, offset + header, min(offset + size, end))
        offset += size
    raise VideoError("no movie header (moov/mvhd) in the MP4")


def _mvhd_duration(content: bytes, body: int) -> int:
    """Duration in ms from a movie header: version 0 has 32-bit times, version 1 64-bit ones."""
    try:
        if content[body] == 1:
            timescale, duration = struct.unpack_from(">IQ", content, body + 20)
        else:
            timescale, duration = struct.unpack_from(">II", content, body + 12)
    except (IndexError, struct.error):
        raise VideoError("truncated movie header") from None
    if not timescale:
        raise VideoError("movie header with timescale 0")
    return duration * 1000 // timescale


def _gif_duration(content: bytes) -> int:
    """Sum of the frame delays of a GIF (graphic control extensions), in ms."""
    offset = 13
    flags = content[10]
    if flags & 0x80:
        offset += 3 * 2 ** ((flags & 7) + 1)
    total = frames = 0
    delay = None
    while offset < len(content):
        block = content[offset]
        if block == 0x3B:  # trailer
            break
        if block == 0x21:  # extension: label, then sub-blocks
            if content[offset + 1 : offset + 3] == b"\xf9\x04":
                delay = struct.unpack_from("<H", content, offset + 4)[0] * 10
            offset = _skip_blocks(content, offset + 2)
        elif block == 0x2C:  # image descriptor, optional local table, LZW data
            local = content[offset + 9]
            offset += 10 + (3 * 2 ** ((local & 7) + 1) if local & 0x80 else 0) + 1
            offset = _skip_blocks(content, offset)
            total += delay or GIF_DEFAULT_DELAY_MS
            frames += 1
            delay = None
        else:
            raise VideoError("malformed GIF")
    if not frames:
        raise VideoError("a GIF without frames")
    return total


def _skip_blocks(content: bytes, offset: int) -> int:
    """The offset after a chain of GIF data sub-blocks (each length-prefixed, 0 ends)."""
    while offset < len(content) and content[offset]:
        offset += content[offset] + 1
    return offset + 1
