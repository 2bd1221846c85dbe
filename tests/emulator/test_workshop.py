"""The workshop room (`serve --workshop N`): attendee accounts, their isolation, restarts, the
leader's accounts file, and the emulator-remote target that attendees connect with."""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc
from google.protobuf.message import Message

from emulator import Account, Emulator, workshop
from emulator import __main__ as cli
from emulator.persistence import StateFileError
from emulator.server import DEFAULT_SEED
from recipes import ConnectError, connect
from tests.helpers import image

SEED = "workshop:" + "5eed" * 8
ATTENDEES = 3
INPUT_IDS = ("photo-1", "photo-2")  # the same ids in every app: isolation must not rest on ids
MODEL_ID = "pets"
ME = resources_pb2.UserAppIDSet(user_id="me")
EARLIEST = "2019-01-01"  # before every dated change: no past auth rule may open another's app


def as_key(token: str, day: str | None = None) -> tuple[tuple[str, str], ...]:
    metadata = (("authorization", f"Key {token}"),)
    return (*metadata, ("x-clarifai-emulator-as-of", day)) if day else metadata


def scope_of(account: Account) -> resources_pb2.UserAppIDSet:
    return resources_pb2.UserAppIDSet(user_id=account.user_id, app_id=account.app_id)


def stub_for(emulator: Emulator) -> service_pb2_grpc.V2Stub:
    channel = ClarifaiChannel.get_insecure_grpc_channel(base=emulator.host, port=emulator.grpc_port)
    return service_pb2_grpc.V2Stub(channel)


def furnish(stub: service_pb2_grpc.V2Stub, account: Account) -> None:
    """Give an attendee what the others will try to reach: labelled inputs and a trained model."""
    pat, scope = as_key(account.pat), scope_of(account)
    inputs = [
        image(f"https://samples.clarifai.com/{account.user_id}/{n}.jpg", i) for n, i in enumerate(INPUT_IDS)
    ]
    for item in inputs:
        item.data.concepts.add(id="cat", value=1)
    assert (
        stub.PostInputs(
            service_pb2.PostInputsRequest(user_app_id=scope, inputs=inputs), metadata=pat
        ).status.code
        == 10000
    )
    for _ in range(2):  # the downloads finish
        stub.GetInputCount(service_pb2.GetInputCountRequest(user_app_id=scope), metadata=pat)
    model = resources_pb2.Model(id=MODEL_ID, model_type_id="embedding-classifier")
    assert (
        stub.PostModels(
            service_pb2.PostModelsRequest(user_app_id=scope, models=[model]), metadata=pat
        ).status.code
        == 10000
    )
    version = resources_pb2.ModelVersion(
        output_info=resources_pb2.OutputInfo(
            data=resources_pb2.Data(concepts=[resources_pb2.Concept(id="cat")])
        )
    )
    request = service_pb2.PostModelVersionsRequest(
        user_app_id=scope, model_id=MODEL_ID, model_versions=[version]
    )
    assert stub.PostModelVersions(request, metadata=pat).status.code == 10000
    for _ in range(4):  # training finishes
        trained = stub.GetModel(
            service_pb2.GetModelRequest(user_app_id=scope, model_id=MODEL_ID), metadata=pat
        )
    assert trained.model.model_version.status.code == 21100


@pytest.fixture(scope="module")
def room() -> Iterator[Emulator]:
    """A workshop of three attendees, each with inputs and a trained model."""
    with Emulator(seed_text=SEED, workshop=ATTENDEES, tls=False) as running:
        stub = stub_for(running)
        for account in running.attendees:
            furnish(stub, account)
        yield running


# --- the isolation matrix ----------------------------------------------------------------------
# Each attempt: what it tries, the RPC, and the request made from the caller's and the owner's
# accounts. Expected codes: (with the caller's PAT, with the caller's app API key).

