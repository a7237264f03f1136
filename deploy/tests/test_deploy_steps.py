"""The deploy's decisions, against a scripted server (no network).

What the server answers is scripted; what the deploy asks of it is recorded,
so each test says what a deploy does when the server says no: it switches
back, it leaves the live database alone, it removes a failed release.
"""

import json
import re
import runpy
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from deploy import tasks
from deploy.site_layout import SiteLayout
from deploy.tests.plans import plan

LAYOUT = SiteLayout.named("superlists")
LIVE, NEW = "000004-20261207T090000Z", "000005-20261207T100000Z"


@dataclass
class Result:
    stdout: str = ""
    stderr: str = ""
    exited: int = 0

    @property
    def ok(self) -> bool:
        return self.exited == 0

    @property
    def failed(self) -> bool:
        return not self.ok


@dataclass
class Connection:
    user: str = "deploy"
    host: str = "staging.test"
    port: int = 22


@dataclass
class ScriptedServer:
    """Answers commands by the first pattern that matches; records them all."""

    answers: list[tuple[str, Result]] = field(default_factory=list)
    #: What each server-side script command answers, in turn (the last repeats).
    scripts: dict[str, list[dict]] = field(default_factory=dict)
    commands: list[str] = field(default_factory=list)
    scripted: list[tuple[str, ...]] = field(default_factory=list)
    c: Connection = field(default_factory=Connection)
    home: str = "/home/deploy"

    @property
    def where(self) -> str:
        return "deploy@staging.test:22"

    def run(self, command: str, warn: bool = False, **kwargs) -> Result:
        self.commands.append(command)
        for pattern, result in self.answers:
            if re.search(pattern, command):
                if callable(result):
                    result = result()
                if result.failed and not warn:
                    raise AssertionError(f"unexpected failure of {command}")
                return result
        return Result()

    def sudo(self, command: str, warn: bool = False, **kwargs) -> Result:
        # sudo runs the first command of several as root, the rest as the
        # deploy user: several must go through `sh -c` (`|| true` may not).
        if not command.startswith("sh -c "):
            plain = command.removesuffix(" || true")
            assert not re.search(r";|&&|\|\||\||\$\(", plain), f"sudo of several: {command}"
        return self.run(command, warn=warn, **kwargs)

    def put(self, content, path, mode="644") -> None:
        self.commands.append(f"put {path}")

    def install(self, content, path, mode="644") -> None:
        self.commands.append(f"install {path}")

    def script(self, script: Path, *arguments: str, **kwargs) -> dict:
        self.scripted.append(arguments)
        queue = self.scripts.get(arguments[0], [{"ok": True}])
        if callable(queue):
            return queue(self, *arguments[1:])
        return queue.pop(0) if len(queue) > 1 else queue[0]

    @property
    def switched_to(self) -> str | None:
        """The release the last `switch` put live."""
        switches = [args[2] for args in self.scripted if args[0] == "switch"]
        return switches[-1] if switches else None


def _plan(**changes):
    return plan(**changes)


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setattr(tasks, "step", lambda message: None)


SERVED = tasks.Served("superlists", "staging.test", 443, False, 1).record()


def _switching_server(site_answers, restarts=("0",)):
    return ScriptedServer(
        answers=[
            (r"NRestarts", Result(stdout=restarts[0])),
            (r"^cat \S+/served\.json", Result(stdout=SERVED)),
        ],
        scripts={
            "previous": [{"ok": True, "live": LIVE, "previous": None}],
            "switch": [{"ok": True, "before": LIVE, "new_venv": False}],
            "site": site_answers,
        },
    )


def test_a_release_that_never_answers_is_switched_back_and_the_deploy_says_so(monkeypatch):
    monkeypatch.setattr(tasks, "HEALTH_DEADLINE", 0.2)
    server = _switching_server(
        lambda server, *_: (
            {"ok": True, "said": "200"}
            if server.switched_to == LIVE
            else {"ok": False, "said": "TimeoutError: timed out"}
        )
    )
    with pytest.raises(tasks.DeployError) as refused:
        tasks._go_live(server, _plan(), LAYOUT, tasks.Release(LAYOUT, NEW))
    said = str(refused.value)
    assert said.startswith(f"release {NEW} did not prove itself once live")
    assert f"switched back to release {LIVE}, which answers again" in said
    switches = [args for args in server.scripted if args[0] == "switch"]
    assert switches == [("switch", LAYOUT.root, NEW), ("switch", LAYOUT.root, LIVE)]
    # Back on the earlier release, gunicorn is restarted, not reloaded: a
    # restart returns once the abandoned release's processes are gone.
    restart = "systemctl restart superlists-superlists.service"
    after_back = server.commands[server.commands.index(restart) :]
    assert not [c for c in after_back if c.startswith("systemctl reload superlists")]


