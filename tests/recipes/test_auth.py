"""main_app_session (CL019): the session's PAT, scoped to clarifai/main; app keys are refused."""

import dataclasses

import pytest
from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from recipes import ClarifaiStatusError, ConnectError
from recipes.auth import holds_pat, main_app_session


def with_key(session, token):
    return dataclasses.replace(
        session, metadata=(("authorization", f"Key {token}"),), user_app_id=resources_pb2.UserAppIDSet()
    )


def test_main_app_session_predicts_with_clarifai_main(session):
    main = main_app_session(session)
    assert (main.user_app_id.user_id, main.user_app_id.app_id) == ("clarifai", "main")
    assert main.metadata == session.metadata
    image = resources_pb2.Input(
        data=resources_pb2.Data(image=resources_pb2.Image(url="https://samples.clarifai.com/dog2.jpeg"))
    )
    request = service_pb2.PostModelOutputsRequest(
        user_app_id=main.user_app_id, model_id="general-image-recognition", inputs=[image]
    )
    assert main.stub.PostModelOutputs(request, metadata=main.metadata).status.code == 10000
    assert session.calls["ListApps"] == 1
    assert session.user_app_id.app_id == "migrations"  # the original session is unchanged


def test_an_app_key_session_is_refused_with_a_clear_error(session):
    keyed = with_key(session, session.emulator.account.api_key)
    assert not holds_pat(keyed)
    with pytest.raises(ConnectError, match="personal access token"):
        main_app_session(keyed)


def test_holds_pat_for_the_pat_session(session):
    assert holds_pat(session)


def test_an_invalid_credential_raises_the_status(session):
    with pytest.raises(ClarifaiStatusError) as raised:
        holds_pat(with_key(session, "0" * 32))
    assert raised.value.name == "CONN_KEY_INVALID"
