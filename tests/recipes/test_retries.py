"""CL001 recipes: backoff through downtime, and uploads that neither lose nor duplicate inputs."""

import dataclasses
import random
from collections import Counter

import grpc
import pytest
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc
from clarifai_grpc.grpc.api.status import status_pb2

from emulator import Emulator
from recipes import ClarifaiStatusError, connect
from recipes.connect import CountingStub, Session
from recipes.inputs import list_input_ids
from recipes.retries import add_inputs_safely, backoff_delay, is_retryable, with_retries
from tests.helpers import images

DAY = "2019-09-11"


class FakeRpcError(grpc.RpcError):
    """What a gRPC stub raises, with the status code a real one carries."""

    def __init__(self, code: grpc.StatusCode) -> None:
        super().__init__(code.name)
        self._code = code

    def code(self) -> grpc.StatusCode:
        return self._code


def refusal(code: int, rpc: str = "PostInputs") -> ClarifaiStatusError:
    return ClarifaiStatusError(rpc, status_pb2.Status(code=code, description="refused"))


def failing(*errors: Exception, result: str = "done"):
    """A call that raises `errors` in turn, then returns `result`; counts its calls."""
    queue = list(errors)
    calls = Counter()

    def call() -> str:
        calls["n"] += 1
        if queue:
            raise queue.pop(0)
        return result

    return call, calls


# --- with_retries and its backoff -------------------------------------------------------------


def test_the_backoff_doubles_from_the_base_and_stops_at_the_cap():
    slept: list[float] = []
    call, calls = failing(*[refusal(39997)] * 6)
    result = with_retries(call, attempts=7, base_delay=1.0, max_delay=10.0, jitter=0.0, sleep=slept.append)
    assert result == "done" and calls["n"] == 7
    assert slept == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]


def test_jitter_shortens_each_wait_by_at_most_its_fraction_and_a_seed_repeats_it():
    def run(seed: int) -> list[float]:
        slept: list[float] = []
        call, _ = failing(*[refusal(39997)] * 5)
        with_retries(
            call,
            attempts=6,
            base_delay=1.0,
            max_delay=4.0,
            jitter=0.5,
            sleep=slept.append,
            rng=random.Random(seed),
        )
        return slept

    first = run(7)
    assert first == run(7)
    assert first != run(8)
    for waited, cap in zip(first, [1.0, 2.0, 4.0, 4.0, 4.0], strict=True):
        assert cap * 0.5 <= waited <= cap


def test_backoff_delay_with_full_jitter_ranges_from_zero_to_the_cap():
    rng = random.Random(1)
    delays = [backoff_delay(3, 1.0, 100.0, 1.0, rng) for _ in range(200)]
    assert 0 <= min(delays) < 0.5 and 3.5 < max(delays) <= 4.0


@pytest.mark.parametrize(
    "error",
    [
        FakeRpcError(grpc.StatusCode.UNAVAILABLE),
        refusal(39997),  # REQUEST_DISABLED_FOR_MAINTENANCE
        refusal(39998),  # INPUT_WRITES_DISABLED_FOR_MAINTENANCE
        refusal(40031),  # RPC_SERVER_UNAVAILABLE, what the REST/JSON channel shows for a 503
    ],
)
def test_downtime_errors_are_retried(error):
    slept: list[float] = []
    call, calls = failing(error, error)
    assert with_retries(call, attempts=3, base_delay=0.1, jitter=0.0, sleep=slept.append) == "done"
    assert calls["n"] == 3 and slept == [0.1, 0.2]


@pytest.mark.parametrize(
    "error",
    [
        FakeRpcError(grpc.StatusCode.DEADLINE_EXCEEDED),
        FakeRpcError(grpc.StatusCode.UNAUTHENTICATED),
        refusal(11101, "GetInput"),  # CONN_DOES_NOT_EXIST
        refusal(30104),  # INPUT_INVALID_ARGUMENT
        refusal(10020),  # FAILURE
        ValueError("a bug in the caller"),
    ],
)
def test_other_errors_are_raised_at_once(error):
    slept: list[float] = []
    call, calls = failing(error)
    with pytest.raises(type(error)):
        with_retries(call, attempts=5, sleep=slept.append)
    assert calls["n"] == 1 and slept == []


