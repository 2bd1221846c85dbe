"""Bad input at both doors: random and malformed requests to every implemented RPC.

Hypothesis builds requests from each RPC's request descriptor (see `tests.reliability.fuzz`)
and sends them over gRPC (raw bytes, so unknown fields travel as an old client's would) and
over REST (JSON of any type, bodies that are not JSON, wrong methods, odd paths). Every
answer must be a documented status (a code of status_code_pb2 whose description and details
are rows of provenance.csv), never INTERNAL_UNCATEGORIZED, within a timeout; a refused request
must leave the store as it was; and the server must still answer afterwards. Examples are
derandomized, so every run sends the same requests. The terminal summary reports the counts.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from urllib.parse import quote

import pytest
import requests
from clarifai_grpc.grpc.api import service_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2, status_pb2
from google.protobuf import json_format
from google.protobuf.message import DecodeError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cookbook import catalog
from emulator.api import AS_OF_KEY
from emulator.descriptors import rpc as rpc_named
from emulator.descriptors import rpcs
from emulator.handlers import HANDLERS
from tests.reliability import fuzz
from tests.reliability.service import IMPLEMENTED, RETIRED, SERVICE_METHODS
from tests.reliability.state import documented_problems, unchanged_unless_accepted
from tests.reliability.tally import Tally
from tests.reliability.templates import template
from tests.reliability.world import TIMEOUT, World, key

RPCS = IMPLEMENTED  # read from the service descriptor (tests.reliability.service)
EXAMPLES = 20  # per RPC and door: 78 RPCs x 20 x 2 doors, with the fixed cases about 3,400 requests
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
DOWNTIME_DAY = dt.date(
    2019, 9, 11
)  # CL001 takes the service down that day by design (tests/recipes/test_retries.py)
DAYS = sorted(
    {(change.date - dt.timedelta(days=1)).isoformat() for change in catalog.load()}
    - {DOWNTIME_DAY.isoformat()}
)
TALLY = Tally("bad input")


def test_every_implemented_rpc_of_the_service_is_fuzzed():
    assert set(RPCS) == (set(SERVICE_METHODS) | set(RETIRED)) & set(HANDLERS)
    outside = set(HANDLERS) - set(SERVICE_METHODS)
    assert outside <= set(RETIRED), f"handlers of RPCs the service does not have: {sorted(outside)}"
    assert set(RETIRED) == set(rpcs()) - set(SERVICE_METHODS)  # the retired ones old clients call


def credentials(world: World) -> st.SearchStrategy[tuple[tuple[str, str], ...]]:
    """Mostly the account's PAT (to get past auth into the handlers), then every other kind."""
    return st.sampled_from(
        [
            key(world.account.pat),
            key(world.account.pat),
            key(world.account.pat),
            key(world.account.api_key),
            key(world.other_app_key),
            key(world.stranger.pat),
            key("SOME_INVALID_KEY"),
            key("0" * 32),
            (("authorization", "Bearer " + world.account.pat),),
            (),
        ]
    )


def valid_json(world: World, rpc_name: str) -> dict:
    """The valid request of `rpc_name` (tests.reliability.templates) for this world."""
    version = world.emulator.store.app(world.account.user_id, world.account.app_id).models["pets"].version()
    scope = {"user_id": world.account.user_id, "app_id": world.account.app_id}
    return template(rpc_name, scope, version.version.id, world.other_app_key, world.extraction_id)


def scopes(world: World) -> st.SearchStrategy[dict | None]:
    """A user_app_id: the account's, another app's, clarifai/main, a stranger's, odd; or the fuzzed one."""
    owner = world.account.user_id
    return st.sampled_from(
        [
            {"user_id": owner, "app_id": world.account.app_id},
            {"user_id": owner, "app_id": world.account.app_id},
            {"user_id": "me", "app_id": world.account.app_id},
            {"user_id": owner, "app_id": "other"},
            {"user_id": "clarifai", "app_id": "main"},
            {"user_id": "stranger", "app_id": "secret-app"},
            {"user_id": owner, "app_id": ""},
            {"user_id": "", "app_id": ""},
            {"user_id": owner, "app_id": fuzz.HUGE},
            None,
            None,
            None,
            None,
        ]
    )


as_of_values = st.sampled_from([None, None, None, *DAYS, "yesterday", ""])


def _check(door: str, status: status_pb2.Status, where: str) -> None:
    TALLY.count(door, status_code_pb2.StatusCode.Name(status.code) if status.code else "no status")
    problems = documented_problems(status)
    assert not problems, f"{where}: {problems}"


def _still_serving(world: World) -> None:
    answer = world.stub().GetInputCount(
        service_pb2.GetInputCountRequest(user_app_id=world.scope),
        metadata=key(world.account.pat),
        timeout=TIMEOUT,
    )
    assert answer.status.code == status_code_pb2.SUCCESS


