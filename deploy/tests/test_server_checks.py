"""The checks `fab deploy` runs on the server: mail with a fake SMTP server,
certificates with real TLS handshakes on loopback against a test CA."""

import datetime
import gc
import json
import os
import smtplib
import subprocess
import sys
import threading
import warnings

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from deploy import server_checks


class FakeSMTP:
    """Records the conversation; `refuse` makes login fail as a server would."""

    said: list[str] = []
    refuse: Exception | None = None

    def __init__(self, host, port, timeout, **kwargs):
        self.said.append(f"connect {host}:{port}")

    def starttls(self, context):
        self.said.append("starttls")

    def login(self, user, password):
        self.said.append(f"login {user}")
        if self.refuse:
            raise self.refuse
        return 235, b"2.7.0 Authentication successful"

    def sendmail(self, *args):
        raise AssertionError("a check must never send mail")

    def quit(self):
        self.said.append("quit")


@pytest.fixture
def smtp(monkeypatch):
    FakeSMTP.said, FakeSMTP.refuse = [], None
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setattr(smtplib, "SMTP_SSL", FakeSMTP)
    return FakeSMTP


def test_a_login_is_connect_starttls_auth_quit(smtp):
    said = server_checks.mail_login("mail.test", 587, "superlists", "starttls", "pw")
    assert said == {"ok": True, "refused": False, "said": "235 2.7.0 Authentication successful"}
    assert smtp.said == ["connect mail.test:587", "starttls", "login superlists", "quit"]


def test_a_refusal_quotes_the_server_on_one_line(smtp):
    smtp.refuse = smtplib.SMTPAuthenticationError(535, b"5.7.8 Error:\r\n authentication failed")
    said = server_checks.mail_login("mail.test", 587, "superlists", "starttls", "bad")
    assert said == {"ok": False, "refused": True, "said": "535 5.7.8 Error: authentication failed"}
    assert smtp.said[-1] == "quit"


def test_an_unreachable_server_is_one_line():
    # Port 1 on loopback: nothing listens there.
    said = server_checks.mail_login("127.0.0.1", 1, "u", "none", "pw")
    assert said["ok"] is False and said["said"].startswith("ConnectionRefusedError")
    assert said["refused"] is False  # nobody answered: not a refusal of the login


def test_the_password_travels_on_stdin_and_the_answer_is_one_json_line():
    source = server_checks.__file__
    result = subprocess.run(
        [sys.executable, "-c", open(source).read(), "mail", "127.0.0.1", "1", "u", "none"],
        input="secret\n", capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert json.loads(result.stdout)["ok"] is False
    assert "secret" not in result.stdout + result.stderr


def test_a_site_that_does_not_answer_is_reported():
    said = server_checks.site_answers("localhost", 1, seconds=0.3)
    assert said["ok"] is False and "ConnectionRefusedError" in said["said"]


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject, key, issuer=None, issuer_key=None, ca=False, host=None, days=(-1, 30)):
    """A certificate for `subject`, signed by `issuer` (itself when there is none)."""
    issuer, issuer_key = issuer or subject, issuer_key or key
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + datetime.timedelta(days=days[0]))
        .not_valid_after(now + datetime.timedelta(days=days[1]))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )  # fmt: skip
    if host:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _pem(certificate):
    return certificate.public_bytes(serialization.Encoding.PEM)


def _key_pem(key):
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


class Authority:
    """A root CA and an intermediate it signed, writing leaves into a folder."""

    def __init__(self, folder):
        self.folder = folder
        self.root_key = ec.generate_private_key(ec.SECP256R1())
        self.root = _certificate("Test Root CA", self.root_key, ca=True, days=(-10, 3650))
        self.intermediate_key = ec.generate_private_key(ec.SECP256R1())
        self.intermediate = _certificate(
            "Test Intermediate CA", self.intermediate_key, "Test Root CA", self.root_key,
            ca=True, days=(-10, 3650),
        )  # fmt: skip
        self.cafile = folder / "root.pem"
        self.cafile.write_bytes(_pem(self.root))

    def leaf(self, host="staging.test", by="root", days=(-1, 30), chain=False, key=None):
        """Write a leaf's cert.pem and key.pem; return their paths as strings."""
        leaf_key = ec.generate_private_key(ec.SECP256R1())
        signers = {
            "root": ("Test Root CA", self.root_key),
            "intermediate": ("Test Intermediate CA", self.intermediate_key),
            "itself": (None, None),
        }
        issuer, issuer_key = signers[by]
        certificate = _certificate(host, leaf_key, issuer, issuer_key, host=host, days=days)
        cert, key_file = self.folder / f"{host}-{by}.pem", self.folder / f"{host}-{by}.key"
        cert.write_bytes(_pem(certificate) + (_pem(self.intermediate) if chain else b""))
        key_file.write_bytes(_key_pem(key or leaf_key))
        return str(cert), str(key_file)

    def check(self, cert, key, host="staging.test"):
        return server_checks.certificate_trusted(cert, key, host, cafile=str(self.cafile))