APP_SCOPED = (11101, 11008)  # a PAT: the other's app is not found; a key: it is another app's key
APP_SCOPED_PAT_ONLY = (11101, 11007)  # a key cannot call a PAT-only RPC at all
USER_SCOPED = (11101, 11007)
OWN_SCOPE_OTHERS_KEY = (11009, 11007)  # naming oneself: no such key of the caller
WORKFLOW = (22104, 22104)  # a workflow in one's own app may not use another's model


@dataclass(frozen=True)
class Attempt:
    what: str
    rpc: str
    request: Callable[[Account, Account], Message]  # (caller, owner) -> request
    expected: tuple[int, int]


def _app(request_class, **fields):
    return lambda caller, owner: request_class(user_app_id=scope_of(owner), **fields)


def _user(request_class, **fields):
    return lambda caller, owner: request_class(
        user_app_id=resources_pb2.UserAppIDSet(user_id=owner.user_id), **fields
    )


def _overwrite(caller: Account, owner: Account) -> Message:
    changed = resources_pb2.Input(
        id=INPUT_IDS[0], data=resources_pb2.Data(concepts=[resources_pb2.Concept(id="dog", value=1)])
    )
    return service_pb2.PatchInputsRequest(user_app_id=scope_of(owner), action="overwrite", inputs=[changed])


def _their_key_for_their_app(caller: Account, owner: Account) -> Message:
    key = resources_pb2.Key(
        description="mine now",
        scopes=["All"],
        apps=[resources_pb2.App(id=owner.app_id, user_id=owner.user_id)],
    )
    return service_pb2.PostKeysRequest(user_app_id=ME, keys=[key])


def _workflow_with_their_model(caller: Account, owner: Account) -> Message:
    node = resources_pb2.WorkflowNode(
        id="borrowed", model=resources_pb2.Model(id=MODEL_ID, user_id=owner.user_id, app_id=owner.app_id)
    )
    workflow = resources_pb2.Workflow(id="borrowed", nodes=[node])
    return service_pb2.PostWorkflowsRequest(user_app_id=scope_of(caller), workflows=[workflow])


VERSION = resources_pb2.ModelVersion(
    output_info=resources_pb2.OutputInfo(data=resources_pb2.Data(concepts=[resources_pb2.Concept(id="dog")]))
)
ATTEMPTS = [
    Attempt("list their inputs", "ListInputs", _app(service_pb2.ListInputsRequest), APP_SCOPED),
    Attempt(
        "read their input", "GetInput", _app(service_pb2.GetInputRequest, input_id=INPUT_IDS[0]), APP_SCOPED
    ),
    Attempt("count their inputs", "GetInputCount", _app(service_pb2.GetInputCountRequest), APP_SCOPED),
    Attempt(
        "search their inputs",
        "PostInputsSearches",
        _app(
            service_pb2.PostInputsSearchesRequest,
            searches=[resources_pb2.Search(query=resources_pb2.Query())],
        ),
        APP_SCOPED,
    ),
    Attempt(
        "add inputs",
        "PostInputs",
        _app(service_pb2.PostInputsRequest, inputs=[image(input_id="intruder")]),
        APP_SCOPED,
    ),
    Attempt("overwrite their input", "PatchInputs", _overwrite, APP_SCOPED),
    Attempt(
        "delete their inputs",
        "DeleteInputs",
        _app(service_pb2.DeleteInputsRequest, ids=INPUT_IDS),
        APP_SCOPED,
    ),
    Attempt(
        "delete their input",
        "DeleteInput",
        _app(service_pb2.DeleteInputRequest, input_id=INPUT_IDS[1]),
        APP_SCOPED,
    ),
    Attempt(
        "predict with their model",
        "PostModelOutputs",
        _app(service_pb2.PostModelOutputsRequest, model_id=MODEL_ID, inputs=[image()]),
        APP_SCOPED,
    ),
    Attempt("read their model", "GetModel", _app(service_pb2.GetModelRequest, model_id=MODEL_ID), APP_SCOPED),
    Attempt("list their models", "ListModels", _app(service_pb2.ListModelsRequest), APP_SCOPED),
    Attempt(
        "train their model",
        "PostModelVersions",
        _app(service_pb2.PostModelVersionsRequest, model_id=MODEL_ID, model_versions=[VERSION]),
        APP_SCOPED,
    ),
    Attempt(
        "delete their model",
        "DeleteModel",
        _app(service_pb2.DeleteModelRequest, model_id=MODEL_ID),
        APP_SCOPED,
    ),
    Attempt("read their app", "GetApp", _app(service_pb2.GetAppRequest), APP_SCOPED),
    Attempt("delete their app", "DeleteApp", _app(service_pb2.DeleteAppRequest), APP_SCOPED_PAT_ONLY),
    Attempt("list their apps", "ListApps", _user(service_pb2.ListAppsRequest), USER_SCOPED),
    Attempt(
        "make them an app",
        "PostApps",
        _user(service_pb2.PostAppsRequest, apps=[resources_pb2.App(id="planted")]),
        USER_SCOPED,
    ),
    Attempt("list their keys", "ListKeys", _user(service_pb2.ListKeysRequest), USER_SCOPED),
    Attempt(
        "get their key",
        "GetKey",
        lambda caller, owner: service_pb2.GetKeyRequest(
            user_app_id=resources_pb2.UserAppIDSet(user_id=owner.user_id), key_id=owner.api_key
        ),
        USER_SCOPED,
    ),
    Attempt(
        "get their key by its id",
        "GetKey",
        lambda caller, owner: service_pb2.GetKeyRequest(user_app_id=ME, key_id=owner.api_key),
        OWN_SCOPE_OTHERS_KEY,
    ),
    Attempt(
        "delete their PAT by its id",
        "DeleteKey",
        lambda caller, owner: service_pb2.DeleteKeyRequest(user_app_id=ME, key_id=owner.pat),
        OWN_SCOPE_OTHERS_KEY,
    ),
    Attempt("make a key for their app", "PostKeys", _their_key_for_their_app, USER_SCOPED),
    Attempt("use their model in a workflow", "PostWorkflows", _workflow_with_their_model, WORKFLOW),
]


