"""cookbook.bisect: which API change breaks a program, found by running it as of each change's date.

The three programs in `programs/` are written old-style in different ways (gRPC with a removed
field as raw bytes, plain HTTP, the JSON channel); the first change that breaks each is known.
"""

import datetime as dt
import json
import math
import sys
from pathlib import Path

import pytest

from cookbook import bisect as tool
from cookbook import catalog
from cookbook.__main__ import main

PROGRAMS = Path(__file__).parent / "programs"
CHANGES = catalog.load()
DATES = tool.points(CHANGES)
LATEST = CHANGES[-1]  # "today" for bisect: the newest change of the catalog


def run_json(capsys, *options: str, program: str = "", code: str = "") -> tuple[int, dict]:
    """Run the tool on a program of `programs/` or on inline Python; its exit status and JSON report."""
    command = [sys.executable, str(PROGRAMS / program)] if program else [sys.executable, "-c", code]
    status = main(["bisect", *options, "--json", "--", *command])
    return status, json.loads(capsys.readouterr().out)


def by_change(report: dict) -> dict:
    return {run["change"]: run for run in report["runs"]}


# The three example programs.


def test_full_scan_names_cl012_for_delete_all_sent_as_raw_grpc_bytes(capsys):
    status, report = run_json(capsys, program="delete_all_grpc.py")
    assert status == 1 and not report["passes_today"]
    assert report["breaks_at"]["code"] == "CL012"
    assert report["breaks_at"]["rpc"] == "DeleteInputs"
    assert report["breaks_at"]["status"] == "CONN_BAD_REQUEST_FORMAT (11100)"
    assert [run["date"] for run in report["runs"]] == [point.day.isoformat() for point in DATES]
    verdicts = [run["verdict"] for run in report["runs"]]
    first_break = [point.label for point in DATES].index("CL012")
    assert set(verdicts[:first_break]) <= {"pass", "outage"}  # CL001's downtime is not a change of the API
    assert set(verdicts[first_break:]) == {"FAIL"}
    assert {run["notebook"] for run in report["runs"][first_break:]} == {
        "notebooks/2021-02-12-delete-all-removed.ipynb"
    }


def test_bisect_names_cl002_for_a_plain_http_program_that_trusts_a_synchronous_post(capsys):
    status, report = run_json(capsys, "--bisect", program="sync_input_http.py")
    assert status == 1
    assert report["mode"] == "bisect"
    assert report["breaks_at"]["code"] == "CL002"
    assert report["breaks_at"]["rpc"] is None  # every request succeeded: the program's own check failed
    assert "program's own check" in report["summary"][0]
    assert len(report["runs"]) <= 2 + math.ceil(math.log2(len(DATES) - 1))
    assert [run["date"] for run in report["runs"]] == sorted(run["date"] for run in report["runs"])


def test_bisect_names_the_call_a_json_channel_program_swallowed(capsys):
    status, report = run_json(capsys, "--bisect", program="general_model_json.py")
    assert status == 1
    assert report["breaks_at"]["code"] == "CL019"
    assert report["breaks_at"]["rpc"] == "PostModelOutputs"
    assert report["breaks_at"]["status"] == "CONN_DOES_NOT_EXIST (11101)"
    today = by_change(report)["CL019"]
    assert today["stdout"] == "no concepts\n"  # the program never said why
    assert today["notebook"] == "notebooks/2023-03-30-pats-and-api-keys.ipynb"


# The environment each run gets.

ENVIRONMENT_PROGRAM = """
import os, sys, requests
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc
base = os.environ["CLARIFAI_API_BASE"]
rest = requests.get(base + "/v2/inputs", headers={"Authorization": "Key " + os.environ["MY_KEY"]}).json()
host, port = os.environ["CLARIFAI_EMULATOR_GRPC"].rsplit(":", 1)
stub = service_pb2_grpc.V2Stub(ClarifaiChannel.get_insecure_grpc_channel(base=host, port=int(port)))
user_id, app_id = os.environ["CLARIFAI_USER_ID"], os.environ["CLARIFAI_APP_ID"]
scope = resources_pb2.UserAppIDSet(user_id=user_id, app_id=app_id)
grpc = stub.ListInputs(service_pb2.ListInputsRequest(user_app_id=scope),
                       metadata=(("authorization", "Key " + os.environ["MY_PAT"]),))
sys.exit(0 if (rest["status"]["code"], grpc.status.code, scope.app_id) == (10000, 10000, "my-app") else 1)
"""


