"""A deploy and a rollback from start to end, against a scripted host: what
is left on the host when they fail."""

from contextlib import nullcontext

import pytest

from deploy import procedures
from deploy.messages import DeployError
from deploy.tests.sample_options import sample_options
from deploy.tests.scripted_host import LAYOUT, LIVE, NEW, SERVED, Result, ScriptedHost


def test_a_rollback_whose_target_does_not_answer_goes_back_and_marks_nothing(monkeypatch):
    monkeypatch.setattr(procedures, "HEALTH_DEADLINE", 0.1)
    host = ScriptedHost(
        answers=[
            (r"echo \$HOME", Result(stdout="/home/deploy")),
            (r"^cat \S+/served\.json", Result(stdout=SERVED)),
            (r"NRestarts", Result(stdout="0")),
        ],
        scripts={
            "previous": [{"ok": True, "live": NEW, "previous": LIVE}],
            "site": lambda host, *_: {"ok": host.switched_to == NEW, "said": "HTTP 502"},
        },
    )
    host.c.run = host.run  # type: ignore[attr-defined]
    host.check_sudo = lambda: None  # type: ignore[attr-defined]
    monkeypatch.setattr(procedures, "one_deploy_at_a_time", lambda host, what: nullcontext())
    with pytest.raises(DeployError) as refused:
        procedures.roll_back(host, "superlists")
    assert str(refused.value).startswith(f"release {LIVE} did not answer once live again")
    assert str(refused.value).endswith(f"switched back to release {NEW}")
    assert host.switched_to == NEW
    assert not [args for args in host.scripted if args[0] in ("mark", "cleanup")]


def test_a_deploy_that_fails_marks_its_release_failed_and_removes_it(monkeypatch):
    host = ScriptedHost(
        answers=[(r"echo \$HOME", Result(stdout="/home/deploy"))],
        scripts={
            "new": [{"ok": True, "release": NEW}],
            "cleanup": [{"ok": True, "removed": [NEW]}],
        },
    )
    host.c.run = host.run  # type: ignore[attr-defined]
    host.check_sudo = lambda: None  # type: ignore[attr-defined]
    monkeypatch.setattr(procedures, "one_deploy_at_a_time", lambda host, what: nullcontext())
    monkeypatch.setattr(procedures, "check_mail", lambda host, mail: None)
    monkeypatch.setattr(procedures, "ensure_packages", lambda host: None)

    def refused(*args):
        raise DeployError("Django's deploy checks fail on the server: boom")

    monkeypatch.setattr(procedures, "prepare", refused)
    with pytest.raises(DeployError, match="deploy checks fail"):
        procedures.deploy_site(host, sample_options())
    assert ("mark", LAYOUT.root, NEW, "failed") in host.scripted
    assert host.scripted[-1] == ("cleanup", LAYOUT.root, str(procedures.RELEASES_KEPT))
    assert not [args for args in host.scripted if args[0] == "switch"]
    # Its certificate files go with it.
    assert any(f"/etc/ssl/superlists/superlists/{NEW}.pem" in c for c in host.commands)
