import subprocess
import sys
from pathlib import Path

from deploy.site_layout import SiteLayout, SiteServices, instance_port

ROOT = Path(__file__).resolve().parents[2]


def test_the_layout_of_a_named_site():
    site = SiteLayout.named("superlists")
    assert site.root == "sites/superlists"
    assert (site.source, site.env_file, site.error_log, site.releases) == (
        "sites/superlists/src",
        "sites/superlists/.env",
        "sites/superlists/logs/error.log",
        "sites/superlists/releases",
    )


def test_what_a_site_installs_outside_its_folder():
    services = SiteServices("superlists")
    assert (services.unit(), services.unit(3)) == (
        "superlists-superlists",
        "superlists-superlists-3",
    )
    assert services.socket(2) == "/run/superlists-superlists-2.sock"
    assert services.nginx_site == "/etc/nginx/sites-available/superlists-superlists"
    # Each release its own TLS files: a new certificate never overwrites the live one.
    assert services.certificate("000007-20261207T101500Z") == (
        "/etc/ssl/superlists/superlists/000007-20261207T101500Z.pem"
    )
    assert services.certificate_key("000007-20261207T101500Z").endswith("101500Z.key")
    assert services.static_root == "/var/www/superlists/static"
    assert [instance_port(443, n) for n in (1, 2, 3)] == [443, 444, 445]


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
        "import sys, fabfile, deploy.containers, deploy.site_build, scripts.container; "
        "print(sorted(m for m in sys.modules if m.startswith('harness')))"
    )
    found = subprocess.run(
        [sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert found == "[]"
