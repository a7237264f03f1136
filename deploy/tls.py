"""Checks of the certificate and key a deploy is given, before it reaches a server.

A wrong pair makes nginx refuse to start, and a certificate for another name
makes every browser refuse the site: both are cheaper to catch here, with
one line that names the file.
"""

from __future__ import annotations

import datetime
import ipaddress
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization


class CertificateProblem(Exception):
    """What is wrong with a certificate or key, in one line."""


def _names(certificate: x509.Certificate) -> list[str]:
    try:
        extension = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return []
    names = extension.value
    return [*names.get_values_for_type(x509.DNSName)] + [
        str(address) for address in names.get_values_for_type(x509.IPAddress)
    ]


def names_host(pattern: str, host: str) -> bool:
    """Whether a certificate name (`*.example.com` allowed) covers `host`."""
    try:
        return ipaddress.ip_address(pattern) == ipaddress.ip_address(host)
    except ValueError:
        pass
    pattern, host = pattern.lower().rstrip("."), host.lower().rstrip(".")
    if pattern.startswith("*."):
        first, _, rest = host.partition(".")
        return bool(first) and rest == pattern[2:]
    return pattern == host


def check_certificate(certificate: Path, key: Path, host: str) -> None:
    """The certificate is PEM, names `host`, is not expired, and `key` is its key."""
    try:
        chain = x509.load_pem_x509_certificates(certificate.read_bytes())
    except OSError as error:
        raise CertificateProblem(f"--cert {certificate}: {error.strerror}") from None
    except ValueError:
        raise CertificateProblem(f"--cert {certificate} is not a PEM certificate") from None
    try:
        private = serialization.load_pem_private_key(key.read_bytes(), password=None)
    except OSError as error:
        raise CertificateProblem(f"--key {key}: {error.strerror}") from None
    except (ValueError, TypeError):
        raise CertificateProblem(
            f"--key {key} is not an unencrypted PEM private key (nginx must read it unattended)"
        ) from None
    leaf = chain[0]
    if private.public_key() != leaf.public_key():
        raise CertificateProblem(f"--key {key} is not the key of --cert {certificate}")
    names = _names(leaf)
    if not any(names_host(name, host) for name in names):
        raise CertificateProblem(
            f"--cert {certificate} is for {', '.join(names) or 'no host name'}, not {host}: "
            "use a certificate for the site's name (or --domain NAME)"
        )
    if leaf.not_valid_after_utc < datetime.datetime.now(datetime.UTC):
        raise CertificateProblem(
            f"--cert {certificate} expired on {leaf.not_valid_after_utc:%Y-%m-%d}"
        )
