import shutil
import subprocess

import pytest

from harness.browsers import trust
from harness.browsers.trust import browser_home
from harness.run.errors import HarnessError
from staging_host.ca import LocalCA

CERTUTIL = shutil.which("certutil")
needs_certutil = pytest.mark.skipif(CERTUTIL is None, reason="needs NSS certutil (libnss3-tools)")


@pytest.fixture
def ca_file(tmp_path):
    authority = LocalCA(tmp_path / "ca")
    authority.ensure()
    return authority.certificate


def certutil(*arguments):
    return subprocess.run(
        [CERTUTIL, *arguments], capture_output=True, text=True, check=True, timeout=30
    ).stdout


def trusted(database):
    """{nickname: trust attributes} of an NSS database, as `certutil -L` lists them."""
    listed = {}
    for line in certutil("-L", "-d", f"sql:{database}").splitlines()[3:]:
        if line.strip():
            nickname, attributes = line.rsplit(None, 1)
            listed[nickname.strip()] = attributes
    return listed


@needs_certutil
def test_the_home_trusts_the_ca_to_issue_server_certificates_and_nothing_else(ca_file, tmp_path):
    home = tmp_path / "browser-home"
    assert browser_home(ca_file, home) == home
    database = home / ".pki" / "nssdb"
    assert trusted(database) == {"superlists run CA ca.pem": "C,,"}
    # The very certificate given, not just one of that name.
    stored = certutil("-L", "-d", f"sql:{database}", "-n", "superlists run CA ca.pem", "-a")
    assert "".join(stored.split()) == "".join(ca_file.read_text().split())


def test_a_missing_ca_certificate_is_one_line_naming_make_staging_host(tmp_path):
    missing = tmp_path / "ca.pem"
    with pytest.raises(HarnessError) as caught:
        browser_home(missing, tmp_path / "home")
    message = str(caught.value)
    assert "\n" not in message
    assert str(missing) in message
    assert "make staging-host" in message
    assert not (tmp_path / "home").exists()


def test_without_certutil_it_says_what_to_install(monkeypatch, ca_file, tmp_path):
    monkeypatch.setattr(trust.shutil, "which", lambda name: None)
    with pytest.raises(HarnessError) as caught:
        browser_home(ca_file, tmp_path / "home")
    message = str(caught.value)
    assert "\n" not in message
    assert "certutil" in message
    assert "libnss3-tools" in message
    assert not (tmp_path / "home").exists()


@needs_certutil
def test_a_file_that_is_not_a_certificate_is_one_line(tmp_path):
    junk = tmp_path / "ca.pem"
    junk.write_text("not a certificate\n")
    with pytest.raises(HarnessError) as caught:
        browser_home(junk, tmp_path / "home")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"cannot make the browsers' trust store for {junk}: ")


def test_a_home_made_before_is_reused_not_hung_on(ca_file, tmp_path):
    # certutil -N on an existing database waits for a password forever.
    trust.browser_home(ca_file, tmp_path / "home")
    assert trust.browser_home(ca_file, tmp_path / "home") == tmp_path / "home"


# -- WebKit: the site's certificate, verified by the run, allowed for its host ---

import http.server  # noqa: E402
import ssl  # noqa: E402
import threading  # noqa: E402
from contextlib import contextmanager  # noqa: E402


@contextmanager
def tls_site(certificate, key):
    """An HTTPS site on 127.0.0.1 presenting `certificate`; yields its URL."""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<title>secure ok</title>")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(certificate), str(key))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def authority(tmp_path):
    ca = LocalCA(tmp_path / "ca")
    ca.ensure()
    return ca


def test_a_certificate_the_ca_vouches_for_is_pinned_for_its_host(authority, tmp_path):
    authority.issue("staging.test", "127.0.0.1", tmp_path / "site.pem", tmp_path / "site.key")
    with tls_site(tmp_path / "site.pem", tmp_path / "site.key") as url:
        pinned = trust.verified_site_certificate(url, authority.certificate, tmp_path / "pins")
    assert pinned.read_text() == (tmp_path / "site.pem").read_text()
    assert trust.webkit_certificates(url, pinned) == [
        {"host": "127.0.0.1", "certificateFile": str(pinned)}
    ]


def test_a_certificate_of_another_ca_is_refused_in_one_line(authority, tmp_path):
    stranger = LocalCA(tmp_path / "stranger")
    stranger.ensure()
    stranger.issue("staging.test", "127.0.0.1", tmp_path / "site.pem", tmp_path / "site.key")
    with tls_site(tmp_path / "site.pem", tmp_path / "site.key") as url:
        with pytest.raises(HarnessError) as raised:
            trust.verified_site_certificate(url, authority.certificate, tmp_path / "pins")
    message = str(raised.value)
    assert "\n" not in message and "does not vouch for" in message
    assert not (tmp_path / "pins").exists()  # nothing pinned


def test_a_certificate_for_another_address_is_refused(authority, tmp_path):
    authority.issue("elsewhere.test", "10.9.9.9", tmp_path / "site.pem", tmp_path / "site.key")
    with tls_site(tmp_path / "site.pem", tmp_path / "site.key") as url:
        with pytest.raises(HarnessError, match="does not vouch for.*(IP address|mismatch)"):
            trust.verified_site_certificate(url, authority.certificate, tmp_path / "pins")


def test_a_site_that_does_not_answer_is_one_line(authority, tmp_path):
    unreachable = "could not fetch https://127.0.0.1:9's certificate: .*refused"
    with pytest.raises(HarnessError, match=unreachable):
        trust.verified_site_certificate("https://127.0.0.1:9", authority.certificate, tmp_path)