def _with_unknown_fields(rpc, raw: bytes, trailer: bytes) -> bytes:
    """`raw` with the unknown fields appended, if the result still parses (a known field number
    with its own wire type and a payload that is no message would not: that is another test)."""
    try:
        rpc.request_class.FromString(raw + trailer)
    except DecodeError:
        return raw
    return raw + trailer


@pytest.mark.parametrize("rpc_name", RPCS)
def test_grpc_answers_every_malformed_request_with_a_documented_status(world, baseline, rpc_name):
    rpc = rpc_named(rpc_name)
    send = world.channel.unary_unary(
        f"/clarifai.api.V2/{rpc_name}",
        request_serializer=None,  # raw bytes: unknown fields go out as they are
        response_deserializer=rpc.response_class.FromString,
    )

    valid = json_format.ParseDict(valid_json(world, rpc_name), rpc.new_request())

    @FUZZ
    @given(
        start=st.sampled_from(["valid", "valid", "valid", "empty"]),
        values=fuzz.message_fields(rpc.request_class.DESCRIPTOR),
        data=st.data(),
        scope=scopes(world),
        metadata=credentials(world),
        as_of=as_of_values,
        trailer=fuzz.unknown_fields,
    )
    def send_one(start, values, data, scope, metadata, as_of, trailer):
        request = rpc.new_request()
        if start == "valid":
            request.CopyFrom(valid)
        request = data.draw(fuzz.spoiled(fuzz.fill(request, values)))
        if scope is not None and "user_app_id" in request.DESCRIPTOR.fields_by_name:
            request.user_app_id.user_id, request.user_app_id.app_id = scope["user_id"], scope["app_id"]
        if as_of is not None:
            metadata = (*metadata, (AS_OF_KEY, as_of))
        raw = _with_unknown_fields(rpc, request.SerializeToString(), trailer)
        with unchanged_unless_accepted(world.emulator, baseline) as answered:
            with TALLY.timed("gRPC"):
                response = send(raw, metadata=metadata, timeout=TIMEOUT)
            answered.append(response.status.code)
            _check("gRPC", response.status, f"{rpc_name} {request!s:.300}")

    send_one()
    _still_serving(world)


def _path(template: str, values: dict[str, str]) -> str:
    path = template
    for name, value in values.items():
        path = path.replace("{" + name + "}", quote(value, safe=""))
    return path


@pytest.mark.parametrize("rpc_name", RPCS)
def test_rest_answers_every_malformed_request_with_a_documented_status(world, baseline, rpc_name):
    rpc = rpc_named(rpc_name)
    http = requests.Session()

    valid = valid_json(world, rpc_name)

    @FUZZ
    @given(
        binding=st.sampled_from(rpc.bindings),
        start=st.sampled_from(["valid", "valid", "valid", "raw"]),
        data=st.data(),
        variable=fuzz.words,
        method=st.sampled_from(["", "", "", "", "", "", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]),
        raw=fuzz.body_bytes(rpc.request_class.DESCRIPTOR),
        query=st.dictionaries(
            st.sampled_from(["page", "per_page", "ids", "status.code", "x"]), fuzz.words, max_size=2
        ),
        metadata=credentials(world),
        as_of=as_of_values,
    )
    def send_one(binding, start, data, variable, method, raw, query, metadata, as_of):
        tree = data.draw(fuzz.spoiled_json(copy.deepcopy(valid))) if start == "valid" else {}
        scope = tree.get("user_app_id") if isinstance(tree.get("user_app_id"), dict) else {}
        values = {}
        for name in fuzz.path_variables(binding.template):
            parent, _, leaf = name.rpartition(".")
            found = (scope if parent == "user_app_id" else tree).get(leaf)
            values[name] = found if isinstance(found, str) and data.draw(st.integers(0, 4)) else variable
        body = json.dumps(tree).encode() if start == "valid" else raw
        headers = {name.title(): value for name, value in metadata} | {"Content-Type": "application/json"}
        if as_of is not None:
            headers[AS_OF_KEY] = as_of
        url = world.emulator.rest_url + _path(binding.template, values)
        verb = method or binding.method
        with unchanged_unless_accepted(world.emulator, baseline) as answered:
            with TALLY.timed("REST"):
                reply = http.request(verb, url, data=body, params=query, headers=headers, timeout=TIMEOUT)
            if verb == "HEAD":
                answered.append(0)
                return
            answer = json.loads(reply.content)
            answered.append(int(answer["status"].get("code", 0)))
            status = json_format.ParseDict(answer["status"], status_pb2.Status(), ignore_unknown_fields=True)
            _check("REST", status, f"{verb} {url[:200]} {body[:300]!r}")

    send_one()
    _still_serving(world)