def test_the_last_downtime_error_is_raised_when_the_attempts_run_out():
    slept: list[float] = []
    call, calls = failing(*[refusal(39997)] * 10)
    with pytest.raises(ClarifaiStatusError, match="39997"):
        with_retries(call, attempts=4, base_delay=0.1, jitter=0.0, sleep=slept.append)
    assert calls["n"] == 4 and len(slept) == 3


def test_on_retry_hears_each_failed_attempt_before_the_wait():
    heard: list[tuple[int, str, float]] = []
    call, _ = failing(refusal(39997), FakeRpcError(grpc.StatusCode.UNAVAILABLE))
    with_retries(
        call,
        base_delay=0.5,
        jitter=0.0,
        sleep=lambda _: None,
        on_retry=lambda n, error, delay: heard.append((n, type(error).__name__, delay)),
    )
    assert heard == [(1, "ClarifaiStatusError", 0.5), (2, "FakeRpcError", 1.0)]


def test_attempts_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        with_retries(lambda: None, attempts=0)


def test_is_retryable_says_no_to_anything_else():
    assert not is_retryable(RuntimeError("boom"))
    assert not is_retryable(grpc.RpcError())  # no code at all


# --- add_inputs_safely with a fake stub -------------------------------------------------------


class LossyStub:
    """PostInputs keeps the inputs but loses the answer of the calls listed in `lost`."""

    def __init__(self, lost: set[int]) -> None:
        self.stored: dict[str, resources_pb2.Input] = {}
        self.lost = lost
        self.duplicate_code = 40010  # DATABASE_DUPLICATE_KEY, the documented code
        self.calls: Counter = Counter()

    def PostInputs(self, request, metadata=()):
        self.calls["PostInputs"] += 1
        ids = [item.id for item in request.inputs]
        if any(input_id in self.stored for input_id in ids):
            return service_pb2.MultiInputResponse(status=status_pb2.Status(code=self.duplicate_code))
        self.stored.update({item.id: item for item in request.inputs})
        if self.calls["PostInputs"] in self.lost:
            raise FakeRpcError(grpc.StatusCode.UNAVAILABLE)
        return service_pb2.MultiInputResponse(status=status_pb2.Status(code=10000), inputs=request.inputs)

    def ListInputs(self, request, metadata=()):
        self.calls["ListInputs"] += 1
        found = [self.stored[i] for i in request.ids if i in self.stored]
        return service_pb2.MultiInputResponse(status=status_pb2.Status(code=10000), inputs=found)


def fake_session(stub) -> Session:
    return Session("fake", stub, (), resources_pb2.UserAppIDSet(user_id="u", app_id="a"), "", 0.0)


def test_a_lost_answer_is_recovered_without_a_duplicate():
    stub = LossyStub(lost={2})
    report = add_inputs_safely(fake_session(stub), images(6), batch=2, sleep=lambda _: None)
    assert sorted(stub.stored) == report.ids == [f"in-{n:04d}" for n in range(6)]
    assert [b.attempts for b in report.batches] == [1, 2, 1]
    assert report.batches[1].already_there == ["in-0002", "in-0003"]
    assert stub.calls["ListInputs"] == 1


def test_a_duplicate_refusal_in_another_code_is_recovered_too():
    stub = LossyStub(lost={1})
    stub.duplicate_code = 10020  # FAILURE: Clarifai's SDK shows a taken id failing at top level
    report = add_inputs_safely(fake_session(stub), images(2), sleep=lambda _: None)
    assert report.batches[0].already_there == ["in-0000", "in-0001"]


def test_a_genuinely_invalid_input_is_raised_after_the_check(session):
    with pytest.raises(ClarifaiStatusError, match="INPUT_INVALID_ARGUMENT"):
        add_inputs_safely(session, [resources_pb2.Input(id="empty")], sleep=lambda _: None)
    assert session.calls["PostInputs"] == 1 and session.calls["ListInputs"] == 0  # 30104 is no duplicate


def test_inputs_need_ids_of_their_own_and_unique_ones():
    session = fake_session(LossyStub(lost=set()))
    with pytest.raises(ValueError, match="1 of 2 inputs have no id"):
        add_inputs_safely(session, [*images(1), resources_pb2.Input()])
    with pytest.raises(ValueError, match="repeated: in-0000"):
        add_inputs_safely(session, images(1) + images(1))


# --- through the emulator's downtime ----------------------------------------------------------