def snapshot(emulator: Emulator) -> dict:
    """Everything the attendees own, as comparable values."""
    store, now = emulator.store, emulator.api.clock.now
    state: dict = {}
    for user in store.users.values():
        if not user.id.startswith("attendee-"):
            continue
        state[user.id, "apps"] = sorted(user.apps)
        state[user.id, "keys"] = sorted(user.keys)
        state[user.id, "credentials"] = sorted(
            t for t, c in store.credentials.items() if c.user_id == user.id
        )
        for app in user.apps.values():
            state[user.id, app.id, "inputs"] = [
                (s.input.SerializeToString(deterministic=True), s.deleted_tick) for s in app.inputs.all(now)
            ]
            state[user.id, app.id, "models"] = {
                model_id: [v.version.SerializeToString(deterministic=True) for v in model.versions]
                for model_id, model in app.models.items()
            }
            state[user.id, app.id, "workflows"] = sorted(app.workflows)
            state[user.id, app.id, "concepts"] = sorted(app.concepts)
    return state


def cross_attempts(attendees: list[Account]) -> Iterator[tuple[Account, Account, str, Attempt, int]]:
    """Every attempt by every attendee on every other one, with the PAT and with the API key:
    (caller, owner, credential, attempt, expected code)."""
    for caller in attendees:
        for owner in (a for a in attendees if a is not caller):
            for attempt in ATTEMPTS:
                yield caller, owner, caller.pat, attempt, attempt.expected[0]
                yield caller, owner, caller.api_key, attempt, attempt.expected[1]


@pytest.mark.parametrize("day", [None, EARLIEST], ids=["today", EARLIEST])
def test_no_attendee_reaches_another_attendees_data_with_their_pat_or_api_key(room, day):
    stub = stub_for(room)
    before = snapshot(room)
    cases = list(cross_attempts(room.attendees))
    wrong = []
    for caller, owner, credential, attempt, expected in cases:
        request = attempt.request(caller, owner)
        code = getattr(stub, attempt.rpc)(request, metadata=as_key(credential, day)).status.code
        if code != expected:
            kind = "PAT" if credential == caller.pat else "key"
            wrong.append(
                f"{caller.user_id} ({kind}) {attempt.what} of {owner.user_id}: {code}, not {expected}"
            )
    assert not wrong, "\n".join(wrong)
    assert len(cases) == ATTENDEES * (ATTENDEES - 1) * len(ATTEMPTS) * 2
    assert snapshot(room) == before