def test_each_run_gets_the_doors_and_the_seeded_credentials_in_the_variables_named(capsys):
    options = ("--bisect", "--pat-var", "MY_PAT", "--key-var", "MY_KEY", "--app-id", "my-app")
    status, report = run_json(capsys, *options, code=ENVIRONMENT_PROGRAM)
    assert (status, report["passes_today"], report["breaks_at"]) == (0, True, None)
    assert [run["change"] for run in report["runs"]] == [LATEST.code]  # passing today: nothing to search
    assert [request["rpc"] for request in report["runs"][0]["requests"]] == ["ListInputs", "ListInputs"]


class FakeEmulator:
    """An emulator as `environment` sees it: only its public `environment()`."""

    def __init__(self, certificate_path: str = "") -> None:
        self.certificate_path = certificate_path

    def environment(self) -> dict[str, str]:
        exported = {
            "CLARIFAI_API_BASE": "http://127.0.0.1:1",
            "CLARIFAI_EMULATOR_GRPC": "127.0.0.1:2",
            "CLARIFAI_USER_ID": "u",
            "CLARIFAI_APP_ID": "a",
            "CLARIFAI_PAT": "p",
            "CLARIFAI_API_KEY": "k",
        }
        if self.certificate_path:
            exported |= {
                "CLARIFAI_GRPC_BASE": "127.0.0.1:3",
                "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH": self.certificate_path,
            }
        return exported


def test_the_environment_keeps_the_callers_variables_and_sets_the_emulators():
    inherited = {"CLARIFAI_PAT": "a real one", "HOME": "/home/user"}
    env = tool.environment(FakeEmulator("/tmp/cert.pem"), tool.Options(), base=inherited)
    assert env["CLARIFAI_EMULATOR_GRPC"] == "127.0.0.1:2" and env["CLARIFAI_API_BASE"] == "http://127.0.0.1:1"
    assert (env["CLARIFAI_GRPC_BASE"], env["GRPC_DEFAULT_SSL_ROOTS_FILE_PATH"]) == (
        "127.0.0.1:3",
        "/tmp/cert.pem",
    )
    assert (env["CLARIFAI_PAT"], env["CLARIFAI_API_KEY"], env["HOME"]) == ("p", "k", "/home/user")
    assert (env["CLARIFAI_USER_ID"], env["CLARIFAI_APP_ID"]) == ("u", "a")


def test_without_a_tls_door_the_environment_leaves_the_tls_variables_alone():
    inherited = {"CLARIFAI_GRPC_BASE": "example.org:443"}
    env = tool.environment(FakeEmulator(), tool.Options(key_vars=("K1", "K2")), base=inherited)
    assert env["CLARIFAI_GRPC_BASE"] == "example.org:443" and "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH" not in env
    assert (env["K1"], env["K2"]) == ("k", "k") and "CLARIFAI_API_KEY" not in env


# Verdicts: strict, timeouts, outages, commands that cannot run.

SWALLOWING_PROGRAM = """
import os, requests
requests.post(os.environ["CLARIFAI_API_BASE"] + "/v2/models/aaa03c23b3724a16a56b629203edc62c/outputs",
              headers={"Authorization": "Key " + os.environ["CLARIFAI_API_KEY"]},
              json={"inputs": [{"data": {"image": {"url": "https://samples.clarifai.com/dog.jpg"}}}]})
"""


def test_strict_fails_a_run_whose_program_exits_0_over_a_failed_request(capsys):
    status, report = run_json(capsys, "--bisect", code=SWALLOWING_PROGRAM)
    assert status == 0 and report["runs"][0]["status"] == "CONN_DOES_NOT_EXIST (11101)"
    status, report = run_json(capsys, "--bisect", "--strict", code=SWALLOWING_PROGRAM)
    assert status == 1 and report["breaks_at"]["code"] == "CL019"


def test_a_run_past_its_timeout_is_killed_and_counts_as_failing(capsys):
    status, report = run_json(capsys, "--bisect", "--timeout", "0.5", code="import time; time.sleep(30)")
    assert status == 1
    assert [(run["change"], run["verdict"], run["exit"]) for run in report["runs"]] == [
        (None, "timeout", None),
        (LATEST.code, "timeout", None),
    ]
    assert "before the first change" in report["summary"][0]


OUTAGE_PROGRAM = """
import os, sys, requests
api, headers = os.environ["CLARIFAI_API_BASE"], {"Authorization": "Key " + os.environ["CLARIFAI_API_KEY"]}
body = {"inputs": [{"id": "one", "data": {"image": {"url": "https://samples.clarifai.com/dog.jpg"}}}]}
requests.post(api + "/v2/inputs", json=body, headers=headers)
sys.exit(0 if requests.get(api + "/v2/inputs/one", headers=headers).ok else 1)
"""


