"""Everything a deploy does before the switch, none of which changes what the
live site uses (beyond migrations, which have their own safety net): the mail
login checked from the server, the Debian packages, a new release folder with
the shipped source, its own virtualenv, `.env`, gunicorn and nginx files and
certificate, static files collected beside the live ones, the release checked
where only the server can check it, the migrations rehearsed on a copy of the
live database, the other staging instances' folders, and the systemd units.
"""

from __future__ import annotations

import io
import shlex

from deploy.messages import DeployError, step
from deploy.options import DeployOptions, MailSettings
from deploy.remote_host import SERVER_CHECKS, SERVER_RELEASES, RemoteHost, last_line
from deploy.shipping import requirements_digest, source_tarball, uncommitted_changes
from deploy.site_build import build_wheels
from deploy.site_files import (
    install_supervision,
    install_units,
    nginx_site,
    render,
    site_environment,
)
from deploy.site_layout import Release, SiteLayout, env_text

#: Debian packages a host needs: each line is satisfied by any of its packages.
PACKAGES = (("nginx", "nginx-light"), ("python3-venv",), ("logrotate",))


def check_mail(host: RemoteHost, mail: MailSettings) -> None:
    """The mail server accepts the site's login, seen from the server (no mail sent)."""
    step(f"Checking that the mail server {mail.where} accepts {mail.user}'s login ({mail.tls})")
    said = host.script(
        SERVER_CHECKS,
        "mail",
        mail.host,
        str(mail.port),
        mail.user,
        mail.tls,
        stdin=mail.password + "\n",
    )
    if said["ok"]:
        return
    if said.get("refused"):
        raise DeployError(
            f"the mail server {mail.where} refused {mail.user}'s login: {said['said']} "
            "(check EMAIL_HOST_USER and EMAIL_PASSWORD; the running site is unchanged)"
        )
    raise DeployError(
        f"the server cannot use the mail server {mail.where} ({mail.tls}): {said['said']} "
        "(check EMAIL_HOST, EMAIL_PORT and EMAIL_TLS; the running site is unchanged)"
    )


def ensure_packages(host: RemoteHost) -> None:
    """Install the `PACKAGES` the host lacks."""
    missing = []
    for choices in PACKAGES:
        query = " ".join(choices)
        installed = host.run(
            f"dpkg-query -W -f='${{Status}}\\n' {query} 2>/dev/null | grep -q 'ok installed'",
            warn=True,
        )
        if installed.failed:
            missing.append(choices[0])
    if missing:
        step(f"Installing {' '.join(missing)} (apt)")
        host.sudo(
            f"env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {' '.join(missing)}",
            timeout=600,
        )


def _ship_release(host: RemoteHost, layout: SiteLayout, release: Release) -> None:
    """Upload the source into the release's folder, and give it a virtualenv
    of its own (shared only with releases of the same requirements: the live
    site's is never changed under it)."""
    changed = uncommitted_changes()
    if changed:
        shown = ", ".join(changed[:5]) + (", ..." if len(changed) > 5 else "")
        step(f"Note: shipping {len(changed)} tracked file(s) with uncommitted changes: {shown}")
    step(f"Uploading source (files tracked by git) to ~/{release.folder}")
    host.run(f"mkdir -p {layout.root}/wheels {layout.logs} {layout.root}/venvs")
    host.c.put(io.BytesIO(source_tarball()), f"{release.folder}.tar.gz")
    host.run(f"tar -xzf {release.folder}.tar.gz -C {release.folder} && rm {release.folder}.tar.gz")

    wheels = build_wheels(step)
    present = set(host.run(f"ls {layout.root}/wheels").stdout.split())
    missing = [w for w in sorted(wheels.glob("*.whl")) if w.name not in present]
    step(f"Uploading {len(missing)} new wheel(s); {len(present)} already there")
    for wheel in missing:
        host.c.put(str(wheel), f"{layout.root}/wheels/{wheel.name}")
    venv = f"venvs/{requirements_digest()}"
    if host.run(f"test -f {layout.root}/{venv}/.complete", warn=True).failed:
        step(f"Installing requirements into a new virtualenv, ~/{layout.root}/{venv}")
        host.run(
            f"cd {layout.root} && rm -rf {venv} && python3 -m venv {venv} && "
            f"{venv}/bin/pip install -q --disable-pip-version-check --no-index "
            f"--find-links wheels -r {release.relative}/requirements.txt && touch {venv}/.complete"
        )
    else:
        step(f"Requirements unchanged: the release uses ~/{layout.root}/{venv}")
    host.run(f"ln -sfn ../../{venv} {release.folder}/.venv")


def _instance_folders(
    host: RemoteHost,
    options: DeployOptions,
    site: SiteLayout,
    release: Release,
    env: dict[str, str],
) -> None:
    """Staging instances 2..N beside the site: the same release (through the
    site's `src`), each its own database, logs, units and port. Their settings
    are the release's, like the site's own."""
    for number in range(2, options.instances + 1):
        instance = site.instance(number)
        settings = f"instance-{number}.env"
        values = dict(env, DJANGO_DB_PATH=f"{host.home}/{instance.root}/db.sqlite3")
        host.put(env_text(values), f"{release.folder}/{settings}", mode="600")
        host.run(
            f"mkdir -p {instance.logs} && ln -sfn ../../src {instance.source} "
            f"&& ln -sfn ../../.venv {instance.root}/.venv "
            f"&& ln -sfn src/{settings} {instance.root}/.env "
            f"&& ln -sfn src/gunicorn.conf.py {instance.root}/gunicorn.conf.py"
        )
        host.run(
            f"cd {release.folder} && set -a && . ./{settings} && set +a && "
            ".venv/bin/python manage.py migrate --noinput"
        )