def in_app(session) -> Counter:
    """How many inputs the app holds per image URL."""
    request = service_pb2.ListInputsRequest(user_app_id=session.user_app_id, per_page=1000)
    response = session.stub.ListInputs(request, metadata=session.metadata)
    return Counter(item.data.image.url for item in response.inputs)


def test_through_the_downtime_day_nothing_is_lost_and_nothing_duplicated(session):
    day = session.as_of(DAY)
    report = add_inputs_safely(day, images(60), batch=5, base_delay=0.001, max_delay=0.004)
    urls = in_app(session)
    assert len(urls) == 60 and set(urls.values()) == {1}
    assert sorted(list_input_ids(session)) == report.ids
    refused = Counter(e.code for e in session.emulator.journal if e.code != 10000)
    assert refused[39997] and refused[40031]  # the upload did meet the maintenance
    assert any(batch.already_there for batch in report.batches)  # and a lost answer
    assert report.attempts > len(report.batches)


def session_on(emulator: Emulator) -> Session:
    """A recipes session on an emulator started here (connect() starts its own)."""
    channel = ClarifaiChannel.get_insecure_grpc_channel(base=emulator.host, port=emulator.grpc_port)
    account = emulator.account
    return Session(
        "emulator",
        CountingStub(service_pb2_grpc.V2Stub(channel), Counter()),
        (("authorization", f"Key {account.pat}"),),
        resources_pb2.UserAppIDSet(user_id=account.user_id, app_id=account.app_id),
        emulator.rest_url,
        0.0,
        emulator,
    )


def test_through_a_scheduled_window_on_any_date():
    with Emulator(downtime=(3, 20)) as emulator:
        session = session_on(emulator)
        report = add_inputs_safely(
            session, images(40), batch=4, attempts=20, base_delay=0.001, max_delay=0.004
        )
        assert sorted(list_input_ids(session)) == report.ids
        assert sum(in_app(session).values()) == 40
        codes = [entry.code for entry in emulator.journal]
        assert codes[:2] == [10000, 10000] and codes[2:9] == [40031] * 7 and codes[9] == 39997
        assert [b.attempts for b in report.batches[:2]] == [1, 1]  # ticks 1 and 2: before the window
        assert report.batches[2].already_there == [f"in-{n:04d}" for n in range(8, 12)]  # tick 3: lost


def test_a_naive_upload_without_ids_meets_the_downtime_and_a_naive_retry_duplicates():
    session = connect("emulator", as_of=DAY)
    try:
        posted = 0
        for start in range(0, 12, 4):
            batch = [resources_pb2.Input(data=item.data) for item in images(12)[start : start + 4]]
            request = service_pb2.PostInputsRequest(user_app_id=session.user_app_id, inputs=batch)
            for _ in range(30):  # the naive retry: again and again, with no ids
                try:
                    if session.stub.PostInputs(request, metadata=session.metadata).status.code == 10000:
                        posted += 1
                        break
                except grpc.RpcError:
                    pass
        assert posted == 3
        assert sorted(in_app(session.as_of("2019-09-12")).values()) == [1] * 8 + [2] * 4
    finally:
        session.emulator.stop()


def test_a_bulk_upload_through_the_rest_door_during_a_window_loses_and_duplicates_nothing():
    """The same upload over the JSON channel: 503s and a lost answer, 300 inputs in 128s, each once."""
    with Emulator(downtime=(4, 14), tls=False) as emulator:
        grpc_session = session_on(emulator)
        json_stub = service_pb2_grpc.V2Stub(ClarifaiChannel.get_json_channel(base_url=emulator.rest_url))
        session = dataclasses.replace(grpc_session, stub=CountingStub(json_stub, Counter()))
        for _ in range(3):  # ticks 1-3: the window opens with the first batch
            session.stub.GetInputCount(
                service_pb2.GetInputCountRequest(user_app_id=session.user_app_id), metadata=session.metadata
            )
        report = add_inputs_safely(session, images(300), attempts=30, base_delay=0.001, max_delay=0.004)
        ids = list_input_ids(grpc_session)
        assert sorted(ids) == report.ids and len(ids) == len(set(ids)) == 300  # nothing lost, nothing twice
        assert sum(in_app(grpc_session).values()) == 300
        refused = Counter(entry.code for entry in emulator.journal)
        assert refused[40031] and refused[39997]  # the upload met the window
        assert report.batches[0].already_there  # tick 4: its answer was lost, and it went through
