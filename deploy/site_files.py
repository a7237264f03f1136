"""The files a deploy writes for a site besides its source: the values of its
`.env`, and what it renders from `deploy/templates/` (the nginx site with a
server block per instance, each instance's systemd socket and service,
gunicorn's settings, the log rotation and nginx's restart drop-in), with
`render` refusing a template left with a placeholder unfilled.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from deploy.options import DeployOptions
from deploy.remote_host import RemoteHost
from deploy.site_layout import SiteLayout, instance_port, read_env

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Restarts nginx when it dies: Debian's unit does not.
NGINX_DROP_IN = "/etc/systemd/system/nginx.service.d/superlists-restart.conf"
_PLACEHOLDER = re.compile(r"@[A-Z_]+@")


def render(template: str, **values: object) -> str:
    """A file from deploy/templates with its @NAME@ placeholders filled in."""
    text = (TEMPLATES / template).read_text()
    for name, value in values.items():
        text = text.replace(f"@{name.upper()}@", str(value))
    left = _PLACEHOLDER.search(text)
    assert left is None, f"{template}: no value for {left.group(0)}"
    return text


def site_environment(
    host: RemoteHost, options: DeployOptions, layout: SiteLayout
) -> dict[str, str]:
    """The site's `.env` values (the secret key survives redeploys)."""
    old = read_env(host.run(f"cat {layout.env_file} 2>/dev/null || true").stdout)
    values = {
        "DJANGO_DEBUG_FALSE": "1",
        "DJANGO_SECRET_KEY": old.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOST": options.domain,
        "DJANGO_DB_PATH": f"{host.home}/{layout.root}/db.sqlite3",
        "DJANGO_STATIC_ROOT": options.services.static_root,
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_ACCEPTANCE_FIXTURES": "1" if options.staging else "0",
        **options.mail.environment(),
    }
    if options.insecure_http:
        values["DJANGO_INSECURE_HTTP"] = "1"
    return values


def install_units(host: RemoteHost, options: DeployOptions, folder: str, number: int) -> None:
    """The systemd socket and service of one instance."""
    services = options.services
    values = {
        "site": options.site,
        "number": number,
        "unit": services.unit(number),
        "socket": services.socket(number),
        "user": host.c.user,
        "folder": f"{host.home}/{folder}",
    }
    for kind in ("socket", "service"):
        host.install(
            render(f"gunicorn.{kind}", **values),
            f"/etc/systemd/system/{services.unit(number)}.{kind}",
        )


def nginx_site(options: DeployOptions, release: str = "") -> str:
    """The nginx site of `release`: its certificate files are its own."""
    services = options.services
    servers = []
    for number in range(1, options.instances + 1):
        servers.append(
            render(
                "nginx-insecure.conf" if options.insecure_http else "nginx-https.conf",
                port=instance_port(options.port, number),
                host=options.domain,
                site=options.site,
                certificate=services.certificate(release),
                certificate_key=services.certificate_key(release),
                static_root=services.static_root,
                socket=services.socket(number),
            )
        )
    redirect = (
        ""
        if options.insecure_http
        else render("nginx-redirect.conf", host=options.domain, site=options.site)
    )
    return render("nginx-site.conf", site=options.site, redirect=redirect, servers="".join(servers))


def install_supervision(host: RemoteHost, options: DeployOptions, layout: SiteLayout) -> None:
    """What keeps the host healthy whatever the release: nginx restarted when
    it dies, the site's logs rotated, its files the site user's alone."""
    host.install(render("nginx-restart.conf"), NGINX_DROP_IN)
    host.install(
        render("logrotate.conf", site=options.site, folder=f"{host.home}/{layout.root}",
               user=host.c.user, unit=options.services.unit()),
        f"/etc/logrotate.d/superlists-{options.site}",
    )  # fmt: skip
    host.run(
        f"chmod 700 {layout.root} && "
        f"find {layout.root} -maxdepth 3 \\( -name '*.sqlite3' -o -name '.env' "
        "-o -name 'instance-*.env' \\) -type f -exec chmod 600 {} +"
    )
