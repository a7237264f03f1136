"""A local certificate authority for the throwaway staging hosts.

Made once and kept (`.staging/ca.pem`, its key beside it, mode 600), so the
trust a browser, a Grid node or a host was given stays valid across
`make staging-host` runs. It signs short-lived server certificates for the
hosts, by IP address and name, as a public CA would for a real domain.

Built on `cryptography` (already pinned: paramiko needs it) rather than the
openssl command line: the extensions a browser insists on are explicit here.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_NAME = "superlists staging CA (local, for tests only)"
#: How long a host certificate lasts: a host lives for one session at most,
#: and a short life keeps a leaked key harmless.
HOST_CERT_DAYS = 30
CA_DAYS = 3650


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _write_private(path: Path, data: bytes) -> None:
    """Write `data` to a file only its owner can read, from the first byte."""
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


@dataclass(frozen=True)
class LocalCA:
    """The CA in `folder`: `ca.pem` (public, for trust stores) and `ca-key.pem`."""

    folder: Path

    @property
    def certificate(self) -> Path:
        """The CA's certificate: what browsers, Grid nodes and hosts trust."""
        return self.folder / "ca.pem"

    @property
    def key(self) -> Path:
        return self.folder / "ca-key.pem"

    def ensure(self) -> bool:
        """Make the CA unless it exists; True if it was made now."""
        if self.certificate.exists() and self.key.exists():
            return False
        self.folder.mkdir(parents=True, exist_ok=True)
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME)])
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(_now() - datetime.timedelta(minutes=5))
            .not_valid_after(_now() + datetime.timedelta(days=CA_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    key_cert_sign=True,
                    crl_sign=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )  # fmt: skip
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .sign(key, hashes.SHA256())
        )
        _write_private(self.key, _key_pem(key))
        self.certificate.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        return True

    def issue(self, name: str, address: str, certificate: Path, key: Path) -> None:
        """A server certificate for `name` and the IP `address`, written to
        `certificate` (PEM) and `key` (PEM, mode 600)."""
        ca_key = serialization.load_pem_private_key(self.key.read_bytes(), password=None)
        ca_certificate = x509.load_pem_x509_certificate(self.certificate.read_bytes())
        assert isinstance(ca_key, ec.EllipticCurvePrivateKey)
        host_key = ec.generate_private_key(ec.SECP256R1())
        issued = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
            .issuer_name(ca_certificate.subject)
            .public_key(host_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(_now() - datetime.timedelta(minutes=5))
            .not_valid_after(_now() + datetime.timedelta(days=HOST_CERT_DAYS))
            .add_extension(
                x509.SubjectAlternativeName(
                    [x509.DNSName(name), x509.IPAddress(ipaddress.ip_address(address))]
                ),
                critical=False,
            )
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
            )
            .sign(ca_key, hashes.SHA256())
        )
        _write_private(key, _key_pem(host_key))
        certificate.write_bytes(issued.public_bytes(serialization.Encoding.PEM))
