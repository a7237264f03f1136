"""Putting a release live and proving it: the switch (`src` renamed to the
release, nginx given its site and certificate, every gunicorn started or
reloaded), the wait for every instance to answer 200 over HTTPS on the server
itself (cut short when systemd keeps restarting a gunicorn), and the switch
back to the release that was live when the new one fails; also how a live
release is served (`served_by`), and `adopt`, which gives a live release from
before releases the settings a switch back needs.
"""

from __future__ import annotations

import time

from invoke.exceptions import Failure

from deploy.messages import DeployError, step
from deploy.options import DeployOptions, Served
from deploy.remote_host import SERVER_CHECKS, SERVER_RELEASES, RemoteHost, last_line, one_line, sh
from deploy.site_files import render
from deploy.site_layout import Release, SiteLayout, SiteServices, instance_port

#: How long a release just switched live has to answer 200 before the deploy
#: switches back by itself.
HEALTH_DEADLINE = 20.0
#: Restarts of a gunicorn since the switch that mean its release cannot start
#: (systemd restarts it every half second): waiting longer will not help.
CRASH_LOOP = 2


def _put_nginx_live(host: RemoteHost, release: Release, services: SiteServices) -> None:
    """Install the nginx site a release carries, test it, reload nginx. If
    nginx refuses it, the file it replaced is put back: a refused file left
    in place would stop nginx at its next restart, every site with it."""
    site, kept = services.nginx_site, f"{services.nginx_site}.before-switch"
    # sh -c: sudo runs one command, and these are several.
    host.sudo(sh(f"rm -f {kept}; if [ -e {site} ]; then cp -p {site} {kept}; fi"))
    host.sudo(f"install -o root -g root -m 644 {host.home}/{release.folder}/nginx-site.conf {site}")
    enabled = site.replace("sites-available", "sites-enabled")
    host.sudo(f"ln -sfn {site} {enabled}")
    tested = host.sudo("nginx -t", warn=True)
    if tested.failed:
        host.sudo(
            sh(f"if [ -e {kept} ]; then mv -f {kept} {site}; else rm -f {site} {enabled}; fi")
        )
        raise DeployError(f"nginx refuses the site's configuration: {last_line(tested)}")
    host.sudo(f"rm -f {kept}")
    host.sudo("systemctl reload-or-restart nginx")


def _start_or_reload(host: RemoteHost, unit: str, restart: bool) -> str:
    """Start the instance's gunicorn, or reload it gracefully if it runs
    (restart it when the release brings another virtualenv: a reload keeps
    the master's own Python packages)."""
    host.sudo(f"systemctl enable --now {unit}.socket >/dev/null 2>&1")
    if host.run(f"systemctl is-active --quiet {unit}.service", warn=True).ok:
        if restart:
            host.sudo(f"systemctl restart {unit}.service")
            return "restarted (new virtualenv)"
        host.sudo(f"systemctl reload {unit}.service")
        return "reloaded"
    host.sudo(f"systemctl enable --now {unit}.service >/dev/null 2>&1")
    return "started"


def _switch(
    host: RemoteHost, options: DeployOptions, layout: SiteLayout, release: Release
) -> str | None:
    """Put `release` live: `src` (and through it .env, .venv and gunicorn's
    settings), nginx with its certificate, gunicorn. What was live before."""
    said = host.script(SERVER_RELEASES, "switch", layout.root, release.name)
    _put_nginx_live(host, release, options.services)
    for number in range(1, options.instances + 1):
        done = _start_or_reload(host, options.services.unit(number), bool(said["new_venv"]))
        step(f"gunicorn {options.services.unit(number)} {done}")
    before = said["before"]
    return str(before) if before else None


def switch_back(host: RemoteHost, served: Served, layout: SiteLayout, release: Release) -> None:
    """Put an earlier release live again, every gunicorn restarted on it (a
    restart returns once the old master and its workers are gone: nothing the
    abandoned release runs answers after it)."""
    host.script(SERVER_RELEASES, "switch", layout.root, release.name)
    _put_nginx_live(host, release, served.services)
    for number in range(1, served.instances + 1):
        host.sudo(f"systemctl restart {served.services.unit(number)}.service")


def _answers(host: RemoteHost, served: Served, seconds: float) -> str:
    """ "" once every instance answers 200 over HTTPS on the server; else what one said."""
    for number in range(1, served.instances + 1):
        port = str(instance_port(served.port, number))
        # The escape hatch has no certificate to check: it is asked over http.
        scheme = ["http"] if served.insecure_http else []
        said = host.script(SERVER_CHECKS, "site", served.domain, port, str(seconds), *scheme)
        if not said["ok"]:
            return f"{served.url(number)} {said['said']}"
    return ""


