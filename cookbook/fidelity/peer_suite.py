"""clarifai-grpc's own ``tests/client``, unmodified, against the emulator on both channels.

The read-only peer copy is copied at run time into a folder of ``build/`` (one per run)
beside the project's wrapper ``conftest.py`` (``peer/conftest.py`` here), and run with the
``grpc`` venv's pytest.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from cookbook.fidelity import venvs
from cookbook.fidelity.emulator_proc import Emulator, redact
from cookbook.fidelity.paths import BUILD, OUT, PACKAGE, PEER_SOURCE
from cookbook.fidelity.results import Check, ClientRun

CHANNELS = ("grpc", "json")  # tests/common.py: both_channels()
TIMEOUT_S = 30


def prepare(target: Path, source: Path = PEER_SOURCE) -> Path:
    """A fresh copy of the peer's tests/ under ``target``, with the wrapper conftest."""
    if not (source / "tests" / "common.py").exists():
        raise FileNotFoundError(f"no clarifai-python-grpc tests at {source} (shared/peer/ missing?)")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    # shared/ is read-only in CI: copy contents, not modes, so the copy can be removed later.
    shutil.copytree(source / "tests", target / "tests", copy_function=shutil.copyfile)
    for folder in [target / "tests", *(p for p in (target / "tests").rglob("*") if p.is_dir())]:
        folder.chmod(0o755)
    shutil.copy(PACKAGE / "peer" / "conftest.py", target / "conftest.py")
    # Keeps pytest from climbing to the project's pyproject.toml (nbval options).
    (target / "pytest.ini").write_text("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    return target


def environment(emu: Emulator, blocked_log: Path) -> dict[str, str]:
    """The variables tests/common.py reads, pointing every channel at the emulator."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLARIFAI_", "PYTHON"))}
    env.update(
        CLARIFAI_GRPC_BASE=emu.grpc_tls,  # get_grpc_channel(): the TLS door
        GRPC_DEFAULT_SSL_ROOTS_FILE_PATH=emu.cert,
        CLARIFAI_API_BASE=emu.rest,  # get_json_channel(): read at import
        CLARIFAI_API_KEY=emu.api_key,
        CLARIFAI_PAT_KEY=emu.pat,
        CLARIFAI_USER_ID=emu.user_id,
        CLARIFAI_APP_ID=emu.app_id,
        # test_secure_data_hosting: the same account, the emulator as the hosting server.
        CLARIFAI_API_KEY_SECURE_HOSTING=emu.api_key,
        CLARIFAI_PAT_KEY_SECURE_HOSTING=emu.pat,
        CLARIFAI_APP_ID_SECURE_HOSTING=emu.app_id,
        CLARIFAI_SECURE_HOSTING_URL=emu.rest,
        FIDELITY_BLOCKED_LOG=str(blocked_log),
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
    )
    return env


def _nodeid(case: ET.Element) -> str:
    return case.get("classname", "").replace(".", "/") + ".py::" + case.get("name", "")


def _key_line(element: ET.Element) -> str:
    """The telling part of a failure: the test's own line, then the first ``E`` line(s)."""
    text = element.text or ""
    lines = text.splitlines()
    errors = [line[1:].strip() for line in lines if line.startswith("E ")]
    where = [line.split(": in ")[0] for line in lines if line.startswith("tests/client/")]
    if not errors:
        return (element.get("message") or "").split("\n")[0][:400]
    key = errors[0].split(". Whole response object")[0]
    if key.startswith("assert") and len(errors) > 1:
        key += " " + errors[1][:200]
    prefix = where[-1].removeprefix("tests/client/") + ": " if where else ""
    return (prefix + key)[:500]


def parse(junit: Path, blocked: set[str], secrets: tuple[str, ...]) -> list[Check]:
    checks = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        nodeid = _nodeid(case)
        group = nodeid.split("::")[0].removeprefix("tests/client/")
        bad = case.find("failure")
        if bad is None:
            bad = case.find("error")
        if bad is not None:
            outcome = "offline" if nodeid in blocked else "failed"
            checks.append(Check(nodeid, outcome, redact(_key_line(bad), secrets), group))
        elif case.find("skipped") is not None:
            checks.append(Check(nodeid, "skipped", "", group))
        else:
            checks.append(Check(nodeid, "passed", "", group))
    return checks


def channel_of(nodeid: str) -> str:
    found = re.search(r"\[(\w+)", nodeid)
    return found.group(1) if found else "?"


def run(emu: Emulator, timeout_s: int = TIMEOUT_S, select: str | None = None) -> list[ClientRun]:
    """Run the suite once (all channels); one ClientRun per channel.

    The copy of the suite and pytest's own files live in a folder of this run only, so that
    runs started at the same time in one worktree (``-k`` runs, CI) do not remove each
    other's; the redacted JUnit XML is kept in ``build/fidelity/`` for reading."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="peer-", dir=BUILD) as folder:
        return _run_in(prepare(Path(folder) / "suite"), emu, timeout_s, select)


def _run_in(root: Path, emu: Emulator, timeout_s: int, select: str | None) -> list[ClientRun]:
    junit = root / "peer-junit.xml"
    blocked_log = root / "peer-blocked.jsonl"
    cmd = [
        str(venvs.python("grpc")),
        "-m",
        "pytest",
        "tests/client",
        "-p",
        "no:cacheprovider",
        f"--timeout={timeout_s}",
        f"--junitxml={junit}",
        "-o",
        "junit_logging=no",
        "-q",
        "--tb=short",
    ]
    if select:
        cmd += ["-k", select]
    done = subprocess.run(
        cmd, cwd=root, env=environment(emu, blocked_log), capture_output=True, text=True, check=False
    )
    (OUT / "peer-pytest.log").write_text(redact(done.stdout + done.stderr, emu.secrets()))
    if not junit.exists():
        note = f"pytest wrote no JUnit XML (rc={done.returncode}); see build/fidelity/peer-pytest.log"
        return [ClientRun(f"clarifai-grpc tests/client [{ch}]", note=note) for ch in CHANNELS]
    blocked = set()
    if blocked_log.exists():
        blocked = {json.loads(line)["nodeid"] for line in blocked_log.read_text().splitlines()}
    checks = parse(junit, blocked, emu.secrets())
    (OUT / "peer-junit.xml").write_text(redact(junit.read_text(), emu.secrets()))  # no keys in it
    return [
        ClientRun(
            f"clarifai-grpc tests/client [{ch}]",
            [check for check in checks if channel_of(check.name) == ch],
        )
        for ch in CHANNELS
    ]