def test_a_run_that_meets_the_cl001_downtime_is_an_outage_not_a_break():
    command = [sys.executable, "-c", OUTAGE_PROGRAM]
    runs = tool.scan(DATES[:3], lambda point: tool.run_once(command, point, tool.Options()))
    assert [run.verdict for run in runs] == ["pass", "outage", "pass"]
    assert runs[1].first_failure == tool.Served("GetInput", 40031)
    assert tool.breaking_run(runs) is None
    assert "during the scheduled downtime" in tool.summary(runs)[1]


def test_a_command_that_cannot_start_exits_2(capsys):
    assert main(["bisect", "--", str(PROGRAMS / "no-such-program")]) == 2
    assert "cannot run" in capsys.readouterr().err


def test_no_command_is_a_usage_error(capsys):
    assert main(["bisect", "--bisect"]) == 2
    assert "give the command to run after --" in capsys.readouterr().err


def test_the_text_report_is_a_table_sorted_by_date_and_a_verdict(capsys):
    assert main(["bisect", "--bisect", "--", sys.executable, "-c", "pass"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "date",
        "change",
        "verdict",
        "exit",
        "first",
        "failing",
        "rpc",
        "status",
        "notebook",
    ]
    assert lines[1].split() == [LATEST.date.isoformat(), LATEST.code, "pass", "0"]
    assert lines[-1] == f"Passes on today's API (as of {LATEST.date}, the date of {LATEST.code})."


# The search itself, on made-up runs.


def made_up_run(index: int, verdict: str) -> tool.Run:
    codes = {"pass": (0, 10000), "FAIL": (1, 10000), "outage": (1, 40031)}
    exit_status, code = codes[verdict]
    return tool.Run(DATES[index], exit_status, (tool.Served("PostInputs", code),))


@pytest.mark.parametrize("first_failing", range(1, len(DATES)))
def test_bisect_finds_a_monotonic_break_in_a_few_runs(first_failing):
    def attempt(point: tool.Point) -> tool.Run:
        index = DATES.index(point)
        return made_up_run(index, "FAIL" if index >= first_failing else "outage" if index == 1 else "pass")

    runs = tool.bisect(DATES, attempt)
    assert tool.breaking_run(runs).point == DATES[first_failing]
    assert len(runs) <= 2 + math.ceil(math.log2(len(DATES) - 1))
    assert [run.point.day for run in runs] == sorted(run.point.day for run in runs)


def test_a_break_that_heals_is_reported_apart_from_the_change_that_breaks_for_good():
    verdicts = ["pass"] * len(DATES)
    labels = [point.label for point in DATES]
    verdicts[labels.index("CL003")] = "FAIL"
    for index in range(labels.index("CL012"), len(DATES)):
        verdicts[index] = "FAIL"
    runs = [made_up_run(index, verdict) for index, verdict in enumerate(verdicts)]
    assert tool.breaking_run(runs).point.change.code == "CL012"
    lines = tool.summary(runs)
    assert lines[0].startswith("Breaks at CL012 (2021-02-12, delete_all removed from DELETE /inputs)")
    assert lines[1] == (
        "Also failed as of 2019-09-30 (CL003), but passed again on a later date. "
        "Read notebooks/2019-09-30-delete-inputs-async.ipynb."
    )
    notebooks = tool.table(runs)["notebook"].tolist()
    assert notebooks[labels.index("CL003")] == "notebooks/2019-09-30-delete-inputs-async.ipynb"
    assert set(notebooks[labels.index("CL012") :]) == {"notebooks/2021-02-12-delete-all-removed.ipynb"}


def test_points_start_the_day_before_the_first_change():
    assert DATES[0] == tool.Point(dt.date(2019, 9, 10), None)
    assert [point.change.code for point in DATES[1:]] == [change.code for change in CHANGES]
    assert all(point.day == point.change.date for point in DATES[1:])


@pytest.mark.parametrize(
    ("program", "code"),
    [
        ("workflow_node_ids_json.py", "CL020"),
        ("hosted_download_http.py", "CL021"),
        ("base_workflow_concepts_json.py", "CL022"),
    ],
)
def test_bisect_names_the_changes_after_the_seed_page(capsys, program, code):
    status, report = run_json(capsys, "--bisect", program=program)
    assert status == 1 and report["breaks_at"]["code"] == code
    change = next(c for c in CHANGES if c.code == code)
    runs = report["runs"]
    assert all(run["verdict"] in ("pass", "outage") for run in runs if run["date"] < change.date.isoformat())
    assert all(run["verdict"] == "FAIL" for run in runs if run["date"] >= change.date.isoformat())
    assert any(run["date"] < change.date.isoformat() and run["verdict"] == "pass" for run in runs)