def _stage_certificate(host: RemoteHost, options: DeployOptions, release: Release) -> None:
    """Install the release's certificate beside the live one (nginx does not
    read it until the switch), then check it as only this server can."""
    if options.certificate is None or options.certificate_key is None:
        return
    services = options.services
    step("Checking the certificate against the server's own trust store and clock")
    host.install(options.certificate.read_text(), services.certificate(release.name))
    host.install(
        options.certificate_key.read_text(), services.certificate_key(release.name), mode="600"
    )
    said = host.script(
        SERVER_CHECKS, "certificate", services.certificate(release.name),
        services.certificate_key(release.name), options.domain, sudo=True,
    )  # fmt: skip
    if not said["ok"]:
        raise DeployError(
            f"the server does not accept --cert {options.certificate} for {options.domain}: "
            f"{said['said']}; nothing was installed live"
        )


def _check_release(
    host: RemoteHost, options: DeployOptions, release: Release, database: str, stage: str
) -> bool:
    """What only the server can check, on the new release, before it is live
    (`server_checks.release_ready`): with stage "all", Django's deploy checks,
    then, unless migrations are pending, that the app loads and serves its
    home page from `database`; with "boot", only the latter. Whether
    migrations are pending."""
    said = host.script(
        SERVER_CHECKS, "release", options.domain, stage, python=".venv/bin/python",
        prefix=release.command(f"DJANGO_DB_PATH={shlex.quote(database)} "),
    )  # fmt: skip
    if not said["ok"]:
        raise DeployError(
            f"the new release is not ready, on the server: {said['said']}; "
            "the live site is unchanged"
        )
    return bool(said.get("pending"))


def check_and_migrate(
    host: RemoteHost, options: DeployOptions, layout: SiteLayout, release: Release, database: str
) -> None:
    """Check the release, and apply its migrations with a safety net: first
    on a copy of the live database (the release is checked against that
    copy), then on the live one, backed up just before, and put back if they
    fail there."""
    step("Checking the release: Django's deploy checks, migrations, the app boots and answers")
    if not _check_release(host, options, release, database, "all"):
        step("No migrations to apply")
        return
    exists = host.run(f"test -s {shlex.quote(database)}", warn=True).ok
    if exists:
        step("Rehearsing the migrations on a copy of the live database")
        copy = f"{host.home}/{release.folder}/rehearsal.sqlite3"
        host.script(SERVER_RELEASES, "backup", database, copy)
        try:
            rehearsed = host.run(
                release.command(
                    f"DJANGO_DB_PATH={copy} .venv/bin/python manage.py migrate --noinput"
                ),
                warn=True,
            )
            if rehearsed.failed:
                raise DeployError(
                    f"a migration fails on a copy of the live database: {last_line(rehearsed)}; "
                    "the live database is unchanged"
                )
            _check_release(host, options, release, copy, "boot")
        finally:
            host.run(f"rm -f {copy}")
    backup = f"{host.home}/{layout.root}/backups/{release.name}.sqlite3"
    if exists:
        step(f"Backing up the live database to ~/{layout.root}/backups/{release.name}.sqlite3")
        host.script(SERVER_RELEASES, "backup", database, backup)
    step("Migrating the live database")
    migrated = host.run(release.manage("migrate --noinput"), warn=True)
    if migrated.failed:
        if not exists:
            raise DeployError(f"the migrations fail on a new database: {last_line(migrated)}")
        host.script(SERVER_RELEASES, "restore", backup, database)
        raise DeployError(
            f"migrating the live database failed: {last_line(migrated)}; it is restored "
            f"from ~/{layout.root}/backups/{release.name}.sqlite3, taken just before"
        )
    if not exists:
        _check_release(host, options, release, database, "boot")


def prepare(host: RemoteHost, options: DeployOptions, layout: SiteLayout, release: Release) -> None:
    """Everything up to the switch; the live site does not change (beyond
    migrations, which have their own safety net)."""
    _ship_release(host, layout, release)
    step("Writing the release's .env (mode 600) and gunicorn's settings")
    env = site_environment(host, options, layout)
    env["DJANGO_STATIC_MANIFEST_DIR"] = f"{host.home}/{release.folder}"
    host.put(env_text(env), f"{release.folder}/.env", mode="600")
    host.put(render("gunicorn.conf.py"), f"{release.folder}/gunicorn.conf.py")
    host.put(nginx_site(options, release.name), f"{release.folder}/nginx-site.conf", mode="600")
    host.put(options.record(), f"{release.folder}/served.json")
    _stage_certificate(host, options, release)
    step("Collecting static files beside the live ones (the release keeps its manifest)")
    user = host.c.user
    host.sudo(f"install -d -o {user} -g {user} -m 755 {options.services.static_root}")
    host.run(release.manage("collectstatic --noinput -v 0"))
    check_and_migrate(host, options, layout, release, env["DJANGO_DB_PATH"])
    _instance_folders(host, options, layout, release, env)
    step("Installing the systemd units, nginx's supervision and the log rotation")
    for number in range(1, options.instances + 1):
        install_units(host, options, layout.instance(number).root, number)
    install_supervision(host, options, layout)
    host.sudo("systemctl daemon-reload")