def test_a_release_that_answers_stays_live():
    server = _switching_server([{"ok": True, "said": "200"}])
    tasks._go_live(server, _plan(), LAYOUT, tasks.Release(LAYOUT, NEW))
    assert [args for args in server.scripted if args[0] == "switch"] == [
        ("switch", LAYOUT.root, NEW)
    ]


def test_a_gunicorn_restarting_again_and_again_ends_the_wait_early():
    server = _switching_server([{"ok": False, "said": "TimeoutError: timed out"}])
    counts = iter(["0", "1", "3", "3", "3", "3"])
    server.answers = [(r"NRestarts", None)]  # answered below, one count per call

    def run(command, warn=False, **kwargs):
        server.commands.append(command)
        return Result(stdout=next(counts)) if "NRestarts" in command else Result()

    server.run = run  # type: ignore[method-assign]
    server.sudo = run  # type: ignore[method-assign]
    began = time.monotonic()
    said = tasks._proves_itself(server, _plan(), 60)
    assert time.monotonic() - began < 5
    assert said == (
        "gunicorn superlists-superlists restarted 3 times since the switch: "
        "the release does not start"
    )


def test_with_nothing_to_go_back_to_the_deploy_says_the_site_is_down(monkeypatch):
    monkeypatch.setattr(tasks, "HEALTH_DEADLINE", 0.1)
    server = _switching_server([{"ok": False, "said": "HTTP 502"}])
    server.scripts["previous"] = [{"ok": True, "live": None, "previous": None}]
    server.scripts["switch"] = [{"ok": True, "before": None, "new_venv": True}]
    with pytest.raises(tasks.DeployError, match="no earlier release to go back to"):
        tasks._go_live(server, _plan(), LAYOUT, tasks.Release(LAYOUT, NEW))


def test_a_release_nginx_refuses_is_switched_back_with_the_old_nginx_file_put_back(monkeypatch):
    monkeypatch.setattr(tasks, "HEALTH_DEADLINE", 0.2)
    verdicts = iter([Result(stderr="nginx: [emerg] unknown directive", exited=1), Result()])
    server = _switching_server([{"ok": True, "said": "200"}])
    server.answers.insert(0, (r"^nginx -t", lambda: next(verdicts)))
    with pytest.raises(tasks.DeployError) as refused:
        tasks._go_live(server, _plan(), LAYOUT, tasks.Release(LAYOUT, NEW))
    assert "nginx refuses the site's configuration: nginx: [emerg] unknown directive" in str(
        refused.value
    )
    assert f"switched back to release {LIVE}, which answers again" in str(refused.value)
    site = "/etc/nginx/sites-available/superlists-superlists"
    assert any(
        c.startswith(f"sh -c 'if [ -e {site}.before-switch ]; then mv -f") for c in server.commands
    )
    assert server.switched_to == LIVE


def test_a_live_release_from_before_releases_is_given_its_settings_and_kept():
    server = ScriptedServer(
        answers=[
            (r"^cat \S+/served\.json", Result(exited=1)),
            (r"^test -f \S+/\.env -a ! -L", Result()),
            (r"^cat /etc/nginx", Result(stdout="server { }")),
        ]
    )
    legacy = tasks.Release(LAYOUT, "20261207-220102-ab12")
    served = tasks._adopt(server, _plan(), legacy)
    assert served == tasks.Served("superlists", "staging.test", 443, False, 1)
    copied = [c for c in server.commands if "cp -p .env" in c]
    assert copied and "cp -al .venv venvs/before-releases" in copied[0]
    assert f"put {legacy.folder}/nginx-site.conf" in server.commands
    assert ("mark", LAYOUT.root, legacy.name, "good") in server.scripted


