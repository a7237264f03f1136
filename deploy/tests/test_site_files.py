"""The files a deploy renders for a site: every placeholder filled, nothing
that logs a query string, supervised, rotated, private, never stalled."""

import re
import runpy
import subprocess

import pytest

from deploy.site_files import nginx_site, render
from deploy.site_layout import env_text, read_env
from deploy.tests.sample_options import sample_options

NEW = "000005-20261207T100000Z"
PASSWORD = "p4ss word$'\"`"


def _staging(**changes):
    return sample_options(**{"staging": True, "instances": 2, **changes})


def test_every_template_placeholder_is_filled():
    site = nginx_site(_staging(), "000003-20261207T101500Z")
    assert "@" not in site
    assert site.count("listen 443 ssl") == 1 and site.count("listen 444 ssl") == 1
    assert "return 301 https://$host$request_uri" in site
    assert "proxy_pass http://unix:/run/superlists-superlists-2.sock" in site
    assert "ssl_certificate /etc/ssl/superlists/superlists/000003-20261207T101500Z.pem;" in site
    insecure = nginx_site(_staging(insecure_http=True, port=80, instances=1), "000004-x")
    assert "ssl" not in insecure and "return 301" not in insecure


def test_a_template_with_a_missing_value_is_a_bug_not_a_broken_file():
    with pytest.raises(AssertionError, match="no value for @SOCKET@"):
        render("gunicorn.socket", site="s", number=1)


def test_env_lines_survive_any_password_for_the_shell_and_for_gunicorn(tmp_path):
    values = {"EMAIL_PASSWORD": PASSWORD, "DJANGO_SECRET_KEY": "a-b_c"}
    text = env_text(values)
    assert read_env(text) == values
    # The shell reads the same value: `set -a; . .env` is how fab commands load it.
    (tmp_path / ".env").write_text(text)
    shell = subprocess.run(
        ["bash", "-c", "set -a; . ./.env; printf %s \"$EMAIL_PASSWORD\""],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert shell.stdout == PASSWORD
    # ...and so does gunicorn's settings file, which parses .env on each reload.
    (tmp_path / "gunicorn.conf.py").write_text(render("gunicorn.conf.py"))
    settings = runpy.run_path(str(tmp_path / "gunicorn.conf.py"))
    assert f"EMAIL_PASSWORD={PASSWORD}" in settings["raw_env"]
    assert settings["chdir"] == str(tmp_path / "src")


def test_nginx_is_restarted_when_it_dies():
    drop_in = render("nginx-restart.conf")
    assert "Restart=always" in drop_in and "StartLimitIntervalSec=0" in drop_in


def test_no_access_log_line_can_hold_a_query_string():
    site = nginx_site(sample_options(instances=2), NEW)
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
    (tmp_path / "gunicorn.conf.py").write_text(render("gunicorn.conf.py"))
    settings = runpy.run_path(str(tmp_path / "gunicorn.conf.py"))
    assert "%(U)s" in settings["access_log_format"]
    assert "%(r)s" not in settings["access_log_format"]
    assert "%(q)s" not in settings["access_log_format"]


def test_a_slow_mail_server_holds_one_thread_not_the_site(tmp_path):
    (tmp_path / ".env").write_text("")
    (tmp_path / "gunicorn.conf.py").write_text(render("gunicorn.conf.py"))
    settings = runpy.run_path(str(tmp_path / "gunicorn.conf.py"))
    assert settings["worker_class"] == "gthread"
    assert settings["workers"] * settings["threads"] >= 8
    from django.conf import settings as django

    assert 0 < django.EMAIL_TIMEOUT <= 5


def test_the_site_files_are_the_site_users_alone():
    unit = render(
        "gunicorn.service", site="s", number=1, unit="u", socket="/run/u.sock", user="deploy",
        folder="/home/deploy/sites/s",
    )  # fmt: skip
    assert "UMask=0077" in unit


def test_the_sites_logs_are_rotated_and_gunicorn_reopens_them():
    rotation = render(
        "logrotate.conf", site="s", folder="/home/deploy/sites/s", user="deploy",
        unit="superlists-s",
    )  # fmt: skip
    assert rotation.startswith("# superlists site s")
    assert "/home/deploy/sites/s/logs/*.log" in rotation
    assert "su deploy deploy" in rotation and "maxsize" in rotation
    assert "--signal=USR1 'superlists-s.service'" in rotation