def test_the_rest_door_refuses_the_same(room):
    caller, owner = room.attendees[0], room.attendees[1]
    inputs = f"{room.rest_url}/v2/users/{owner.user_id}/apps/{owner.app_id}/inputs"
    before = snapshot(room)
    for token, http, code in ((caller.pat, 404, 11101), (caller.api_key, 401, 11008)):
        headers = {"Authorization": f"Key {token}"}
        listed = requests.get(inputs, headers=headers, timeout=10)
        deleted = requests.delete(inputs, json={"ids": list(INPUT_IDS)}, headers=headers, timeout=10)
        for answer in (listed, deleted):
            assert (answer.status_code, answer.json()["status"]["code"]) == (http, code)
    apps = requests.get(
        f"{room.rest_url}/v2/users/{owner.user_id}/apps",
        headers={"Authorization": f"Key {caller.pat}"},
        timeout=10,
    )
    assert apps.json()["status"]["code"] == 11101
    assert snapshot(room) == before


def test_each_attendee_works_in_their_own_app_with_their_pat_and_api_key(room):
    stub = stub_for(room)
    for account in room.attendees:
        for credential in (account.pat, account.api_key):
            listed = stub.ListInputs(
                service_pb2.ListInputsRequest(user_app_id=scope_of(account)), metadata=as_key(credential)
            )
            assert sorted(i.id for i in listed.inputs) == sorted(INPUT_IDS)
            assert {i.data.image.url.split("/")[3] for i in listed.inputs} == {account.user_id}
            request = service_pb2.PostModelOutputsRequest(
                user_app_id=scope_of(account), model_id=MODEL_ID, inputs=[image()]
            )
            predicted = stub.PostModelOutputs(request, metadata=as_key(credential))
            assert [c.id for c in predicted.outputs[0].data.concepts] == ["cat"]
        pat = as_key(account.pat)
        apps = stub.ListApps(service_pb2.ListAppsRequest(user_app_id=ME), metadata=pat)
        assert [(a.user_id, a.id) for a in apps.apps] == [(account.user_id, "migrations")]
        keys = stub.ListKeys(service_pb2.ListKeysRequest(user_app_id=ME), metadata=pat)
        assert sorted(k.id for k in keys.keys) == sorted([account.pat, account.api_key])


def test_clarifai_main_stays_readable_and_read_only_for_every_attendee(room):
    stub = stub_for(room)
    main = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
    for account in room.attendees:
        request = service_pb2.PostModelOutputsRequest(
            user_app_id=main, model_id="general-image-recognition", inputs=[image()]
        )
        assert stub.PostModelOutputs(request, metadata=as_key(account.pat)).status.code == 10000
        added = stub.PostInputs(
            service_pb2.PostInputsRequest(user_app_id=main, inputs=[image()]), metadata=as_key(account.pat)
        )
        assert added.status.code == 11101


# --- accounts: made from the seed, kept by the state file --------------------------------------


def test_attendees_are_numbered_users_with_one_app_a_pat_and_an_api_key(room):
    assert [a.user_id for a in room.attendees] == ["attendee-01", "attendee-02", "attendee-03"]
    assert {a.app_id for a in room.attendees} == {"migrations"}
    tokens = [t for a in room.attendees for t in (a.pat, a.api_key)]
    assert len(set(tokens)) == len(tokens) and all(len(t) == 32 for t in tokens)
    assert room.store.credentials[room.attendees[1].pat].app_id == ""
    assert room.store.credentials[room.attendees[1].api_key].app_id == "migrations"


