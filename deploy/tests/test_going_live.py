"""Putting a release live, against a scripted host: it stays live only once
it answers, and otherwise the deploy switches back by itself and says so."""

import time

import pytest

from deploy import going_live
from deploy.messages import DeployError
from deploy.options import Served
from deploy.site_layout import Release
from deploy.tests.sample_options import sample_options
from deploy.tests.scripted_host import LAYOUT, LIVE, NEW, Result, ScriptedHost, switching_host


def test_a_release_that_never_answers_is_switched_back_and_the_deploy_says_so(monkeypatch):
    monkeypatch.setattr(going_live, "HEALTH_DEADLINE", 0.2)
    host = switching_host(
        lambda host, *_: (
            {"ok": True, "said": "200"}
            if host.switched_to == LIVE
            else {"ok": False, "said": "TimeoutError: timed out"}
        )
    )
    with pytest.raises(DeployError) as refused:
        going_live.go_live(host, sample_options(), LAYOUT, Release(LAYOUT, NEW))
    said = str(refused.value)
    assert said.startswith(f"release {NEW} did not prove itself once live")
    assert f"switched back to release {LIVE}, which answers again" in said
    switches = [args for args in host.scripted if args[0] == "switch"]
    assert switches == [("switch", LAYOUT.root, NEW), ("switch", LAYOUT.root, LIVE)]
    # Back on the earlier release, gunicorn is restarted, not reloaded: a
    # restart returns once the abandoned release's processes are gone.
    restart = "systemctl restart superlists-superlists.service"
    after_back = host.commands[host.commands.index(restart) :]
    assert not [c for c in after_back if c.startswith("systemctl reload superlists")]


def test_a_release_that_answers_stays_live():
    host = switching_host([{"ok": True, "said": "200"}])
    going_live.go_live(host, sample_options(), LAYOUT, Release(LAYOUT, NEW))
    assert [args for args in host.scripted if args[0] == "switch"] == [("switch", LAYOUT.root, NEW)]


def test_a_gunicorn_restarting_again_and_again_ends_the_wait_early():
    host = switching_host([{"ok": False, "said": "TimeoutError: timed out"}])
    counts = iter(["0", "1", "3", "3", "3", "3"])
    host.answers = [(r"NRestarts", None)]  # answered below, one count per call

    def run(command, warn=False, **kwargs):
        host.commands.append(command)
        return Result(stdout=next(counts)) if "NRestarts" in command else Result()

    host.run = run  # type: ignore[method-assign]
    host.sudo = run  # type: ignore[method-assign]
    began = time.monotonic()
    said = going_live.proves_itself(host, sample_options(), 60)
    assert time.monotonic() - began < 5
    assert said == (
        "gunicorn superlists-superlists restarted 3 times since the switch: "
        "the release does not start"
    )


def test_with_nothing_to_go_back_to_the_deploy_says_the_site_is_down(monkeypatch):
    monkeypatch.setattr(going_live, "HEALTH_DEADLINE", 0.1)
    host = switching_host([{"ok": False, "said": "HTTP 502"}])
    host.scripts["previous"] = [{"ok": True, "live": None, "previous": None}]
    host.scripts["switch"] = [{"ok": True, "before": None, "new_venv": True}]
    with pytest.raises(DeployError, match="no earlier release to go back to"):
        going_live.go_live(host, sample_options(), LAYOUT, Release(LAYOUT, NEW))


def test_a_release_nginx_refuses_is_switched_back_with_the_old_nginx_file_put_back(monkeypatch):
    monkeypatch.setattr(going_live, "HEALTH_DEADLINE", 0.2)
    verdicts = iter([Result(stderr="nginx: [emerg] unknown directive", exited=1), Result()])
    host = switching_host([{"ok": True, "said": "200"}])
    host.answers.insert(0, (r"^nginx -t", lambda: next(verdicts)))
    with pytest.raises(DeployError) as refused:
        going_live.go_live(host, sample_options(), LAYOUT, Release(LAYOUT, NEW))
    assert "nginx refuses the site's configuration: nginx: [emerg] unknown directive" in str(
        refused.value
    )
    assert f"switched back to release {LIVE}, which answers again" in str(refused.value)
    site = "/etc/nginx/sites-available/superlists-superlists"
    assert any(
        c.startswith(f"sh -c 'if [ -e {site}.before-switch ]; then mv -f") for c in host.commands
    )
    assert host.switched_to == LIVE


def test_a_live_release_from_before_releases_is_given_its_settings_and_kept():
    host = ScriptedHost(
        answers=[
            (r"^cat \S+/served\.json", Result(exited=1)),
            (r"^test -f \S+/\.env -a ! -L", Result()),
            (r"^cat /etc/nginx", Result(stdout="server { }")),
        ]
    )
    legacy = Release(LAYOUT, "20261207-220102-ab12")
    served = going_live.adopt(host, sample_options(), legacy)
    assert served == Served("superlists", "staging.test", 443, False, 1)
    copied = [c for c in host.commands if "cp -p .env" in c]
    assert copied and "cp -al .venv venvs/before-releases" in copied[0]
    assert f"put {legacy.folder}/nginx-site.conf" in host.commands
    assert ("mark", LAYOUT.root, legacy.name, "good") in host.scripted
