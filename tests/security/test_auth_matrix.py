"""Auth isolation: every kind of credential against every implemented RPC, one tenant's data.

The seeded account (user `cookbook`, app `migrations`) holds inputs, a model with a version, a
workflow, concepts and keys (tests.reliability.world). Each credential kind calls every RPC
with a valid request for that data (tests.reliability.templates): the owner's PAT and app key
get through (a key only to key-auth RPCs), and every other credential is refused with the
real API's code, reads nothing (the response carries only its status) and changes nothing.
Predictions on clarifai/main are public: any valid PAT may make them. The same matrix runs as
of today and as of a date before every change, so no old behaviour opens another tenant.
Attendee-against-attendee isolation of the workshop server is tests/emulator/test_workshop.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import requests
from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2
from google.protobuf import json_format
from google.protobuf.message import Message

from emulator import Emulator
from emulator.api import AS_OF_KEY
from emulator.descriptors import rpc as rpc_named
from emulator.handlers import HANDLERS
from tests.reliability.state import Baseline, documented_problems, unchanged_unless_accepted
from tests.reliability.templates import template
from tests.reliability.world import World, key, populate

OK = status_code_pb2.SUCCESS
BAD_HEADER = status_code_pb2.CONN_INVALID_REQUEST  # 11102 "Empty or malformed authorization header..."
KEY_INVALID = status_code_pb2.CONN_KEY_INVALID  # 11008 "Invalid API key or Invalid API key/application pair"
NEEDS_PAT = status_code_pb2.CONN_INSUFFICIENT_SCOPES  # 11007 "API key has insufficient permissions"
NOT_FOUND = status_code_pb2.CONN_DOES_NOT_EXIST  # 11101 "Resource does not exist"
PUBLIC_PREDICTIONS = ("PostModelOutputs",)  # its template predicts with clarifai/main's general model
# An app key runs only workflows whose models are all of its app (CL019)
KEY_RUNS_OWN_MODELS_ONLY = ("PostWorkflowResults",)
BEFORE_EVERY_CHANGE = "2019-09-10"
TODAY = dt.date.today().isoformat()

FAMILIES = {  # every implemented RPC, by the kind of resource it touches
    "inputs": ["PostInputs", "GetInput", "ListInputs", "PatchInputs", "DeleteInput", "DeleteInputs"]
    + ["GetInputCount", "PostAnnotations", "ListAnnotations", "PatchAnnotations"],
    "models": ["PostModels", "GetModel", "ListModels", "PatchModels", "DeleteModel", "DeleteModels"]
    + ["PostModelsSearches", "GetModelType", "ListModelTypes", "GetModelOutputInfo", "PostModelFeedback"],
    "model versions": ["PostModelVersions", "GetModelVersion", "ListModelVersions", "PatchModelVersions"]
    + ["DeleteModelVersion", "PostModelVersionMetrics", "GetModelVersionMetrics"],
    "workflows": ["PostWorkflows", "GetWorkflow", "ListWorkflows", "PatchWorkflows", "DeleteWorkflow"]
    + ["DeleteWorkflows", "PostWorkflowResults"],
    "concepts": ["PostConcepts", "GetConcept", "ListConcepts", "PatchConcepts", "PostConceptsSearches"],
    "keys": ["PostKeys", "GetKey", "ListKeys", "DeleteKey", "MyScopes"],
    "apps": ["PostApps", "GetApp", "ListApps", "DeleteApp"],
    "searches": ["PostInputsSearches", "PostAnnotationsSearches", "PostSearches", "PostSearchFeedback"]
    + ["PostSearchesByID", "ListSearches", "GetSearch", "DeleteSearch"],
    "datasets": ["PostDatasets", "GetDataset", "ListDatasets", "PostDatasetInputs", "ListDatasetInputs"]
    + ["GetDatasetInput", "DeleteDatasetInputs", "PostDatasetVersions", "GetDatasetVersion"]
    + ["ListDatasetVersions"]
    + ["PutDatasetVersionExports", "DeleteDatasetVersions", "DeleteDatasets"],
    "data sources": ["PostInputsDataSources", "GetInputsExtractionJob", "ListInputsExtractionJobs"]
    + ["GetInputsAddJob", "ListInputsAddJobs"],
    "collaborators": ["ListCollaborators"],
    "predictions on clarifai/main": list(PUBLIC_PREDICTIONS),
}
MATRIX_RPCS = [name for names in FAMILIES.values() for name in names]


def test_the_matrix_covers_every_implemented_rpc():
    # ListPublicWorkflows, retired and keyless, has its own credential tests (test_workflows.py)
    assert sorted(MATRIX_RPCS) == sorted(name for name in HANDLERS if name != "ListPublicWorkflows")


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with Emulator(tls=False) as emulator:
        made = populate(emulator)
        made.revoked = _revoked(made)
        yield made
        made.channel.close()


def _revoked(world: World) -> dict[str, str]:
    """An app key and a PAT of the account, made and then deleted."""
    stub, pat = world.stub(), key(world.account.pat)
    me = resources_pb2.UserAppIDSet(user_id="me")
    keys = [
        resources_pb2.Key(
            description="gone", scopes=["All"], apps=[resources_pb2.App(id=world.account.app_id)]
        ),
        resources_pb2.Key(description="gone", type="personal_access_token"),
    ]
    made = stub.PostKeys(service_pb2.PostKeysRequest(user_app_id=me, keys=keys), metadata=pat)
    assert made.status.code == OK, made.status
    for item in made.keys:
        deleted = stub.DeleteKey(service_pb2.DeleteKeyRequest(user_app_id=me, key_id=item.id), metadata=pat)
        assert deleted.status.code == OK, deleted.status
    return {"key": made.keys[0].id, "pat": made.keys[1].id}


@pytest.fixture(scope="module")
def baseline(world: World) -> Baseline:
    return Baseline(world.emulator)


CREDENTIALS = [
    "owner's PAT",
    "owner's app key",
    "another user's PAT",
    "another user's app key",
    "owner's key of another app",
    "revoked app key",
    "revoked PAT",
    "malformed key",
    "malformed header",
    "no header",
]


def metadata_for(world: World, credential: str) -> tuple[tuple[str, str], ...]:
    tokens = {
        "owner's PAT": world.account.pat,
        "owner's app key": world.account.api_key,
        "another user's PAT": world.stranger.pat,
        "another user's app key": world.stranger.api_key,
        "owner's key of another app": world.other_app_key,
        "revoked app key": world.revoked["key"],
        "revoked PAT": world.revoked["pat"],
        "malformed key": "SOME_INVALID_KEY",
    }
    if credential == "malformed header":
        return (("authorization", "Bearer " + world.account.pat),)
    if credential == "no header":
        return ()
    return key(tokens[credential])


def expected(credential: str, rpc_name: str, day: str) -> int:
    """The code the real API answers (facts §3), or OK where the credential may do it."""
    pat_only = rpc_named(rpc_name).auth_type == "PATAuth"
    if credential in ("malformed header", "no header"):
        return BAD_HEADER
    if credential in ("malformed key", "revoked app key", "revoked PAT"):
        return KEY_INVALID
    is_key = credential.endswith("key") or credential == "owner's key of another app"
    if is_key and pat_only:
        return NEEDS_PAT
    if rpc_name in PUBLIC_PREDICTIONS:
        if credential.endswith("PAT") or day < "2023-03-30":
            return OK  # clarifai/main is public; before CL019 app keys reached it too
        return KEY_INVALID  # CL019: an app key no longer reaches clarifai/main
    if rpc_name in KEY_RUNS_OWN_MODELS_ONLY and credential == "owner's app key" and day >= "2023-03-30":
        return KEY_INVALID  # CL019: the seeded workflow has a clarifai/main node
    if credential in ("owner's PAT", "owner's app key"):
        return OK
    if credential == "another user's PAT":
        return NOT_FOUND  # another user's app does not exist for this PAT
    return KEY_INVALID  # an app key used on another app


def _leaks(response: Message) -> list[str]:
    """Fields of a refused response other than its status: data the caller should not see."""
    return [field.name for field, _ in response.ListFields() if field.name != "status"]


def _request(world: World, rpc_name: str) -> Message:
    version = world.emulator.store.app(world.account.user_id, world.account.app_id).models["pets"].version()
    scope = {"user_id": world.account.user_id, "app_id": world.account.app_id}
    body = template(rpc_name, scope, version.version.id, world.other_app_key, world.extraction_id)
    return json_format.ParseDict(body, rpc_named(rpc_name).new_request())


def _method(world: World, stub: object, rpc_name: str):
    """The stub's method, or for a retired RPC old clients still call (which today's stub lacks)
    a call by its method path."""
    rpc = rpc_named(rpc_name)
    return getattr(stub, rpc_name, None) or world.channel.unary_unary(
        f"/clarifai.api.V2/{rpc_name}",
        request_serializer=rpc.request_class.SerializeToString,
        response_deserializer=rpc.response_class.FromString,
    )


@pytest.mark.parametrize("day", [TODAY, BEFORE_EVERY_CHANGE])
@pytest.mark.parametrize("credential", CREDENTIALS)
def test_credential_against_every_rpc_family(world, baseline, credential, day):
    stub = world.stub()
    metadata = (*metadata_for(world, credential), (AS_OF_KEY, day))
    wrong = []
    for family, names in FAMILIES.items():
        for rpc_name in names:
            want = expected(credential, rpc_name, day)
            with unchanged_unless_accepted(world.emulator, baseline) as answered:
                call = _method(world, stub, rpc_name)
                response = call(_request(world, rpc_name), metadata=metadata, timeout=10)
                got = response.status
                answered.append(got.code)
            owner = credential.startswith("owner's") and credential != "owner's key of another app"
            if day != TODAY and owner and want == OK:  # each old date has its own rules: no code asserted
                if documented_problems(got):  # but never a bug (PatchModelVersions as of 2019 was one)
                    wrong.append(f"{family}/{rpc_name}: {documented_problems(got)}")
                continue
            if got.code != want:
                wrong.append(f"{family}/{rpc_name}: {got.code} {got.details[:90]!r}, want {want}")
            elif want != OK and (_leaks(response) or documented_problems(got)):
                wrong.append(f"{family}/{rpc_name}: leaks {_leaks(response)}; {documented_problems(got)}")
    assert not wrong, f"{credential} as of {day}:\n" + "\n".join(wrong)


def test_the_documented_texts_of_each_refusal(world):
    stub = world.stub()
    request = _request(world, "ListInputs")
    answers = {
        credential: stub.ListInputs(request, metadata=metadata_for(world, credential)).status
        for credential in ("malformed key", "malformed header", "owner's key of another app")
    }
    assert answers["malformed key"].description == "Invalid API key or Invalid API key/application pair"
    assert answers["malformed key"].details == "Invalid format of key."
    assert answers["malformed header"].details.startswith("Empty or malformed authorization header.")
    assert answers["owner's key of another app"].description == (
        "Invalid API key or Invalid API key/application pair"
    )
    keys = stub.ListKeys(_request(world, "ListKeys"), metadata=key(world.account.api_key)).status
    assert keys.description == "API key has insufficient permissions"


def test_a_pat_reads_clarifai_main_but_never_writes_it(world, baseline):
    stub, main = world.stub(), resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
    writes = [
        (
            "PostInputs",
            service_pb2.PostInputsRequest(user_app_id=main, inputs=[{"data": {"image": {"url": "x"}}}]),
        ),
        (
            "DeleteModel",
            service_pb2.DeleteModelRequest(user_app_id=main, model_id="general-image-recognition"),
        ),
        ("PostConcepts", service_pb2.PostConceptsRequest(user_app_id=main, concepts=[{"id": "mine"}])),
        ("DeleteApp", service_pb2.DeleteAppRequest(user_app_id=main)),
    ]
    for credential in ("owner's PAT", "another user's PAT"):
        for rpc_name, request in writes:
            with unchanged_unless_accepted(world.emulator, baseline) as answered:
                status = getattr(stub, rpc_name)(request, metadata=metadata_for(world, credential)).status
                answered.append(status.code)
            assert status.code != OK, f"{credential} could {rpc_name} on clarifai/main"
    models = stub.ListModels(
        service_pb2.ListModelsRequest(user_app_id=main), metadata=key(world.stranger.pat)
    )
    assert models.status.code == OK and models.models


@pytest.mark.parametrize(
    ("credential", "http_code", "code"),
    [
        ("owner's PAT", 200, OK),
        ("another user's PAT", 404, NOT_FOUND),
        ("owner's key of another app", 401, KEY_INVALID),
        ("revoked app key", 401, KEY_INVALID),
        ("malformed header", 400, BAD_HEADER),
        ("no header", 400, BAD_HEADER),
    ],
)
def test_the_rest_door_refuses_alike_with_http_codes(world, credential, http_code, code):
    headers = {name.title(): value for name, value in metadata_for(world, credential)}
    url = f"{world.emulator.rest_url}/v2/users/cookbook/apps/migrations/inputs/in-0000"
    reply = requests.get(url, headers=headers, timeout=10)
    assert (reply.status_code, reply.json()["status"]["code"]) == (http_code, code)
    assert ("input" in reply.json()) == (code == OK)