def test_the_same_seed_gives_the_same_accounts_and_another_seed_others():
    same = Emulator(seed_text=SEED, workshop=2, tls=False)
    other = Emulator(seed_text=workshop.new_seed(), workshop=2, tls=False)
    first = Emulator(seed_text=SEED, workshop=1, tls=False)
    assert same.attendees[:2] == Emulator(seed_text=SEED, workshop=2, tls=False).attendees
    assert same.attendees[0] == first.attendees[0]  # an attendee does not depend on how many there are
    assert not {same.attendees[0].pat, same.attendees[0].api_key} & {
        other.attendees[0].pat,
        other.attendees[0].api_key,
    }


def test_a_new_workshop_gets_a_secret_seed_and_keeps_it_in_its_state_file(tmp_path):
    db = tmp_path / "room.db"
    assert workshop.seed_for(db, 3) != workshop.seed_for(db, 3)  # random while the file is new
    seed = workshop.seed_for(db, 3)
    assert seed.startswith("workshop:") and len(seed) == len("workshop:") + 32
    Emulator(seed_text=seed, workshop=3, db=db, tls=False).api.close_state()
    assert workshop.stored_seed(db) == seed
    assert workshop.seed_for(db, 3) == seed
    assert workshop.seed_for(db, 0) == seed  # then replay refuses it without --workshop, below


def test_a_workshop_refuses_a_state_file_made_without_one(tmp_path):
    db = tmp_path / "plain.db"
    Emulator(db=db, tls=False).api.close_state()
    assert workshop.seed_for(db, 0) == DEFAULT_SEED
    with pytest.raises(StateFileError, match="made without --workshop"):
        workshop.seed_for(db, 3)


def _add_input(emulator: Emulator, account: Account, input_id: str) -> None:
    with emulator:
        request = service_pb2.PostInputsRequest(
            user_app_id=scope_of(account), inputs=[image(input_id=input_id)]
        )
        assert stub_for(emulator).PostInputs(request, metadata=as_key(account.pat)).status.code == 10000


def test_a_restart_keeps_the_accounts_and_their_data_a_larger_n_adds_a_smaller_is_refused(tmp_path):
    db = tmp_path / "room.db"
    first = Emulator(seed_text=SEED, workshop=3, db=db, tls=False)
    _add_input(first, first.attendees[1], "kept")
    again = Emulator(seed_text=SEED, workshop=3, db=db, tls=False)
    assert again.attendees == first.attendees and again.replayed == 1 and not again.notes
    assert again.store.app("attendee-02", "migrations").inputs.get("kept", again.api.clock.now) is not None
    again.api.close_state()

    grown = Emulator(seed_text=SEED, workshop=5, db=db, tls=False)
    assert grown.attendees[:3] == first.attendees and len(grown.attendees) == 5
    assert "--workshop 3; now --as-of today, --downtime none, --workshop 5" in grown.notes[0]
    _add_input(grown, grown.attendees[4], "late")
    regrown = Emulator(seed_text=SEED, workshop=5, db=db, tls=False)
    assert regrown.attendees == grown.attendees and regrown.diverged == 0
    regrown.api.close_state()

    for fewer in (4, 0):
        with pytest.raises(StateFileError) as refused:
            Emulator(seed_text=SEED, workshop=fewer, db=db, tls=False)
        assert str(refused.value) == (
            f"state file {db} holds 5 workshop accounts: "
            "serve it with --workshop 5 (or more, to add accounts)"
        )
    Emulator(seed_text=SEED, workshop=5, db=db, tls=False).api.close_state()  # the refusals left it usable


# --- the leader's accounts file ------------------------------------------------------------------


def test_the_accounts_file_is_private_and_lists_every_attendee(tmp_path, room):
    path = workshop.accounts_path(tmp_path / "room.db")
    assert path == tmp_path / "room-accounts.csv"
    path.write_text("old")
    path.chmod(0o644)
    workshop.write_accounts(path, room.attendees)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    lines = path.read_text().splitlines()
    assert lines[0] == "attendee,user_id,app_id,pat,api_key"
    first = room.attendees[0]
    assert lines[1] == f"1,attendee-01,migrations,{first.pat},{first.api_key}"
    assert workshop.read_accounts(path) == room.attendees
    assert [p.name for p in tmp_path.iterdir()] == ["room-accounts.csv"]  # no temporary file left
    assert workshop.accounts_path(tmp_path / "room.db", "elsewhere.csv").name == "elsewhere.csv"