UNDECODABLE = [
    b"\x0a\xff\xff\xff",  # a length that never ends
    b"\x0a\x05ab",  # a length longer than what follows
    b"\x0f",  # wire type 7 does not exist
    b"\x0a\x02\x0a\x80",  # a nested message cut inside a varint
    b"\x08\x80",  # a varint cut short
]


def _parses(rpc, raw: bytes) -> bool:
    try:
        rpc.request_class.FromString(raw)
    except DecodeError:
        return False
    return True


@pytest.mark.parametrize("rpc_name", RPCS)
def test_grpc_bytes_that_are_no_message_get_11100_and_change_nothing(world, baseline, rpc_name):
    rpc = rpc_named(rpc_name)
    send = world.channel.unary_unary(
        f"/clarifai.api.V2/{rpc_name}",
        request_serializer=None,
        response_deserializer=rpc.response_class.FromString,
    )
    undecodable = [raw for raw in UNDECODABLE if not _parses(rpc, raw)]
    assert len(undecodable) >= 4
    for raw in undecodable:
        with unchanged_unless_accepted(world.emulator, baseline) as answered:
            with TALLY.timed("gRPC"):
                response = send(raw, metadata=key(world.account.pat), timeout=TIMEOUT)
            answered.append(response.status.code)
            _check("gRPC", response.status, f"{rpc_name} {raw!r}")
            assert response.status.code == status_code_pb2.CONN_BAD_REQUEST_FORMAT
            assert rpc.request_class.DESCRIPTOR.name in response.status.details
    _still_serving(world)


@FUZZ
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]),
    segments=st.lists(fuzz.words.map(lambda word: quote(word[:3000], safe="")), min_size=1, max_size=6),
    prefix=st.sampled_from(["/v2/", "/v2/users/cookbook/apps/migrations/", "/", "/v3/", "/emulator/"]),
)
def test_rest_paths_no_route_has_get_a_documented_status(world, baseline, method, segments, prefix):
    path = prefix + "/".join(segments)
    with unchanged_unless_accepted(world.emulator, baseline) as answered:
        with TALLY.timed("REST"):
            reply = requests.request(
                method, world.emulator.rest_url + path, headers=key_header(world), timeout=TIMEOUT
            )
        answer = reply.json()
        answered.append(int(answer["status"].get("code", 0)))
        status = json_format.ParseDict(answer["status"], status_pb2.Status(), ignore_unknown_fields=True)
        _check("REST", status, f"{method} {path[:200]}")


def key_header(world: World) -> dict[str, str]:
    return {"Authorization": f"Key {world.account.pat}"}


@pytest.mark.parametrize("value", ["true", "[1]", '"text"', "3"])
def test_rest_a_scope_that_is_no_json_object_is_11100_naming_it(world, value):
    """Found by the fuzzer: the path's user_app_id went into a JSON `true` (a 500 before)."""
    url = f"{world.emulator.rest_url}/v2/users/cookbook/apps/migrations/inputs"
    reply = requests.post(url, data=f'{{"user_app_id": {value}}}', headers=key_header(world), timeout=TIMEOUT)
    assert reply.status_code == 400
    assert reply.json()["status"]["code"] == status_code_pb2.CONN_BAD_REQUEST_FORMAT
    assert '"user_app_id" must be a JSON object' in reply.json()["status"]["details"]


def test_rest_a_null_scope_is_an_empty_one_as_proto_json_says(world):
    url = f"{world.emulator.rest_url}/v2/users/cookbook/apps/migrations/inputs/searches"
    reply = requests.post(
        url, data='{"user_app_id": null, "searches": [{}]}', headers=key_header(world), timeout=TIMEOUT
    )
    assert reply.json()["status"]["code"] == status_code_pb2.SUCCESS


def test_rest_path_values_are_percent_decoded(world, baseline):
    """Found by the fuzzer: /inputs/a%20b looked for an input called `a%20b`."""
    stub, pat = world.stub(), key(world.account.pat)
    with unchanged_unless_accepted(world.emulator, baseline) as answered:
        made = stub.PostInputs(
            service_pb2.PostInputsRequest(
                user_app_id=world.scope,
                inputs=[{"id": "a b/c", "data": {"image": {"url": "https://samples.clarifai.com/a.jpg"}}}],
            ),
            metadata=pat,
        )
        answered.append(made.status.code)
        url = f"{world.emulator.rest_url}/v2/users/cookbook/apps/migrations/inputs/{quote('a b/c', safe='')}"
        reply = requests.get(url, headers=key_header(world), timeout=TIMEOUT)
        assert reply.json()["input"]["id"] == "a b/c"