def test_a_rollback_whose_target_does_not_answer_goes_back_and_marks_nothing(monkeypatch):
    monkeypatch.setattr(tasks, "HEALTH_DEADLINE", 0.1)
    server = ScriptedServer(
        answers=[
            (r"echo \$HOME", Result(stdout="/home/deploy")),
            (r"^cat \S+/served\.json", Result(stdout=SERVED)),
            (r"NRestarts", Result(stdout="0")),
        ],
        scripts={
            "previous": [{"ok": True, "live": NEW, "previous": LIVE}],
            "site": lambda server, *_: {"ok": server.switched_to == NEW, "said": "HTTP 502"},
        },
    )
    server.c.run = server.run  # type: ignore[attr-defined]
    server.check_sudo = lambda: None  # type: ignore[attr-defined]
    monkeypatch.setattr(tasks, "_one_at_a_time", lambda server, what: nullcontext())
    with pytest.raises(tasks.DeployError) as refused:
        tasks._rollback(server, "superlists")
    assert str(refused.value).startswith(f"release {LIVE} did not answer once live again")
    assert str(refused.value).endswith(f"switched back to release {NEW}")
    assert server.switched_to == NEW
    assert not [args for args in server.scripted if args[0] in ("mark", "cleanup")]


@pytest.mark.parametrize("site", ["a b", "../etc", "Superlists", "site-2", "x;rm", ""])
def test_a_site_name_that_could_escape_its_folder_or_take_an_instances_name_is_refused(site):
    with pytest.raises(tasks.DeployError, match="use lower-case letters and digits"):
        tasks._site_name(site)


def test_ordinary_site_names_are_accepted():
    assert [tasks._site_name(s) for s in ("superlists", "superlists-beta", "s2")] == [
        "superlists", "superlists-beta", "s2"
    ]  # fmt: skip


def _migrating_server(rehearsal: Result, live: Result) -> ScriptedServer:
    def ready(server, host, stage):
        # Migrations are pending; once rehearsed, the release boots.
        return {"ok": True, "pending": stage == "all", "said": "200"}

    return ScriptedServer(
        answers=[
            (r"^test -s", Result()),  # the live database exists
            (r"DJANGO_DB_PATH=\S*rehearsal\S* \.venv/bin/python manage.py migrate", rehearsal),
            (r"manage\.py migrate --noinput", live),
        ],
        scripts={"release": ready},
    )


DATABASE = "/home/deploy/sites/superlists/db.sqlite3"


def test_a_migration_failing_on_the_copy_never_reaches_the_live_database():
    server = _migrating_server(
        rehearsal=Result(stderr="Traceback...\nRuntimeError: boom", exited=1), live=Result()
    )
    with pytest.raises(tasks.DeployError) as refused:
        tasks._check_and_migrate(server, _plan(), LAYOUT, tasks.Release(LAYOUT, NEW), DATABASE)
    assert str(refused.value) == (
        "a migration fails on a copy of the live database: RuntimeError: boom; "
        "the live database is unchanged"
    )
    live_migrations = [
        c for c in server.commands if "migrate --noinput" in c and "rehearsal" not in c
    ]
    assert live_migrations == []
    # The checks, then the copy; nothing touched the live database.
    assert [args[0] for args in server.scripted] == ["release", "backup"]
    assert any(c.startswith("rm -f") and "rehearsal" in c for c in server.commands)


def test_a_migration_failing_on_the_live_database_puts_the_backup_back():
    server = _migrating_server(
        rehearsal=Result(), live=Result(stderr="OperationalError: database is locked", exited=1)
    )
    with pytest.raises(tasks.DeployError) as refused:
        tasks._check_and_migrate(server, _plan(), LAYOUT, tasks.Release(LAYOUT, NEW), DATABASE)
    assert "migrating the live database failed: OperationalError: database is locked" in str(
        refused.value
    )
    backup = f"/home/deploy/sites/superlists/backups/{NEW}.sqlite3"
    assert server.scripted[-1] == ("restore", backup, DATABASE)
    assert ("backup", DATABASE, backup) in server.scripted


def test_with_nothing_to_migrate_the_release_is_checked_against_the_live_database():
    server = ScriptedServer(scripts={"release": [{"ok": True, "pending": False, "said": "200"}]})
    tasks._check_and_migrate(server, _plan(), LAYOUT, tasks.Release(LAYOUT, NEW), DATABASE)
    assert not [c for c in server.commands if "migrate --noinput" in c]
    assert server.scripted == [("release", "staging.test", "all")]


def test_a_release_that_does_not_serve_its_home_page_is_refused_before_the_switch():
    server = ScriptedServer(
        scripts={"release": [{"ok": False, "said": "its home page answered 500"}]}
    )
    with pytest.raises(tasks.DeployError, match="not ready, on the server: its home page answered"):
        tasks._check_and_migrate(server, _plan(), LAYOUT, tasks.Release(LAYOUT, NEW), DATABASE)