@pytest.fixture(scope="module")
def authority(tmp_path_factory):
    return Authority(tmp_path_factory.mktemp("ca"))


def test_a_certificate_the_trusted_root_signed_for_the_host_is_trusted(authority):
    assert authority.check(*authority.leaf()) == {"ok": True, "said": "trusted"}


def test_a_certificate_from_an_intermediate_is_trusted_with_its_full_chain(authority):
    said = authority.check(*authority.leaf(by="intermediate", chain=True))
    assert said == {"ok": True, "said": "trusted"}


def test_a_certificate_from_an_intermediate_without_its_chain_asks_for_fullchain(authority):
    said = authority.check(*authority.leaf(by="intermediate"))
    assert said["ok"] is False and "fullchain" in said["said"]


def test_a_self_signed_certificate_is_called_self_signed(authority):
    said = authority.check(*authority.leaf(by="itself"))
    assert said["ok"] is False and "self-signed" in said["said"]
    assert "a CA this server trusts" in said["said"]


def test_a_certificate_valid_from_tomorrow_is_not_valid_yet(authority):
    said = authority.check(*authority.leaf(days=(1, 30)))
    assert said["ok"] is False and "not valid yet" in said["said"]
    assert "this server's clock" in said["said"]


def test_a_certificate_that_ran_out_yesterday_has_expired(authority):
    said = authority.check(*authority.leaf(days=(-30, -1)))
    assert said["ok"] is False and "expired" in said["said"]
    assert "this server's clock" in said["said"]


def test_a_certificate_for_another_host_is_not_trusted_for_this_one(authority):
    said = authority.check(*authority.leaf(host="other.test"), host="staging.test")
    assert said["ok"] is False and "staging.test" in said["said"]
    assert authority.check(*authority.leaf(host="other.test"), host="other.test")["ok"] is True


def test_a_key_that_is_not_the_certificates_does_not_load(authority):
    someone_elses = ec.generate_private_key(ec.SECP256R1())
    said = authority.check(*authority.leaf(key=someone_elses))
    assert said["ok"] is False and "do not load" in said["said"]


def test_a_certificate_check_leaves_no_socket_or_thread_behind(authority):
    trusted, untrusted = authority.leaf(), authority.leaf(by="itself")
    authority.check(*trusted)
    gc.collect()
    threads, descriptors = set(threading.enumerate()), set(os.listdir("/proc/self/fd"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        for _ in range(3):
            assert authority.check(*trusted)["ok"] is True
            assert authority.check(*untrusted)["ok"] is False
        gc.collect()
    assert [str(warning.message) for warning in caught] == []
    assert set(threading.enumerate()) - threads == set()
    assert set(os.listdir("/proc/self/fd")) - descriptors == set()


def test_the_certificate_check_runs_as_a_script_against_the_servers_trust_store(authority):
    source = open(server_checks.__file__).read()
    result = subprocess.run(
        [sys.executable, "-c", source, "certificate", *authority.leaf(by="itself"), "staging.test"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    said = json.loads(result.stdout)
    assert said["ok"] is False and "self-signed" in said["said"]


def _plain_site(status):
    """A plain-http server on a loopback port answering `status` to GET /."""
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.parametrize("status, ok", [(200, True), (500, False)])
def test_a_site_declared_insecure_is_still_asked_over_plain_http(status, ok):
    server = _plain_site(status)
    try:
        said = server_checks.site_answers("site.test", server.server_port, 1.0, "http")
    finally:
        server.shutdown()
        server.server_close()
    assert said["ok"] is ok
    assert said["said"].startswith(f"HTTP/1.0 {status}")