def go_live(host: RemoteHost, options: DeployOptions, layout: SiteLayout, release: Release) -> None:
    """Switch, and switch back by itself if the switch fails or the site does
    not answer."""
    live = host.script(SERVER_RELEASES, "previous", layout.root)["live"]
    earlier = adopt(host, options, Release(layout, str(live))) if live else None
    step(f"Switching to release {release.name}")
    try:
        _switch(host, options, layout, release)
        host.sudo("systemctl enable nginx >/dev/null 2>&1")
        step(f"Waiting up to {HEALTH_DEADLINE:g}s for the site to answer 200 over HTTPS")
        trouble = proves_itself(host, options, HEALTH_DEADLINE)
    except (DeployError, Failure) as error:
        trouble = str(error) if isinstance(error, DeployError) else one_line(error, host.c)
    if not trouble:
        return
    if live is None or earlier is None:
        raise DeployError(f"{trouble}; there is no earlier release to go back to: see `fab logs`")
    step(f"The new release failed ({trouble}): switching back to release {live}")
    switch_back(host, earlier, layout, Release(layout, str(live)))
    again = _answers(host, earlier, HEALTH_DEADLINE)
    raise DeployError(
        f"release {release.name} did not prove itself once live ({trouble}); "
        f"switched back to release {live}, which "
        + ("answers again" if not again else f"does not answer either ({again})")
        + "; see `fab logs`"
    )


def proves_itself(host: RemoteHost, served: Served, seconds: float) -> str:
    """ "" once every instance answers 200 over HTTPS; else what went wrong,
    said early when a gunicorn keeps restarting after the switch."""
    units = [served.services.unit(number) for number in range(1, served.instances + 1)]
    started = _restarts(host, units)
    deadline = time.monotonic() + seconds
    while True:
        trouble = _answers(host, served, min(2.0, max(0.5, deadline - time.monotonic())))
        if not trouble:
            return ""
        now = _restarts(host, units)
        for unit in units:
            if now[unit] - started[unit] >= CRASH_LOOP:
                return (
                    f"gunicorn {unit} restarted {now[unit] - started[unit]} times since the "
                    "switch: the release does not start"
                )
        if time.monotonic() >= deadline:
            return trouble


def _restarts(host: RemoteHost, units: list[str]) -> dict[str, int]:
    """How many times systemd has restarted each unit's service."""
    shown = host.run(
        "systemctl show -p NRestarts --value " + " ".join(f"{unit}.service" for unit in units)
    ).stdout.split()
    counts = [int(value) if value.isdigit() else 0 for value in shown]
    counts += [0] * (len(units) - len(counts))  # a unit systemd does not know yet
    return dict(zip(units, counts, strict=False))


def adopt(host: RemoteHost, options: DeployOptions, live: Release) -> Served | None:
    """How the live release is served, read from its own record. A live
    release from before releases carried their settings is given them first
    (the site's .env, gunicorn's settings, the nginx site nginx serves now, a
    virtualenv of its own, hard-linked from the site's), and marked good, so
    that a switch back, and `fab rollback`, can return to it. None if it
    cannot be returned to."""
    served = served_by(host, live)
    if served is not None:
        return served
    site = live.layout.root
    if host.run(f"test -f {site}/.env -a ! -L {site}/.env", warn=True).failed:
        return None
    step(f"Giving the live release {live.name} (from before releases) its own settings")
    nginx = host.sudo(f"cat {options.services.nginx_site}", warn=True)
    if nginx.ok:
        host.put(nginx.stdout, f"{live.folder}/nginx-site.conf", mode="600")
    # The live virtualenv, hard-linked: the running gunicorn keeps its files.
    venv = "venvs/before-releases"
    host.run(
        f"cd {site} && cp -p .env {live.relative}/.env && chmod 600 {live.relative}/.env"
        f" && {{ test -L .venv || test -e {venv} || cp -al .venv {venv}; }}"
        f" && ln -sfn ../../{venv} {live.relative}/.venv"
    )
    host.put(render("gunicorn.conf.py"), f"{live.folder}/gunicorn.conf.py")
    served = Served(
        options.site, options.domain, options.port, options.insecure_http, options.instances
    )
    host.put(served.record(), f"{live.folder}/served.json")
    host.script(SERVER_RELEASES, "mark", site, live.name, "good")
    return served


def served_by(host: RemoteHost, release: Release) -> Served | None:
    """How `release` is served, from its record; None if it has none."""
    recorded = host.run(f"cat {release.folder}/served.json", warn=True)
    return Served.recorded(recorded.stdout) if recorded.ok else None
