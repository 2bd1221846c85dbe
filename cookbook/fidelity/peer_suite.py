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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from cookbook.fidelity import venvs
from cookbook.fidelity.emulator_proc import Emulator, redact, running
from cookbook.fidelity.paths import BUILD, OUT, PACKAGE, PEER_SOURCE
from cookbook.fidelity.results import Check, ClientRun

CHANNELS = ("grpc", "json")  # tests/common.py: both_channels()
TIMEOUT_S = 30
# pytest runs at the same time: the suite waits (sleeps while polling) far more than it computes.
SHARDS = 8


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


def run(
    timeout_s: int = TIMEOUT_S,
    select: str | None = None,
    shards: int = SHARDS,
    secrets: list[str] | None = None,
) -> list[ClientRun]:
    """Run the suite once (all channels); one ClientRun per channel, checks in collection order.

    The suite mostly sleeps while it polls (``time.sleep(1)`` in tests/common.py), so its tests
    are split into ``shards`` pytest runs at the same time, each on its own fresh emulator; the
    emulators' keys are added to ``secrets``. The copy of the suite and pytest's own files live
    in a folder of this run only, so that runs started at the same time in one worktree (``-k``
    runs, CI) do not remove each other's; the redacted logs and the merged JUnit XML are kept
    in ``build/fidelity/`` for reading."""
    OUT.mkdir(parents=True, exist_ok=True)
    secrets = [] if secrets is None else secrets
    with tempfile.TemporaryDirectory(prefix="peer-", dir=BUILD) as folder:
        root = prepare(Path(folder) / "suite")
        with running(log=OUT / "emulator-peer-collect.log") as emu:
            secrets += emu.secrets()
            nodeids = collect(root, emu, select)
        if not nodeids:
            note = "pytest collected no test; see build/fidelity/peer-pytest.log"
            return [ClientRun(f"clarifai-grpc tests/client [{ch}]", note=note) for ch in CHANNELS]
        parts = split(nodeids, shards)
        with ThreadPoolExecutor(len(parts)) as pool:
            done = list(pool.map(lambda i: _shard(root, i, parts[i], timeout_s, secrets), range(len(parts))))
        return _merge(root, done, nodeids, tuple(secrets))


def collect(root: Path, emu: Emulator, select: str | None) -> list[str]:
    """The suite's node ids, in pytest's order (``-k select`` applied)."""
    cmd = [str(venvs.python("grpc")), "-m", "pytest", "tests/client", "-p", "no:cacheprovider"]
    cmd += ["--collect-only", "-q", *(["-k", select] if select else [])]
    env = environment(emu, root / "collect-blocked.jsonl")
    done = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, check=False)
    nodeids = [line for line in done.stdout.splitlines() if line.startswith("tests/client/") and "::" in line]
    if not nodeids:
        (OUT / "peer-pytest.log").write_text(redact(done.stdout + done.stderr, emu.secrets()))
    return nodeids


def split(nodeids: list[str], shards: int) -> list[list[str]]:
    """Round robin, so that a file's slow tests spread over the shards; none left empty."""
    count = max(1, min(shards, len(nodeids)))
    return [nodeids[i::count] for i in range(count)]


@dataclass
class _Shard:
    junit: str  # the JUnit XML, "" when pytest wrote none
    log: str  # pytest's output
    returncode: int
    blocked: set[str]


def _shard(root: Path, index: int, nodeids: list[str], timeout_s: int, secrets: list[str]) -> _Shard:
    """One pytest run of ``nodeids`` against a fresh emulator of its own."""
    with running(log=OUT / f"emulator-peer-{index}.log") as emu:
        secrets += emu.secrets()
        return _run_in(root, index, emu, timeout_s, nodeids)


def _run_in(root: Path, index: int, emu: Emulator, timeout_s: int, nodeids: list[str]) -> _Shard:
    junit = root / f"peer-junit-{index}.xml"
    blocked_log = root / f"peer-blocked-{index}.jsonl"
    cmd = [
        str(venvs.python("grpc")),
        "-m",
        "pytest",
        *nodeids,
        "-p",
        "no:cacheprovider",
        f"--timeout={timeout_s}",
        f"--junitxml={junit}",
        "-o",
        "junit_logging=no",
        "-q",
        "--tb=short",
    ]
    done = subprocess.run(
        cmd, cwd=root, env=environment(emu, blocked_log), capture_output=True, text=True, check=False
    )
    blocked = set()
    if blocked_log.exists():
        blocked = {json.loads(line)["nodeid"] for line in blocked_log.read_text().splitlines()}
    text = junit.read_text() if junit.exists() else ""
    return _Shard(text, done.stdout + done.stderr, done.returncode, blocked)


def _merge(root: Path, done: list[_Shard], nodeids: list[str], secrets: tuple[str, ...]) -> list[ClientRun]:
    """The shards' results as one run: checks in collection order, logs and JUnit XML redacted."""
    logs = [f"--- shard {i} (rc={d.returncode}) ---\n{d.log}" for i, d in enumerate(done)]
    (OUT / "peer-pytest.log").write_text(redact("\n".join(logs), secrets))
    missing = [i for i, shard in enumerate(done) if not shard.junit]
    if missing:
        codes = ", ".join(f"shard {i} rc={done[i].returncode}" for i in missing)
        note = f"pytest wrote no JUnit XML ({codes}); see build/fidelity/peer-pytest.log"
        return [ClientRun(f"clarifai-grpc tests/client [{ch}]", note=note) for ch in CHANNELS]
    merged = ET.Element("testsuites")
    for shard in done:
        merged.extend(ET.fromstring(shard.junit).iter("testsuite"))
    junit = root / "peer-junit.xml"
    ET.ElementTree(merged).write(junit, encoding="utf-8", xml_declaration=True)
    blocked = set().union(*(shard.blocked for shard in done))
    order = {nodeid: i for i, nodeid in enumerate(nodeids)}
    checks = sorted(parse(junit, blocked, secrets), key=lambda check: order.get(check.name, len(order)))
    (OUT / "peer-junit.xml").write_text(redact(junit.read_text(), secrets))  # no keys in it
    return [
        ClientRun(
            f"clarifai-grpc tests/client [{ch}]",
            [check for check in checks if channel_of(check.name) == ch],
        )
        for ch in CHANNELS
    ]
