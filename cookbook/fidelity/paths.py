"""Where the harness keeps things: all under the worktree's ignored ``build/`` folder."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parents[1]
BUILD = ROOT / "build"
VENVS = BUILD / "venvs"
OUT = BUILD / "fidelity"
PEER_SOURCE = ROOT.parent / "shared" / "peer" / "clarifai-python-grpc"
FLOWS = PACKAGE / "flows"
