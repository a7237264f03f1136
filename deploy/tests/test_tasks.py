"""The deploy's choice of files, against a real git repository."""

import inspect
import io
import re
import runpy
import subprocess
import tarfile

import pytest

from deploy import tasks
from deploy.site_layout import env_text, read_env
from deploy.tests.plans import plan


def _git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_only_the_sites_tracked_files_are_shipped_as_they_are_in_the_working_tree(tmp_path):
    _git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("*.log\n")
    (tmp_path / "superlists").mkdir()
    (tmp_path / "harness").mkdir()
    (tmp_path / "manage.py").write_text("entry")
    (tmp_path / "superlists" / "app.py").write_text("v1")
    (tmp_path / "superlists" / "gone.py").write_text("deleted after commit")
    (tmp_path / "harness" / "suite.py").write_text("the test harness stays here")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "one")
    (tmp_path / "superlists" / "app.py").write_text("v2, not committed")
    (tmp_path / "superlists" / "gone.py").unlink()
    (tmp_path / "superlists" / "id_ed25519").write_text("an untracked private key")
    (tmp_path / "superlists" / "debug.log").write_text("ignored")

    assert tasks.shipped_files(tmp_path) == ["manage.py", "superlists/app.py"]
    assert sorted(tasks.uncommitted_changes(tmp_path)) == [
        "superlists/app.py",
        "superlists/gone.py",
    ]
    with tarfile.open(fileobj=io.BytesIO(tasks._source_tarball(tmp_path))) as tar:
        assert sorted(tar.getnames()) == ["manage.py", "superlists/app.py"]
        assert tar.extractfile("superlists/app.py").read() == b"v2, not committed"


def test_the_real_site_ships_without_its_test_harness():
    shipped = tasks.shipped_files()
    assert "manage.py" in shipped and "superlists/settings.py" in shipped
    assert not [name for name in shipped if name.startswith(("harness/", "features/", "deploy/"))]


def test_a_clean_tree_has_no_uncommitted_changes(tmp_path):
    _git(tmp_path, "init", "-q")
    (tmp_path / "app.py").write_text("v1")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "one")
    (tmp_path / "untracked.txt").write_text("not a change to a tracked file")
    assert tasks.uncommitted_changes(tmp_path) == []


def test_a_tracked_path_behind_a_symlinked_folder_is_not_shipped(tmp_path):
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    repo.mkdir()
    outside.mkdir()
    (outside / "b.txt").write_text("SECRET")
    _git(repo, "init", "-q")
    (repo / "superlists" / "a").mkdir(parents=True)
    (repo / "superlists" / "a" / "b.txt").write_text("tracked")
    (repo / "superlists" / "app.py").write_text("v1")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "one")
    (repo / "superlists" / "a" / "b.txt").unlink()
    (repo / "superlists" / "a").rmdir()
    (repo / "superlists" / "a").symlink_to(outside)
    assert tasks.shipped_files(repo) == ["superlists/app.py"]


# --- the mail settings a deploy writes -----------------------------------------

ENVIRON = {
    "EMAIL_HOST": "mail.example.com",
    "EMAIL_HOST_USER": "superlists",
    "EMAIL_PASSWORD": "p4ss word$'\"`",
}
NO_OPTIONS = {"email_host": "", "email_port": "", "email_user": "", "email_tls": ""}


def test_mail_settings_come_from_the_environment_with_submission_defaults():
    mail = tasks.MailSettings.chosen(NO_OPTIONS, ENVIRON)
    assert (mail.host, mail.port, mail.user, mail.tls) == (
        "mail.example.com", 587, "superlists", "starttls"
    )  # fmt: skip
    assert mail.environment()["EMAIL_USE_TLS"] == "1"
    assert mail.environment()["EMAIL_USE_SSL"] == "0"


def test_options_win_over_the_environment_but_never_carry_the_password():
    options = dict(NO_OPTIONS, email_host="smtp.other.test", email_tls="ssl")
    mail = tasks.MailSettings.chosen(options, ENVIRON)
    assert (mail.host, mail.port, mail.tls) == ("smtp.other.test", 465, "ssl")
    assert mail.password == ENVIRON["EMAIL_PASSWORD"]
    # The task has no password option at all: argv can never hold it.
    parameters = inspect.signature(tasks.deploy.body).parameters
    assert not [name for name in parameters if "password" in name or "secret" in name]


@pytest.mark.parametrize(
    "environ, message",
    [
        ({}, "no mail server: set EMAIL_HOST"),
        ({**ENVIRON, "EMAIL_PASSWORD": ""}, "needs a login: set EMAIL_PASSWORD"),
        ({**ENVIRON, "EMAIL_HOST_USER": ""}, "needs a login: set EMAIL_HOST_USER"),
        ({**ENVIRON, "EMAIL_TLS": "maybe"}, "--email-tls 'maybe': use one of starttls, ssl, none"),
        ({**ENVIRON, "EMAIL_PORT": "99999"}, "--email-port '99999'"),
    ],
)
def test_bad_mail_settings_are_one_line(environ, message):
    with pytest.raises(tasks.DeployError, match=re.escape(message)):
        tasks.MailSettings.chosen(NO_OPTIONS, environ)


def test_env_lines_survive_any_password_for_the_shell_and_for_gunicorn(tmp_path):
    values = {"EMAIL_PASSWORD": ENVIRON["EMAIL_PASSWORD"], "DJANGO_SECRET_KEY": "a-b_c"}
    text = env_text(values)
    assert read_env(text) == values
    # The shell reads the same value: `set -a; . .env` is how fab commands load it.
    (tmp_path / ".env").write_text(text)
    shell = subprocess.run(
        ["bash", "-c", "set -a; . ./.env; printf %s \"$EMAIL_PASSWORD\""],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert shell.stdout == ENVIRON["EMAIL_PASSWORD"]
    # ...and so does gunicorn's settings file, which parses .env on each reload.
    (tmp_path / "gunicorn.conf.py").write_text(tasks._render("gunicorn.conf.py"))
    settings = runpy.run_path(str(tmp_path / "gunicorn.conf.py"))
    assert f"EMAIL_PASSWORD={ENVIRON['EMAIL_PASSWORD']}" in settings["raw_env"]
    assert settings["chdir"] == str(tmp_path / "src")


def _plan(**changes):
    return plan(**{"staging": True, "instances": 2, **changes})


def test_every_template_placeholder_is_filled():
    site = tasks._nginx_site(_plan(), "000003-20261207T101500Z")
    assert "@" not in site
    assert site.count("listen 443 ssl") == 1 and site.count("listen 444 ssl") == 1
    assert "return 301 https://$host$request_uri" in site
    assert "proxy_pass http://unix:/run/superlists-superlists-2.sock" in site
    assert "ssl_certificate /etc/ssl/superlists/superlists/000003-20261207T101500Z.pem;" in site
    insecure = tasks._nginx_site(_plan(insecure_http=True, port=80, instances=1), "000004-x")
    assert "ssl" not in insecure and "return 301" not in insecure


def test_a_template_with_a_missing_value_is_a_bug_not_a_broken_file():
    with pytest.raises(AssertionError, match="no value for @SOCKET@"):
        tasks._render("gunicorn.socket", site="s", number=1)


def test_instance_urls():
    assert [_plan().url(n) for n in (1, 2)] == ["https://staging.test", "https://staging.test:444"]
    assert _plan(insecure_http=True, port=80).url() == "http://staging.test"
