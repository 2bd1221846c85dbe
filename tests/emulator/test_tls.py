"""The TLS gRPC door: a self-signed certificate that unmodified `get_grpc_channel()` code trusts."""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys
import textwrap

import grpc
import pytest
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import service_pb2, service_pb2_grpc
from cryptography import x509

from emulator import Emulator
from emulator.tls import certificate_in, hosts_for, make_certificate

# What a user's unmodified script does: no argument names the emulator, only the environment.
UNMODIFIED_CLIENT = textwrap.dedent(
    """
    import os
    from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
    from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc

    stub = service_pb2_grpc.V2Stub(ClarifaiChannel.get_grpc_channel())
    user_id, app_id = os.environ["CLARIFAI_USER_ID"], os.environ["CLARIFAI_APP_ID"]
    scope = resources_pb2.UserAppIDSet(user_id=user_id, app_id=app_id)
    request = service_pb2.GetInputCountRequest(user_app_id=scope)
    metadata = (("authorization", "Key " + os.environ["CLARIFAI_PAT"]),)
    response = stub.GetInputCount(request, metadata=metadata, timeout=10)
    print(response.status.code)
    """
)


def _alt_names(cert_pem: bytes) -> set[str]:
    names = x509.load_pem_x509_certificate(cert_pem).extensions.get_extension_for_class(
        x509.SubjectAlternativeName
    )
    return {str(name.value) for name in names.value}


def test_the_certificate_names_localhost_and_127_0_0_1():
    cert_pem, key_pem = make_certificate()
    assert _alt_names(cert_pem) == {"localhost", str(ipaddress.ip_address("127.0.0.1"))}
    assert b"PRIVATE KEY" in key_pem


def test_a_server_bound_to_another_address_is_named_too():
    assert hosts_for("0.0.0.0") == ("localhost", "127.0.0.1")
    assert _alt_names(make_certificate(hosts_for("workshop.local"))[0]) == {
        "localhost",
        "127.0.0.1",
        "workshop.local",
    }


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_unmodified_code_reaches_the_tls_door_from_the_environment(host):
    with Emulator() as emulator:
        environment = {
            **os.environ,
            "CLARIFAI_GRPC_BASE": f"{host}:{emulator.tls_port}",
            "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH": str(emulator.certificate.path),
            "CLARIFAI_PAT": emulator.account.pat,
            "CLARIFAI_USER_ID": emulator.account.user_id,
            "CLARIFAI_APP_ID": emulator.account.app_id,
        }
        done = subprocess.run(
            [sys.executable, "-c", UNMODIFIED_CLIENT],
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.stdout.strip() == "10000", done.stderr[-2000:]


def test_root_certificates_path_reaches_the_tls_door(emulator, pat, app_id):
    channel = ClarifaiChannel.get_grpc_channel(
        base=f"localhost:{emulator.tls_port}", root_certificates_path=str(emulator.certificate.path)
    )
    stub = service_pb2_grpc.V2Stub(channel)
    response = stub.GetInputCount(
        service_pb2.GetInputCountRequest(user_app_id=app_id), metadata=pat, timeout=10
    )
    assert response.status.code == 10000


def test_a_client_that_does_not_trust_the_certificate_is_refused(emulator, pat, app_id):
    other_cert, _ = make_certificate()
    channel = grpc.secure_channel(f"localhost:{emulator.tls_port}", grpc.ssl_channel_credentials(other_cert))
    stub = service_pb2_grpc.V2Stub(channel)
    with pytest.raises(grpc.RpcError) as refused:
        stub.GetInputCount(service_pb2.GetInputCountRequest(user_app_id=app_id), metadata=pat, timeout=5)
    assert refused.value.code() == grpc.StatusCode.UNAVAILABLE


def test_the_temporary_certificate_goes_away_with_the_emulator():
    emulator = Emulator().start()
    directory = emulator.certificate.path.parent
    assert emulator.certificate.path.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    emulator.stop()
    assert not directory.exists()


def test_a_certificate_directory_is_kept_and_reused(tmp_path):
    with Emulator(cert_dir=tmp_path) as first:
        made = first.certificate.path.read_bytes()
    assert (tmp_path / "cert.pem").read_bytes() == made
    assert (tmp_path / "key.pem").stat().st_mode & 0o077 == 0  # the key is private to its owner
    with Emulator(cert_dir=tmp_path) as second:
        assert second.certificate.path.read_bytes() == made


def test_a_broken_or_foreign_certificate_in_the_directory_is_replaced(tmp_path):
    (tmp_path / "cert.pem").write_text("not a certificate")
    (tmp_path / "key.pem").write_text("not a key")
    made = certificate_in(tmp_path)
    assert _alt_names(made.cert_pem) == {"localhost", "127.0.0.1"}
    other_key = make_certificate()[1]
    (tmp_path / "key.pem").write_bytes(other_key)  # a key that does not match the certificate
    assert certificate_in(tmp_path).cert_pem != made.cert_pem


def test_tls_can_be_left_out():
    with Emulator(tls=False) as emulator:
        assert emulator.certificate is None and emulator.tls_port == 0
        assert "grpc_tls" not in emulator.describe()
        assert not any("GRPC_DEFAULT_SSL_ROOTS_FILE_PATH" in line for line in emulator.exports())
