"""The deploy's checks of the certificate and key it is given."""

import pytest

from deploy.tls import CertificateProblem, check_certificate, names_host
from staging_host.ca import LocalCA


@pytest.fixture
def ca(tmp_path):
    authority = LocalCA(tmp_path / "ca")
    assert authority.ensure() is True
    assert authority.ensure() is False  # made once, then kept
    return authority


def test_a_pair_for_the_host_passes(ca, tmp_path):
    cert, key = tmp_path / "site.pem", tmp_path / "site-key.pem"
    ca.issue("staging.example.test", "10.9.0.2", cert, key)
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    check_certificate(cert, key, "10.9.0.2")
    check_certificate(cert, key, "staging.example.test")


def test_a_certificate_for_another_host_is_refused(ca, tmp_path):
    cert, key = tmp_path / "site.pem", tmp_path / "site-key.pem"
    ca.issue("staging.example.test", "10.9.0.2", cert, key)
    with pytest.raises(
        CertificateProblem, match="is for staging.example.test, 10.9.0.2, not 10.9.0.3"
    ):
        check_certificate(cert, key, "10.9.0.3")


def test_a_key_of_another_certificate_is_refused(ca, tmp_path):
    ca.issue("a.test", "10.9.0.2", tmp_path / "a.pem", tmp_path / "a.key")
    ca.issue("b.test", "10.9.0.3", tmp_path / "b.pem", tmp_path / "b.key")
    with pytest.raises(CertificateProblem, match="is not the key of --cert"):
        check_certificate(tmp_path / "a.pem", tmp_path / "b.key", "a.test")


@pytest.mark.parametrize("swap", [True, False])
def test_files_that_are_not_pem_are_refused_in_one_line(ca, tmp_path, swap):
    ca.issue("a.test", "10.9.0.2", tmp_path / "a.pem", tmp_path / "a.key")
    junk = tmp_path / "junk"
    junk.write_text("not a certificate")
    cert, key = (junk, tmp_path / "a.key") if swap else (tmp_path / "a.pem", junk)
    with pytest.raises(CertificateProblem, match="is not a(n unencrypted)? PEM"):
        check_certificate(cert, key, "a.test")


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CertificateProblem, match="--cert .*nope.pem: No such file"):
        check_certificate(tmp_path / "nope.pem", tmp_path / "nope.key", "a.test")


@pytest.mark.parametrize(
    "pattern, host, covered",
    [
        ("example.com", "EXAMPLE.com.", True),
        ("*.example.com", "www.example.com", True),
        ("*.example.com", "example.com", False),
        ("*.example.com", "a.b.example.com", False),
        ("10.0.0.1", "10.0.0.1", True),
        ("10.0.0.1", "10.0.0.2", False),
    ],
)
def test_certificate_names(pattern, host, covered):
    assert names_host(pattern, host) is covered
