import shutil
import subprocess

import pytest

from harness import trust
from harness.errors import HarnessError
from harness.trust import browser_home
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