def test_a_deploy_that_fails_marks_its_release_failed_and_removes_it(monkeypatch):
    server = ScriptedServer(
        answers=[(r"echo \$HOME", Result(stdout="/home/deploy"))],
        scripts={
            "new": [{"ok": True, "release": NEW}],
            "cleanup": [{"ok": True, "removed": [NEW]}],
        },
    )
    server.c.run = server.run  # type: ignore[attr-defined]
    server.check_sudo = lambda: None  # type: ignore[attr-defined]
    monkeypatch.setattr(tasks, "_one_at_a_time", lambda server, what: nullcontext())
    monkeypatch.setattr(tasks, "_check_mail", lambda server, mail: None)
    monkeypatch.setattr(tasks, "_ensure_packages", lambda server: None)

    def refused(*args):
        raise tasks.DeployError("Django's deploy checks fail on the server: boom")

    monkeypatch.setattr(tasks, "_prepare", refused)
    with pytest.raises(tasks.DeployError, match="deploy checks fail"):
        tasks._deploy(server, _plan())
    assert ("mark", LAYOUT.root, NEW, "failed") in server.scripted
    assert server.scripted[-1] == ("cleanup", LAYOUT.root, str(tasks.RELEASES_KEPT))
    assert not [args for args in server.scripted if args[0] == "switch"]
    # Its certificate files go with it.
    assert any(f"/etc/ssl/superlists/superlists/{NEW}.pem" in c for c in server.commands)


def test_how_a_release_is_served_is_recorded_for_a_rollback():
    plan = _plan(port=8443, instances=2, staging=True)
    served = tasks.Served.recorded(plan.record())
    assert served == tasks.Served("superlists", "staging.test", 8443, False, 2)
    assert served.url(2) == "https://staging.test:8444"
    assert "pw" not in plan.record() and "mail" not in json.loads(plan.record())


# --- what the host runs: supervised, rotated, private, never stalled ------------


def test_nginx_is_restarted_when_it_dies():
    drop_in = tasks._render("nginx-restart.conf")
    assert "Restart=always" in drop_in and "StartLimitIntervalSec=0" in drop_in


def test_no_access_log_line_can_hold_a_query_string():
    site = tasks._nginx_site(_plan(instances=2), NEW)
    formats = re.findall(r"log_format (\S+) ((?:'[^']*'\s*)+);", site)
    assert len(formats) == 1
    name, layout = formats[0]
    for leaky in ("$request ", '$request"', "$request_uri", "$args", "$query_string", "$arg_"):
        assert leaky not in layout, leaky
    assert "$uri" in layout
    # Every server block logs with it, the plain-http redirect included.
    assert site.count("server {") == site.count(f"access_log /var/log/nginx/access.log {name};")
    # nginx's error lines quote the request line: the login address logs only crit.
    login = site[site.index("location = /accounts/login") :]
    assert "error_log /var/log/nginx/error.log crit;" in login[: login.index("}")]


def test_gunicorns_access_log_has_paths_without_query_strings(tmp_path):
    (tmp_path / ".env").write_text("")
    (tmp_path / "gunicorn.conf.py").write_text(tasks._render("gunicorn.conf.py"))
    settings = runpy.run_path(str(tmp_path / "gunicorn.conf.py"))
    assert "%(U)s" in settings["access_log_format"]
    assert "%(r)s" not in settings["access_log_format"]
    assert "%(q)s" not in settings["access_log_format"]


def test_a_slow_mail_server_holds_one_thread_not_the_site(tmp_path):
    (tmp_path / ".env").write_text("")
    (tmp_path / "gunicorn.conf.py").write_text(tasks._render("gunicorn.conf.py"))
    settings = runpy.run_path(str(tmp_path / "gunicorn.conf.py"))
    assert settings["worker_class"] == "gthread"
    assert settings["workers"] * settings["threads"] >= 8
    from django.conf import settings as django

    assert 0 < django.EMAIL_TIMEOUT <= 5


def test_the_site_files_are_the_site_users_alone():
    unit = tasks._render(
        "gunicorn.service", site="s", number=1, unit="u", socket="/run/u.sock", user="deploy",
        folder="/home/deploy/sites/s",
    )  # fmt: skip
    assert "UMask=0077" in unit


def test_the_sites_logs_are_rotated_and_gunicorn_reopens_them():
    rotation = tasks._render(
        "logrotate.conf", site="s", folder="/home/deploy/sites/s", user="deploy",
        unit="superlists-s",
    )  # fmt: skip
    assert rotation.startswith("# superlists site s")
    assert "/home/deploy/sites/s/logs/*.log" in rotation
    assert "su deploy deploy" in rotation and "maxsize" in rotation
    assert "--signal=USR1 'superlists-s.service'" in rotation
