"""The TLS door's certificate: self-signed, made at start, for localhost and 127.0.0.1.

Unmodified code that calls `ClarifaiChannel.get_grpc_channel()` trusts it once
`GRPC_DEFAULT_SSL_ROOTS_FILE_PATH` names the certificate file (or `root_certificates_path=`
does). An EC P-256 key makes generation take well under a millisecond, so every emulator
can have a TLS door at no cost.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import grpc
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CERT_FILE, KEY_FILE = "cert.pem", "key.pem"
DEFAULT_HOSTS = ("localhost", "127.0.0.1")
VALIDITY = dt.timedelta(days=825)  # the longest that TLS clients accept for a server certificate
RENEW_BEFORE = dt.timedelta(days=30)  # a kept certificate this close to expiry is replaced


@dataclass(frozen=True)
class Certificate:
    """A certificate and its private key (PEM), and the file the certificate is written to."""

    cert_pem: bytes
    key_pem: bytes
    path: Path

    def server_credentials(self) -> grpc.ServerCredentials:
        """gRPC credentials for a server port presenting this certificate."""
        return grpc.ssl_server_credentials([(self.key_pem, self.cert_pem)])


def _alt_name(host: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        return x509.DNSName(host)


def make_certificate(hosts: tuple[str, ...] = DEFAULT_HOSTS) -> tuple[bytes, bytes]:
    """A new self-signed certificate for `hosts` (subjectAltName) and its key, both PEM."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Clarifai emulator (localhost)")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.SubjectAlternativeName([_alt_name(host) for host in hosts]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return certificate.public_bytes(serialization.Encoding.PEM), key_pem


def _reusable(directory: Path, hosts: tuple[str, ...]) -> tuple[bytes, bytes] | None:
    """The certificate and key kept in `directory`, if they cover `hosts` and are not about to expire."""
    try:
        cert_pem, key_pem = (directory / CERT_FILE).read_bytes(), (directory / KEY_FILE).read_bytes()
        certificate = x509.load_pem_x509_certificate(cert_pem)
        key = serialization.load_pem_private_key(key_pem, password=None)
        names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (OSError, ValueError, TypeError, x509.ExtensionNotFound):
        return None
    if key.public_key() != certificate.public_key():
        return None
    if certificate.not_valid_after_utc - dt.datetime.now(dt.UTC) < RENEW_BEFORE:
        return None
    if not all(_alt_name(host) in names for host in hosts):
        return None
    return cert_pem, key_pem


def certificate_in(directory: Path, hosts: tuple[str, ...] = DEFAULT_HOSTS) -> Certificate:
    """The certificate kept in `directory` (made and written there when missing, stale or not ours).

    Keeping it lets a restarted server present the certificate clients already trust.
    """
    directory.mkdir(parents=True, exist_ok=True)
    kept = _reusable(directory, hosts)
    cert_pem, key_pem = kept or make_certificate(hosts)
    if kept is None:
        key_path = directory / KEY_FILE
        key_path.unlink(missing_ok=True)
        descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key_pem)
        (directory / CERT_FILE).write_bytes(cert_pem)
    return Certificate(cert_pem, key_pem, directory / CERT_FILE)


def temporary_certificate(hosts: tuple[str, ...] = DEFAULT_HOSTS) -> Certificate:
    """A new certificate written to a new temporary directory (remove it with `discard`)."""
    cert_pem, key_pem = make_certificate(hosts)
    path = Path(tempfile.mkdtemp(prefix="clarifai-emulator-tls-")) / CERT_FILE
    path.write_bytes(cert_pem)
    return Certificate(cert_pem, key_pem, path)


def discard(certificate: Certificate) -> None:
    """Remove the temporary directory of a `temporary_certificate`."""
    shutil.rmtree(certificate.path.parent, ignore_errors=True)


def hosts_for(bind_host: str) -> tuple[str, ...]:
    """The names a certificate must cover for a server bound to `bind_host`."""
    if bind_host in ("", "0.0.0.0", "::", *DEFAULT_HOSTS):
        return DEFAULT_HOSTS
    return (*DEFAULT_HOSTS, bind_host)
