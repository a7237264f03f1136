"""The staging-host tool's own rules, with a fake container engine."""

import json
import subprocess

import pytest

from deploy import PROJECT
from staging_host import local_files
from staging_host.__main__ import main
from staging_host.addresses import MAIL, NETWORK, WEB
from staging_host.lifecycle import LABEL, remove_hosts
from staging_host.mail_host import change_mail_password, set_mail_password
from staging_host.messages import StagingHostError


class FakeEngine:
    """Answers `inspect` from `labels` (name -> labels, or absent) and records the rest."""

    program = "podman"

    def __init__(self, labels):
        self.labels = labels
        self.calls = []

    def argv(self, *arguments):
        return ["podman", *arguments]

    def environment(self):
        return {}

    def run(self, *arguments, timeout=60, merged=False):
        self.calls.append(arguments)
        if arguments[1] == "inspect":
            name = arguments[-1]
            if name not in self.labels:
                return subprocess.CompletedProcess(arguments, 125, "", "no such object")
            return subprocess.CompletedProcess(arguments, 0, json.dumps(self.labels[name]), "")
        return subprocess.CompletedProcess(arguments, 0, "", "")


def removals(engine):
    return [call for call in engine.calls if call[0] == "rm" or call[:2] == ("network", "rm")]


def test_nothing_there_removes_nothing():
    engine = FakeEngine({})
    assert remove_hosts(engine) == []
    assert removals(engine) == []


def test_this_checkouts_hosts_and_network_are_removed():
    ours = {LABEL: str(PROJECT)}
    engine = FakeEngine({WEB.container: ours, MAIL.container: ours, NETWORK: ours})
    assert remove_hosts(engine) == [
        f"container {WEB.container}",
        f"container {MAIL.container}",
        f"network {NETWORK}",
    ]


def test_a_strangers_container_of_the_same_name_is_never_touched():
    engine = FakeEngine({WEB.container: {"maintainer": "someone else"}})
    with pytest.raises(StagingHostError, match="did not make: refusing to touch it"):
        remove_hosts(engine)
    assert removals(engine) == []


def test_another_checkouts_hosts_are_refused_naming_it():
    theirs = {LABEL: "/home/francis/superlists"}
    engine = FakeEngine({WEB.container: theirs, MAIL.container: theirs, NETWORK: theirs})
    with pytest.raises(StagingHostError, match="belong to the checkout at /home/francis"):
        remove_hosts(engine)
    assert removals(engine) == []


def test_the_mail_password_travels_on_stdin_never_in_argv(monkeypatch):
    seen = []

    def fake_run(argv, **kwargs):
        seen.append((argv, kwargs.get("input", "")))
        output = "$6$salt$hash\n" if argv[0] == "openssl" else ""
        return subprocess.CompletedProcess(argv, 0, output, "")

    monkeypatch.setattr(subprocess, "run", fake_run)
    set_mail_password(FakeEngine({}), "s3cret p4ss")
    assert seen, "nothing ran"
    assert all("s3cret" not in " ".join(argv) for argv, _ in seen)
    assert ["openssl", "passwd", "-6", "-stdin"] in [argv for argv, _ in seen]
    assert any("s3cret p4ss" == stdin for _, stdin in seen)


def test_the_env_file_is_private_and_sourceable(monkeypatch, tmp_path):
    monkeypatch.setattr(local_files, "ENV_FILE", tmp_path / "env")
    local_files.write_env({"EMAIL_PASSWORD": "a b$c'd", "EMAIL_HOST": "10.200.0.3"})
    assert oct((tmp_path / "env").stat().st_mode & 0o777) == "0o600"
    shell = subprocess.run(
        ["bash", "-c", f"set -a; . {tmp_path / 'env'}; printf %s \"$EMAIL_PASSWORD\""],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert shell.stdout == "a b$c'd"


def test_a_command_other_than_the_four_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["sideways"])
    assert exit_.value.code == 2
    assert "invalid choice: 'sideways'" in capsys.readouterr().err


def test_a_new_mail_password_comes_from_the_environment_and_needs_the_mail_host():
    engine = FakeEngine({})
    with pytest.raises(StagingHostError, match="set the new password in EMAIL_PASSWORD"):
        change_mail_password(engine, "")
    engine.state = lambda container: "exited"
    with pytest.raises(StagingHostError, match="the mail host is not running"):
        change_mail_password(engine, "s3cret")
    assert engine.calls == []