def test_a_new_state_file_for_a_workshop_is_private(tmp_path):
    db = tmp_path / "room.db"
    workshop.create_private(db)
    Emulator(seed_text=SEED, workshop=1, db=db, tls=False).api.close_state()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_what_the_server_prints_for_the_room_has_no_credential(room, tmp_path):
    lines = workshop.attendee_lines(room, tmp_path / "room-accounts.csv")
    text = "\n".join(lines)
    assert f"export CLARIFAI_EMULATOR=http://127.0.0.1:{room.rest_port}" in lines
    assert "export CLARIFAI_PAT=<your PAT>" in lines
    assert not any(a.pat in text or a.api_key in text for a in room.attendees)
    described = room.describe()
    assert described["workshop"] == 3 and not {"pat", "api_key", "user_id", "app_id"} & set(described)


def test_on_every_interface_the_address_is_a_placeholder(room):
    wildcard = Emulator(host="0.0.0.0", seed_text=SEED, workshop=1, tls=False)  # never started
    wildcard.rest_port = 8000
    lines = workshop.attendee_lines(wildcard, Path("room-accounts.csv"))
    assert "export CLARIFAI_EMULATOR=http://<this machine's address>:8000" in lines
    assert any("hostname -I" in line for line in lines)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--workshop", "3"], "--workshop needs --db FILE"),
        (["--workshop", "0", "--db", "x.db"], "not a number of attendees 1-1000: '0'"),
        (["--workshop", "many", "--db", "x.db"], "not a number of attendees 1-1000: 'many'"),
        (["--accounts", "a.csv"], "--accounts goes with --workshop N"),
    ],
)
def test_workshop_usage_errors_are_one_line(args, says, capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main(["serve", *args])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and says in error


def test_serve_refuses_a_workshop_on_a_plain_state_file_in_one_line(tmp_path, capsys):
    db = tmp_path / "plain.db"
    Emulator(db=db, tls=False).api.close_state()
    assert cli.main(["serve", "--workshop", "2", "--db", str(db), "--no-tls"]) == 1
    error = capsys.readouterr().err
    assert error == (
        f"emulator: state file {db} was made without --workshop: a workshop needs a state file of its own "
        "(give --db a new file)\n"
    )
    assert not (tmp_path / "plain-accounts.csv").exists()


def test_serve_help_explains_the_workshop_options(capsys):
    with pytest.raises(SystemExit):
        cli.main(["serve", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "--workshop N" in shown and "--accounts FILE" in shown and "--host 0.0.0.0" in shown


def test_an_accounts_file_or_state_file_that_cannot_be_made_is_a_one_line_error(tmp_path, capsys):
    missing = tmp_path / "no-such-folder"
    db = tmp_path / "room.db"
    assert (
        cli.main(
            ["serve", "--workshop", "2", "--db", str(db), "--accounts", str(missing / "a.csv"), "--no-tls"]
        )
        == 1
    )
    assert capsys.readouterr().err == (
        f"emulator: cannot write the accounts file {missing / 'a.csv'} (No such file or directory)\n"
    )
    assert cli.main(["serve", "--workshop", "2", "--db", str(missing / "room.db"), "--no-tls"]) == 1
    assert capsys.readouterr().err == (
        f"emulator: state file {missing / 'room.db'} cannot be created (No such file or directory)\n"
    )
    seed = workshop.stored_seed(db)  # the refusal let go of the state file, which works
    Emulator(seed_text=seed, workshop=2, db=db, tls=False).api.close_state()


# --- GET /emulator/info and the emulator-remote target ---------------------------------------------


def test_the_info_path_answers_the_grpc_ports_without_a_credential_or_a_tick(room):
    now = room.api.clock.now
    answer = requests.get(f"{room.rest_url}/emulator/info", timeout=10)
    assert answer.status_code == 200
    assert answer.json() == {"grpc_port": room.grpc_port, "grpc_tls_port": 0}
    assert room.api.clock.now == now
    assert requests.post(f"{room.rest_url}/emulator/info", timeout=10).status_code == 404


@pytest.fixture
def remote_env(room, monkeypatch):
    for name in ("CLARIFAI_APP_ID", "CLARIFAI_USER_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CLARIFAI_EMULATOR", room.rest_url)
    monkeypatch.setenv("CLARIFAI_PAT", room.attendees[1].pat)
    return room.attendees[1]


def test_an_attendee_connects_with_two_variables_and_can_travel_in_time(room, remote_env):
    session = connect("emulator-remote")
    assert session.target == "emulator" and session.can_time_travel and session.emulator is None
    scratch = session.user_app_id.app_id
    assert scratch.startswith("cookbook-scratch-") and scratch in room.store.users["attendee-02"].apps
    old = session.as_of("2019-09-23")
    added = session.stub.PostInputs(
        service_pb2.PostInputsRequest(user_app_id=session.user_app_id, inputs=[image()]),
        metadata=old.metadata,
    )
    assert added.inputs[0].status.code == 30000  # before CL002 a single input was ready at once
    listed = requests.get(session.rest_url("inputs"), headers=session.rest_headers, timeout=10)
    assert listed.json()["status"]["code"] == 10000 and len(listed.json()["inputs"]) == 1
    delete = service_pb2.DeleteAppRequest(user_app_id=session.user_app_id)
    assert session.stub.DeleteApp(delete, metadata=session.metadata).status.code == 10000


def test_with_an_app_id_the_remote_session_works_in_that_app(room, remote_env, monkeypatch):
    monkeypatch.setenv("CLARIFAI_APP_ID", "migrations")
    session = connect("emulator-remote")
    count = session.stub.GetInputCount(
        service_pb2.GetInputCountRequest(user_app_id=session.user_app_id), metadata=session.metadata
    )
    assert count.counts.processed == len(INPUT_IDS)


def test_a_remote_session_made_as_of_a_date_serves_every_request_as_of_it(remote_env):
    session = connect("emulator-remote", as_of="2019-09-23")
    assert session.as_of_date.isoformat() == "2019-09-23"
    request = service_pb2.PostInputsRequest(user_app_id=session.user_app_id, inputs=[image()])
    assert session.stub.PostInputs(request, metadata=session.metadata).inputs[0].status.code == 30000


@pytest.mark.parametrize(
    ("variables", "says"),
    [
        ({"CLARIFAI_EMULATOR": ""}, "REST address in the environment variable CLARIFAI_EMULATOR"),
        ({"CLARIFAI_EMULATOR": "127.0.0.1:8000"}, "CLARIFAI_EMULATOR must be an http:// address"),
        ({"CLARIFAI_PAT": ""}, "personal access token in CLARIFAI_PAT"),
        (
            {"CLARIFAI_EMULATOR": "http://127.0.0.1:9"},
            "no Clarifai emulator at CLARIFAI_EMULATOR=http://127.0.0.1:9",
        ),
    ],
)
def test_the_remote_target_says_which_variable_is_wrong(remote_env, monkeypatch, variables, says):
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConnectError, match=says.replace(".", r"\.").replace("?", r"\?")):
        connect("emulator-remote")


def test_a_rest_address_that_is_no_emulator_is_named(room, remote_env, monkeypatch):
    monkeypatch.setenv("CLARIFAI_EMULATOR", f"{room.rest_url}/v2")
    with pytest.raises(ConnectError, match=r"GET /emulator/info answered HTTP 404"):
        connect("emulator-remote")


def test_the_embedded_default_account_is_unchanged_without_a_workshop():
    plain = Emulator(tls=False)
    assert plain.attendees == [] and plain.account.user_id == "cookbook"
    assert "pat" in plain.describe() and "workshop" not in plain.describe()
