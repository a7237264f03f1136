import subprocess
import sys
from pathlib import Path

from deploy.site_layout import SiteLayout

ROOT = Path(__file__).resolve().parents[2]


def test_the_layout_of_a_named_site():
    site = SiteLayout.named("superlists")
    assert site.root == "sites/superlists"
    assert (site.source, site.env_file, site.error_log, site.emails, site.gunicorn_pid) == (
        "sites/superlists/src",
        "sites/superlists/.env",
        "sites/superlists/logs/error.log",
        "sites/superlists/emails",
        "sites/superlists/gunicorn.pid",
    )


def test_commands_run_in_the_site_with_its_env_loaded():
    site = SiteLayout("~/sites/superlists")
    assert site.command("true") == "cd ~/sites/superlists && set -a && . ./.env && set +a && true"
    assert site.manage("migrate --noinput").endswith(
        "&& .venv/bin/python src/manage.py migrate --noinput"
    )
    assert site.manage("fixture_server", replace_shell=True).endswith(
        "&& exec .venv/bin/python src/manage.py fixture_server"
    )


def test_instances_sit_beside_the_site():
    site = SiteLayout.named("superlists")
    assert site.instance(1) is site
    assert site.instance(3).root == "sites/superlists/instances/3"
    assert site.instance(3).error_log == "sites/superlists/instances/3/logs/error.log"


def test_the_deploy_tooling_does_not_import_the_test_harness():
    check = (
        "import sys, runpy, fabfile, deploy.containers, deploy.site_build; "
        "runpy.run_path('scripts/container', run_name='not-main'); "
        "print(sorted(m for m in sys.modules if m.startswith('harness')))"
    )
    found = subprocess.run(
        [sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert found == "[]"
