"""Deploy superlists to a Debian server over SSH with Fabric 3.

    fab -H deploy@host deploy --cert site.pem --key site.key   production
    fab -H deploy@host deploy --staging --cert ... --key ...   staging: the same,
                                                                plus the fixture opt-in
    fab -H deploy@host logs

The deploy user needs sudo (nginx, systemd units and the TLS files live
outside its home). The mail settings come from options or from the
environment (`EMAIL_HOST`, `EMAIL_PORT`, `EMAIL_HOST_USER`, `EMAIL_TLS`);
the password only from the environment (`EMAIL_PASSWORD`), never argv.

What a deploy does, in order (`deploy` below):

1. checks what it was given here: the certificate and key (they match, and
   name the host), the mail settings;
2. checks, on the server, that the mail server accepts the login
   (connect, STARTTLS, AUTH, QUIT: no mail sent); a refusal stops here,
   with the running site untouched;
3. ships the site's files git tracks into a new release folder, installs the
   pinned wheels built here, writes `.env` (mode 600), migrates and
   collects static files (hashed names, served by nginx for a year);
4. switches the live `src` link to the release in one rename, installs the
   systemd socket and service (gunicorn, supervised, restarted on failure),
   the nginx site (TLS on 443, port 80 redirects) and the certificate;
5. starts gunicorn, or reloads it gracefully (HUP: new workers start on the
   new release while the old ones finish; the socket is systemd's, so no
   request is refused), reloads nginx, and waits until the site answers
   over HTTPS on the server itself.

`--staging` adds the two keys' server half: the acceptance fixtures (the
login back door). `--insecure-http` is the named escape hatch for a site
with no certificate: nginx serves plain HTTP, and Django is told so.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import secrets
import shlex
import socket
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fabric import Connection, task
from invoke.exceptions import Failure, UnexpectedExit
from paramiko.ssh_exception import SSHException

from deploy import PROJECT
from deploy.site_build import build_wheels
from deploy.site_layout import (
    HTTPS_PORT,
    MAX_INSTANCES,
    SiteLayout,
    SiteServices,
    env_text,
    instance_port,
    read_env,
)
from deploy.tls import CertificateProblem, check_certificate

# paramiko logs connection failures with tracebacks from its own thread; the
# one-line error below says the same thing.
logging.getLogger("paramiko").setLevel(logging.CRITICAL)

TEMPLATES = Path(__file__).resolve().parent / "templates"
SERVER_CHECKS = Path(__file__).resolve().parent / "server_checks.py"
SERVER_RELEASES = Path(__file__).resolve().parent / "server_releases.py"
#: Good releases kept on the server besides the live one, for `fab rollback`.
RELEASES_KEPT = 3
#: How long a release just switched live has to answer 200 before the deploy
#: switches back by itself.
HEALTH_DEADLINE = 20.0
#: One deploy or rollback at a time on a host, whatever the site (relative to
#: the deploy user's home, where SSH commands start).
DEPLOY_LOCK = "sites/.deploy.lock"
#: How long the host may take to say whether its deploy lock is free.
LOCK_ANSWER_SECONDS = 30
#: Restarts nginx when it dies: Debian's unit does not.
NGINX_DROP_IN = "/etc/systemd/system/nginx.service.d/superlists-restart.conf"
TLS_MODES = ("starttls", "ssl", "none")
_PLACEHOLDER = re.compile(r"@[A-Z_]+@")


class DeployError(Exception):
    """Stops the deploy; the message is one line saying what and how to fix it."""


class Interrupted(DeployError):
    """Ctrl-C (or SIGINT) stopped a deploy: the message says what is live."""


def step(message: str) -> None:
    """Progress output: deploys take tens of seconds."""
    print(f"==> {message}", flush=True)


def _git(root: Path, *args: str) -> list[str]:
    """NUL-separated output of a git command in `root`, as a list."""
    command, *rest = args
    output = subprocess.run(
        ["git", command, "-z", *rest], cwd=root, check=True, capture_output=True
    ).stdout.decode(errors="surrogateescape")  # any bytes git allows in a name
    return [entry for entry in output.split("\0") if entry]


#: What a site needs from the checkout: the app, its entry point and its
#: requirements. The acceptance suite, its harness and the deploy tooling stay here.
SITE_PATHS = ("manage.py", "requirements.txt", "superlists/")


def shipped_files(root: Path = PROJECT) -> list[str]:
    """What a deploy ships: the site's files (`SITE_PATHS`) that git tracks and
    that exist in the working tree.

    Untracked and ignored files never leave this machine, whatever they are.
    """
    real_root = root.resolve()

    def inside(name: str) -> bool:
        # A tracked path under a symlinked folder may point at untracked files
        # anywhere: ship regular files that really are where git says.
        path = root / name
        return path.is_file() and not path.is_symlink() and path.resolve() == real_root / name

    tracked = _git(root, "ls-files", "--cached", "--", *SITE_PATHS)
    return [name for name in tracked if inside(name)]


def uncommitted_changes(root: Path = PROJECT) -> list[str]:
    """Tracked files whose working-tree content differs from the last commit."""
    # Porcelain -z entries read "XY path"; renames add the old path as an entry of its own.
    return [
        entry[3:]
        for entry in _git(root, "status", "--porcelain", "--untracked-files=no")
        if len(entry) > 3 and entry[2] == " "
    ]


def _source_tarball(root: Path = PROJECT) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name in shipped_files(root):
            tar.add(root / name, arcname=name)
    return buffer.getvalue()


@dataclass(frozen=True)
class MailSettings:
    """How the site sends email: an SMTP server and its login."""

    host: str
    port: int
    user: str
    tls: str
    password: str

    @classmethod
    def chosen(
        cls, options: dict[str, Any], environ: dict[str, str] | os._Environ[str]
    ) -> MailSettings:
        """From the task's options, else `EMAIL_*` in `environ`; the password
        only from `environ`."""

        def pick(option: str, variable: str) -> str:
            value = options.get(option)
            return str(value if value not in (None, "") else environ.get(variable, "")).strip()

        host = pick("email_host", "EMAIL_HOST")
        user = pick("email_user", "EMAIL_HOST_USER")
        tls = pick("email_tls", "EMAIL_TLS").lower() or "starttls"
        port_text = pick("email_port", "EMAIL_PORT") or ("465" if tls == "ssl" else "587")
        password = environ.get("EMAIL_PASSWORD", "")
        if not host:
            raise DeployError(
                "no mail server: set EMAIL_HOST, EMAIL_HOST_USER and EMAIL_PASSWORD in the "
                "environment (or --email-host/--email-user, the password only in EMAIL_PASSWORD)"
                "; `make staging-host` writes them to .staging/env"
            )
        if tls not in TLS_MODES:
            raise DeployError(f"--email-tls {tls!r}: use one of {', '.join(TLS_MODES)}")
        if not (port_text.isascii() and port_text.isdigit() and 0 < int(port_text) < 65536):
            raise DeployError(f"--email-port {port_text!r}: use a port number 1-65535")
        if not user or not password:
            missing = "EMAIL_HOST_USER (or --email-user)" if not user else "EMAIL_PASSWORD"
            raise DeployError(
                f"the mail server {host} needs a login: set {missing} in the environment"
            )
        if "\n" in password or "\n" in user:
            raise DeployError("EMAIL_PASSWORD and EMAIL_HOST_USER must be one line each")
        return cls(host, int(port_text), user, tls, password)

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    def environment(self) -> dict[str, str]:
        """The site's .env lines for this mail server."""
        return {
            "EMAIL_HOST": self.host,
            "EMAIL_PORT": str(self.port),
            "EMAIL_HOST_USER": self.user,
            "EMAIL_PASSWORD": self.password,
            "EMAIL_USE_TLS": "1" if self.tls == "starttls" else "0",
            "EMAIL_USE_SSL": "1" if self.tls == "ssl" else "0",
        }


@dataclass(frozen=True)
class Served:
    """How a site is served: what a rollback needs to know (each release
    records it, in `served.json`)."""

    site: str
    #: The site's name in URLs (the certificate names it): the SSH host by default.
    domain: str
    port: int
    insecure_http: bool
    instances: int

    @property
    def services(self) -> SiteServices:
        return SiteServices(self.site)

    def url(self, number: int = 1) -> str:
        """Where instance `number` is served."""
        scheme, default = ("http", 80) if self.insecure_http else ("https", 443)
        port = instance_port(self.port, number)
        return f"{scheme}://{self.domain}" + ("" if port == default else f":{port}")

    def record(self) -> str:
        return json.dumps(
            {"site": self.site, "domain": self.domain, "port": self.port,
             "insecure_http": self.insecure_http, "instances": self.instances}
        )  # fmt: skip

    @classmethod
    def recorded(cls, text: str) -> Served:
        values = json.loads(text)
        return cls(
            str(values["site"]), str(values["domain"]), int(values["port"]),
            bool(values["insecure_http"]), int(values["instances"]),
        )  # fmt: skip


@dataclass(frozen=True)
class Plan(Served):
    """Everything a deploy was asked for, checked before touching the server."""

    staging: bool
    certificate: Path | None
    certificate_key: Path | None
    mail: MailSettings


#: A site's name: it names folders, systemd units and files under /etc, so
#: plain words only, and never ending in "-<digit>" (instance n's units are
#: "superlists-<site>-<n>").
SITE_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*$")


def _site_name(site: str) -> str:
    if not SITE_NAME.match(site):
        raise DeployError(
            f"--site {site!r}: use lower-case letters and digits, words joined by '-' "
            "(e.g. superlists, superlists-beta)"
        )
    return site


def _plan(c: Connection, options: dict[str, Any]) -> Plan:
    site = _site_name(str(options["site"]))
    instances = str(options["instances"]).strip()
    if not (instances.isascii() and instances.isdigit() and 1 <= int(instances) <= MAX_INSTANCES):
        raise DeployError(f"--instances {instances}: use 1 to {MAX_INSTANCES}")
    if int(instances) > 1 and not options["staging"]:
        raise DeployError("--instances is for disposable staging only: add --staging")
    insecure = bool(options["insecure_http"])
    port_text = str(options["port"] or (80 if insecure else HTTPS_PORT))
    if not (port_text.isdigit() and 0 < int(port_text) + int(instances) - 1 < 65536):
        raise DeployError(f"--port {port_text}: use a port number 1-65535")
    domain = str(options["domain"] or c.host)
    certificate = key = None
    if not insecure:
        if not options["cert"] or not options["key"]:
            raise DeployError(
                "HTTPS needs a certificate: --cert FILE --key FILE (PEM files here; "
                "`make staging-host` makes a pair for the staging host), or the named "
                "escape hatch --insecure-http"
            )
        certificate, key = Path(options["cert"]), Path(options["key"])
        try:
            check_certificate(certificate, key, domain)
        except CertificateProblem as problem:
            raise DeployError(str(problem)) from None
    return Plan(
        site=site,
        domain=domain,
        port=int(port_text),
        staging=bool(options["staging"]),
        insecure_http=insecure,
        instances=int(instances),
        certificate=certificate,
        certificate_key=key,
        mail=MailSettings.chosen(options, os.environ),
    )


def _render(template: str, **values: object) -> str:
    """A file from deploy/templates with its @NAME@ placeholders filled in."""
    text = (TEMPLATES / template).read_text()
    for name, value in values.items():
        text = text.replace(f"@{name.upper()}@", str(value))
    left = _PLACEHOLDER.search(text)
    assert left is None, f"{template}: no value for {left.group(0)}"
    return text


class Server:
    """The deploy's view of one host: commands, files, sudo, its checks."""

    def __init__(self, c: Connection) -> None:
        self.c = c
        self.home = ""

    @property
    def where(self) -> str:
        return f"{self.c.user}@{self.c.host}:{self.c.port}"

    def run(self, command: str, **kwargs: Any) -> Any:
        return self.c.run(command, hide=True, **kwargs)

    def sudo(self, command: str, **kwargs: Any) -> Any:
        return self.c.sudo(command, hide=True, **kwargs)

    def put(self, content: str | bytes, path: str, mode: str = "644") -> None:
        """Write a file the deploy user owns, with `mode` from the first byte
        (`.env` holds secrets: it must never be readable by others, even briefly)."""
        data = content.encode() if isinstance(content, str) else content
        quoted = shlex.quote(path)
        # SFTP keeps an existing file's mode when it overwrites it.
        self.run(f"(umask 077 && : > {quoted}) && chmod {mode} {quoted}")
        self.c.put(io.BytesIO(data), path)

    def install(self, content: str, path: str, mode: str = "644") -> None:
        """Write a root-owned file outside the deploy user's home, through sudo."""
        staging = f"{self.home}/.superlists-upload-{secrets.token_hex(4)}"
        self.put(content, staging, mode="600")
        self.sudo(
            f"install -D -o root -g root -m {mode} {staging} {shlex.quote(path)} && rm -f {staging}"
        )

    def check_sudo(self) -> None:
        if self.c.config.sudo.password:
            return  # fab --prompt-for-sudo-password
        if self.run("sudo -n true", warn=True).failed:
            raise DeployError(
                f"{self.where} cannot use sudo without a password: give the deploy user "
                "NOPASSWD sudo, or add --prompt-for-sudo-password"
            )

    def script(
        self,
        script: Path,
        *arguments: str,
        stdin: str = "",
        sudo: bool = False,
        python: str = "python3",
        prefix: str = "",
    ) -> dict[str, Any]:
        """Run one of this package's stdlib-only scripts on the server
        (`server_checks.py`, `server_releases.py`): its one JSON line."""
        argv = " ".join(shlex.quote(a) for a in arguments)
        command = f"{prefix}{python} -c {shlex.quote(script.read_text())} {argv}"
        if sudo:
            result = self.sudo(command, in_stream=io.StringIO(stdin))
        else:
            result = self.run(command, in_stream=io.StringIO(stdin))
        return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def sh(script: str) -> str:
    """`script` as one command (for sudo, which runs only the first of several)."""
    return f"sh -c {shlex.quote(script)}"


def _check_mail(server: Server, mail: MailSettings) -> None:
    step(f"Checking that the mail server {mail.where} accepts {mail.user}'s login ({mail.tls})")
    said = server.script(
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


#: Debian packages a host needs: each line is satisfied by any of its packages.
PACKAGES = (("nginx", "nginx-light"), ("python3-venv",), ("logrotate",))


def _ensure_packages(server: Server) -> None:
    missing = []
    for choices in PACKAGES:
        query = " ".join(choices)
        installed = server.run(
            f"dpkg-query -W -f='${{Status}}\\n' {query} 2>/dev/null | grep -q 'ok installed'",
            warn=True,
        )
        if installed.failed:
            missing.append(choices[0])
    if missing:
        step(f"Installing {' '.join(missing)} (apt)")
        server.sudo(
            f"env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {' '.join(missing)}",
            timeout=600,
        )


def _ship_release(server: Server, layout: SiteLayout, release: Release) -> None:
    """Upload the source into the release's folder, and give it a virtualenv
    of its own (shared only with releases of the same requirements: the live
    site's is never changed under it)."""
    changed = uncommitted_changes()
    if changed:
        shown = ", ".join(changed[:5]) + (", ..." if len(changed) > 5 else "")
        step(f"Note: shipping {len(changed)} tracked file(s) with uncommitted changes: {shown}")
    step(f"Uploading source (files tracked by git) to ~/{release.folder}")
    server.run(f"mkdir -p {layout.root}/wheels {layout.logs} {layout.root}/venvs")
    server.c.put(io.BytesIO(_source_tarball()), f"{release.folder}.tar.gz")
    server.run(
        f"tar -xzf {release.folder}.tar.gz -C {release.folder} && rm {release.folder}.tar.gz"
    )

    wheels = build_wheels(step)
    present = set(server.run(f"ls {layout.root}/wheels").stdout.split())
    missing = [w for w in sorted(wheels.glob("*.whl")) if w.name not in present]
    step(f"Uploading {len(missing)} new wheel(s); {len(present)} already there")
    for wheel in missing:
        server.c.put(str(wheel), f"{layout.root}/wheels/{wheel.name}")
    venv = f"venvs/{requirements_digest()}"
    if server.run(f"test -f {layout.root}/{venv}/.complete", warn=True).failed:
        step(f"Installing requirements into a new virtualenv, ~/{layout.root}/{venv}")
        server.run(
            f"cd {layout.root} && rm -rf {venv} && python3 -m venv {venv} && "
            f"{venv}/bin/pip install -q --disable-pip-version-check --no-index "
            f"--find-links wheels -r {release.relative}/requirements.txt && touch {venv}/.complete"
        )
    else:
        step(f"Requirements unchanged: the release uses ~/{layout.root}/{venv}")
    server.run(f"ln -sfn ../../{venv} {release.folder}/.venv")


def _site_environment(server: Server, plan: Plan, layout: SiteLayout) -> dict[str, str]:
    old = read_env(server.run(f"cat {layout.env_file} 2>/dev/null || true").stdout)
    values = {
        "DJANGO_DEBUG_FALSE": "1",
        "DJANGO_SECRET_KEY": old.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOST": plan.domain,
        "DJANGO_DB_PATH": f"{server.home}/{layout.root}/db.sqlite3",
        "DJANGO_STATIC_ROOT": plan.services.static_root,
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_ACCEPTANCE_FIXTURES": "1" if plan.staging else "0",
        **plan.mail.environment(),
    }
    if plan.insecure_http:
        values["DJANGO_INSECURE_HTTP"] = "1"
    return values


def _units(server: Server, plan: Plan, folder: str, number: int) -> None:
    """The systemd socket and service of one instance."""
    services = plan.services
    values = {
        "site": plan.site,
        "number": number,
        "unit": services.unit(number),
        "socket": services.socket(number),
        "user": server.c.user,
        "folder": f"{server.home}/{folder}",
    }
    for kind in ("socket", "service"):
        server.install(
            _render(f"gunicorn.{kind}", **values),
            f"/etc/systemd/system/{services.unit(number)}.{kind}",
        )


def _nginx_site(plan: Plan, release: str = "") -> str:
    """The nginx site of `release`: its certificate files are its own."""
    services = plan.services
    servers = []
    for number in range(1, plan.instances + 1):
        servers.append(
            _render(
                "nginx-insecure.conf" if plan.insecure_http else "nginx-https.conf",
                port=instance_port(plan.port, number),
                host=plan.domain,
                site=plan.site,
                certificate=services.certificate(release),
                certificate_key=services.certificate_key(release),
                static_root=services.static_root,
                socket=services.socket(number),
            )
        )
    redirect = (
        ""
        if plan.insecure_http
        else _render("nginx-redirect.conf", host=plan.domain, site=plan.site)
    )
    return _render("nginx-site.conf", site=plan.site, redirect=redirect, servers="".join(servers))


def _start_or_reload(server: Server, unit: str, restart: bool) -> str:
    """Start the instance's gunicorn, or reload it gracefully if it runs
    (restart it when the release brings another virtualenv: a reload keeps
    the master's own Python packages)."""
    server.sudo(f"systemctl enable --now {unit}.socket >/dev/null 2>&1")
    if server.run(f"systemctl is-active --quiet {unit}.service", warn=True).ok:
        if restart:
            server.sudo(f"systemctl restart {unit}.service")
            return "restarted (new virtualenv)"
        server.sudo(f"systemctl reload {unit}.service")
        return "reloaded"
    server.sudo(f"systemctl enable --now {unit}.service >/dev/null 2>&1")
    return "started"


def _instance_folders(
    server: Server, plan: Plan, site: SiteLayout, release: Release, env: dict[str, str]
) -> None:
    """Staging instances 2..N beside the site: the same release (through the
    site's `src`), each its own database, logs, units and port. Their settings
    are the release's, like the site's own."""
    for number in range(2, plan.instances + 1):
        instance = site.instance(number)
        settings = f"instance-{number}.env"
        values = dict(env, DJANGO_DB_PATH=f"{server.home}/{instance.root}/db.sqlite3")
        server.put(env_text(values), f"{release.folder}/{settings}", mode="600")
        server.run(
            f"mkdir -p {instance.logs} && ln -sfn ../../src {instance.source} "
            f"&& ln -sfn ../../.venv {instance.root}/.venv "
            f"&& ln -sfn src/{settings} {instance.root}/.env "
            f"&& ln -sfn src/gunicorn.conf.py {instance.root}/gunicorn.conf.py"
        )
        server.run(
            f"cd {release.folder} && set -a && . ./{settings} && set +a && "
            ".venv/bin/python manage.py migrate --noinput"
        )


def _remove_stale_instances(server: Server, plan: Plan, site: SiteLayout) -> None:
    """Instances beyond `plan.instances`, once the new release is live."""
    existing = server.run(f"ls {site.root}/instances 2>/dev/null || true").stdout.split()
    for stale in sorted(int(n) for n in existing if n.isdigit() and int(n) > plan.instances):
        unit = plan.services.unit(stale)
        server.sudo(f"systemctl disable --now {unit}.socket {unit}.service >/dev/null 2>&1 || true")
        server.sudo(f"rm -f /etc/systemd/system/{unit}.socket /etc/systemd/system/{unit}.service")
        server.run(f"rm -rf {site.instance(stale).root}")
        step(f"Removed staging instance {stale}")


@dataclass(frozen=True)
class Release:
    """One release folder on the server, by name (`server_releases` names it)."""

    layout: SiteLayout
    name: str

    @property
    def folder(self) -> str:
        return f"{self.layout.releases}/{self.name}"

    @property
    def relative(self) -> str:
        """Its folder from the site's folder."""
        return f"releases/{self.name}"

    def command(self, command: str) -> str:
        """A shell command in the release's folder, with its own `.env` loaded
        (not the live one): how it is checked before it goes live. A release
        folder loads its settings as a site folder does."""
        return SiteLayout(self.folder).command(command)

    def manage(self, arguments: str) -> str:
        return self.command(f".venv/bin/python manage.py {arguments}")


def requirements_digest() -> str:
    """Names the virtualenv for requirements.txt's content."""
    return hashlib.sha256((PROJECT / "requirements.txt").read_bytes()).hexdigest()[:16]


def _stage_certificate(server: Server, plan: Plan, release: Release) -> None:
    """Install the release's certificate beside the live one (nginx does not
    read it until the switch), then check it as only this server can."""
    if plan.certificate is None or plan.certificate_key is None:
        return
    services = plan.services
    step("Checking the certificate against the server's own trust store and clock")
    server.install(plan.certificate.read_text(), services.certificate(release.name))
    server.install(
        plan.certificate_key.read_text(), services.certificate_key(release.name), mode="600"
    )
    said = server.script(
        SERVER_CHECKS, "certificate", services.certificate(release.name),
        services.certificate_key(release.name), plan.domain, sudo=True,
    )  # fmt: skip
    if not said["ok"]:
        raise DeployError(
            f"the server does not accept --cert {plan.certificate} for {plan.domain}: "
            f"{said['said']}; nothing was installed live"
        )


def _check_release(server: Server, plan: Plan, release: Release, database: str, stage: str) -> bool:
    """What only the server can check, on the new release, before it is live
    (`server_checks.release_ready`): with stage "all", Django's deploy checks,
    then, unless migrations are pending, that the app loads and serves its
    home page from `database`; with "boot", only the latter. Whether
    migrations are pending."""
    said = server.script(
        SERVER_CHECKS, "release", plan.domain, stage, python=".venv/bin/python",
        prefix=release.command(f"DJANGO_DB_PATH={shlex.quote(database)} "),
    )  # fmt: skip
    if not said["ok"]:
        raise DeployError(
            f"the new release is not ready, on the server: {said['said']}; "
            "the live site is unchanged"
        )
    return bool(said.get("pending"))


def _check_and_migrate(
    server: Server, plan: Plan, layout: SiteLayout, release: Release, database: str
) -> None:
    """Check the release, and apply its migrations with a safety net: first
    on a copy of the live database (the release is checked against that
    copy), then on the live one, backed up just before, and put back if they
    fail there."""
    step("Checking the release: Django's deploy checks, migrations, the app boots and answers")
    if not _check_release(server, plan, release, database, "all"):
        step("No migrations to apply")
        return
    exists = server.run(f"test -s {shlex.quote(database)}", warn=True).ok
    if exists:
        step("Rehearsing the migrations on a copy of the live database")
        copy = f"{server.home}/{release.folder}/rehearsal.sqlite3"
        server.script(SERVER_RELEASES, "backup", database, copy)
        try:
            rehearsed = server.run(
                release.command(
                    f"DJANGO_DB_PATH={copy} .venv/bin/python manage.py migrate --noinput"
                ),
                warn=True,
            )
            if rehearsed.failed:
                raise DeployError(
                    f"a migration fails on a copy of the live database: {_last(rehearsed)}; "
                    "the live database is unchanged"
                )
            _check_release(server, plan, release, copy, "boot")
        finally:
            server.run(f"rm -f {copy}")
    backup = f"{server.home}/{layout.root}/backups/{release.name}.sqlite3"
    if exists:
        step(f"Backing up the live database to ~/{layout.root}/backups/{release.name}.sqlite3")
        server.script(SERVER_RELEASES, "backup", database, backup)
    step("Migrating the live database")
    migrated = server.run(release.manage("migrate --noinput"), warn=True)
    if migrated.failed:
        if not exists:
            raise DeployError(f"the migrations fail on a new database: {_last(migrated)}")
        server.script(SERVER_RELEASES, "restore", backup, database)
        raise DeployError(
            f"migrating the live database failed: {_last(migrated)}; it is restored "
            f"from ~/{layout.root}/backups/{release.name}.sqlite3, taken just before"
        )
    if not exists:
        _check_release(server, plan, release, database, "boot")


def _put_nginx_live(server: Server, release: Release, services: SiteServices) -> None:
    """Install the nginx site a release carries, test it, reload nginx. If
    nginx refuses it, the file it replaced is put back: a refused file left
    in place would stop nginx at its next restart, every site with it."""
    site, kept = services.nginx_site, f"{services.nginx_site}.before-switch"
    # sh -c: sudo runs one command, and these are several.
    server.sudo(sh(f"rm -f {kept}; if [ -e {site} ]; then cp -p {site} {kept}; fi"))
    server.sudo(
        f"install -o root -g root -m 644 {server.home}/{release.folder}/nginx-site.conf {site}"
    )
    enabled = site.replace("sites-available", "sites-enabled")
    server.sudo(f"ln -sfn {site} {enabled}")
    tested = server.sudo("nginx -t", warn=True)
    if tested.failed:
        server.sudo(
            sh(f"if [ -e {kept} ]; then mv -f {kept} {site}; else rm -f {site} {enabled}; fi")
        )
        raise DeployError(f"nginx refuses the site's configuration: {_last(tested)}")
    server.sudo(f"rm -f {kept}")
    server.sudo("systemctl reload-or-restart nginx")


def _supervision(server: Server, plan: Plan, layout: SiteLayout) -> None:
    """What keeps the host healthy whatever the release: nginx restarted when
    it dies, the site's logs rotated, its files the site user's alone."""
    server.install(_render("nginx-restart.conf"), NGINX_DROP_IN)
    server.install(
        _render("logrotate.conf", site=plan.site, folder=f"{server.home}/{layout.root}",
                user=server.c.user, unit=plan.services.unit()),
        f"/etc/logrotate.d/superlists-{plan.site}",
    )  # fmt: skip
    server.run(
        f"chmod 700 {layout.root} && "
        f"find {layout.root} -maxdepth 3 \\( -name '*.sqlite3' -o -name '.env' "
        "-o -name 'instance-*.env' \\) -type f -exec chmod 600 {} +"
    )


def _switch(server: Server, plan: Plan, layout: SiteLayout, release: Release) -> str | None:
    """Put `release` live: `src` (and through it .env, .venv and gunicorn's
    settings), nginx with its certificate, gunicorn. What was live before."""
    said = server.script(SERVER_RELEASES, "switch", layout.root, release.name)
    _put_nginx_live(server, release, plan.services)
    for number in range(1, plan.instances + 1):
        done = _start_or_reload(server, plan.services.unit(number), bool(said["new_venv"]))
        step(f"gunicorn {plan.services.unit(number)} {done}")
    before = said["before"]
    return str(before) if before else None


def _switch_back(server: Server, plan: Served, layout: SiteLayout, release: Release) -> None:
    """Put an earlier release live again, every gunicorn restarted on it (a
    restart returns once the old master and its workers are gone: nothing the
    abandoned release runs answers after it)."""
    server.script(SERVER_RELEASES, "switch", layout.root, release.name)
    _put_nginx_live(server, release, plan.services)
    for number in range(1, plan.instances + 1):
        server.sudo(f"systemctl restart {plan.services.unit(number)}.service")


def _answers(server: Server, plan: Served, seconds: float) -> str:
    """ "" once every instance answers 200 over HTTPS on the server; else what one said."""
    for number in range(1, plan.instances + 1):
        port = str(instance_port(plan.port, number))
        # The escape hatch has no certificate to check: it is asked over http.
        scheme = ["http"] if plan.insecure_http else []
        said = server.script(SERVER_CHECKS, "site", plan.domain, port, str(seconds), *scheme)
        if not said["ok"]:
            return f"{plan.url(number)} {said['said']}"
    return ""


def _deploy(server: Server, plan: Plan) -> None:
    c = server.c
    layout = SiteLayout.named(plan.site)
    kind = "staging" if plan.staging else "production"
    scheme = "plain HTTP, declared insecure" if plan.insecure_http else "HTTPS through nginx"
    step(f"Deploying to {server.where}:~/{layout.root} ({kind}, {scheme}, {plan.url()})")
    server.home = c.run("echo $HOME", hide=True).stdout.strip()
    server.check_sudo()
    with _one_at_a_time(server, f"a deploy of {plan.site}"):
        _check_mail(server, plan.mail)
        _ensure_packages(server)
        name = str(server.script(SERVER_RELEASES, "new", layout.root)["release"])
        release = Release(layout, name)
        try:
            _prepare(server, plan, layout, release)
            _go_live(server, plan, layout, release)
        except KeyboardInterrupt:
            # Marked, not removed: a command already started on the server
            # (a migration, say) may still be running; the next deploy tidies.
            _mark_quietly(server, layout, release, "failed")
            raise Interrupted(_after_interrupt(server, layout, release)) from None
        except BaseException:
            _set_aside(server, plan, layout, release, "failed")
            raise
        server.script(SERVER_RELEASES, "mark", layout.root, release.name, "good")
        _remove_stale_instances(server, plan, layout)
        _tidy(server, plan, layout)
    step(
        f"Deployed release {release.name}: {plan.url()}"
        + (f" (and {plan.instances - 1} more)" * (plan.instances > 1))
    )


def _prepare(server: Server, plan: Plan, layout: SiteLayout, release: Release) -> None:
    """Everything up to the switch; the live site does not change (beyond
    migrations, which have their own safety net)."""
    _ship_release(server, layout, release)
    step("Writing the release's .env (mode 600) and gunicorn's settings")
    env = _site_environment(server, plan, layout)
    env["DJANGO_STATIC_MANIFEST_DIR"] = f"{server.home}/{release.folder}"
    server.put(env_text(env), f"{release.folder}/.env", mode="600")
    server.put(_render("gunicorn.conf.py"), f"{release.folder}/gunicorn.conf.py")
    server.put(_nginx_site(plan, release.name), f"{release.folder}/nginx-site.conf", mode="600")
    server.put(plan.record(), f"{release.folder}/served.json")
    _stage_certificate(server, plan, release)
    step("Collecting static files beside the live ones (the release keeps its manifest)")
    user = server.c.user
    server.sudo(f"install -d -o {user} -g {user} -m 755 {plan.services.static_root}")
    server.run(release.manage("collectstatic --noinput -v 0"))
    _check_and_migrate(server, plan, layout, release, env["DJANGO_DB_PATH"])
    _instance_folders(server, plan, layout, release, env)
    step("Installing the systemd units, nginx's supervision and the log rotation")
    for number in range(1, plan.instances + 1):
        _units(server, plan, layout.instance(number).root, number)
    _supervision(server, plan, layout)
    server.sudo("systemctl daemon-reload")


def _go_live(server: Server, plan: Plan, layout: SiteLayout, release: Release) -> None:
    """Switch, and switch back by itself if the switch fails or the site does
    not answer."""
    live = server.script(SERVER_RELEASES, "previous", layout.root)["live"]
    earlier = _adopt(server, plan, Release(layout, str(live))) if live else None
    step(f"Switching to release {release.name}")
    try:
        _switch(server, plan, layout, release)
        server.sudo("systemctl enable nginx >/dev/null 2>&1")
        step(f"Waiting up to {HEALTH_DEADLINE:g}s for the site to answer 200 over HTTPS")
        trouble = _proves_itself(server, plan, HEALTH_DEADLINE)
    except (DeployError, Failure) as error:
        trouble = str(error) if isinstance(error, DeployError) else _one_line(error, server.c)
    if not trouble:
        return
    if live is None or earlier is None:
        raise DeployError(f"{trouble}; there is no earlier release to go back to: see `fab logs`")
    step(f"The new release failed ({trouble}): switching back to release {live}")
    _switch_back(server, earlier, layout, Release(layout, str(live)))
    again = _answers(server, earlier, HEALTH_DEADLINE)
    raise DeployError(
        f"release {release.name} did not prove itself once live ({trouble}); "
        f"switched back to release {live}, which "
        + ("answers again" if not again else f"does not answer either ({again})")
        + "; see `fab logs`"
    )


#: Restarts of a gunicorn since the switch that mean its release cannot start
#: (systemd restarts it every half second): waiting longer will not help.
CRASH_LOOP = 2


def _proves_itself(server: Server, plan: Served, seconds: float) -> str:
    """ "" once every instance answers 200 over HTTPS; else what went wrong,
    said early when a gunicorn keeps restarting after the switch."""
    units = [plan.services.unit(number) for number in range(1, plan.instances + 1)]
    started = _restarts(server, units)
    deadline = time.monotonic() + seconds
    while True:
        trouble = _answers(server, plan, min(2.0, max(0.5, deadline - time.monotonic())))
        if not trouble:
            return ""
        now = _restarts(server, units)
        for unit in units:
            if now[unit] - started[unit] >= CRASH_LOOP:
                return (
                    f"gunicorn {unit} restarted {now[unit] - started[unit]} times since the "
                    "switch: the release does not start"
                )
        if time.monotonic() >= deadline:
            return trouble


def _restarts(server: Server, units: list[str]) -> dict[str, int]:
    """How many times systemd has restarted each unit's service."""
    shown = server.run(
        "systemctl show -p NRestarts --value " + " ".join(f"{unit}.service" for unit in units)
    ).stdout.split()
    counts = [int(value) if value.isdigit() else 0 for value in shown]
    counts += [0] * (len(units) - len(counts))  # a unit systemd does not know yet
    return dict(zip(units, counts, strict=False))


def _adopt(server: Server, plan: Plan, live: Release) -> Served | None:
    """How the live release is served, read from its own record. A live
    release from before releases carried their settings is given them first
    (the site's .env, gunicorn's settings, the nginx site nginx serves now, a
    virtualenv of its own, hard-linked from the site's), and marked good, so
    that a switch back, and `fab rollback`, can return to it. None if it
    cannot be returned to."""
    served = _served_by(server, live)
    if served is not None:
        return served
    site = live.layout.root
    if server.run(f"test -f {site}/.env -a ! -L {site}/.env", warn=True).failed:
        return None
    step(f"Giving the live release {live.name} (from before releases) its own settings")
    nginx = server.sudo(f"cat {plan.services.nginx_site}", warn=True)
    if nginx.ok:
        server.put(nginx.stdout, f"{live.folder}/nginx-site.conf", mode="600")
    # The live virtualenv, hard-linked: the running gunicorn keeps its files.
    venv = "venvs/before-releases"
    server.run(
        f"cd {site} && cp -p .env {live.relative}/.env && chmod 600 {live.relative}/.env"
        f" && {{ test -L .venv || test -e {venv} || cp -al .venv {venv}; }}"
        f" && ln -sfn ../../{venv} {live.relative}/.venv"
    )
    server.put(_render("gunicorn.conf.py"), f"{live.folder}/gunicorn.conf.py")
    served = Served(plan.site, plan.domain, plan.port, plan.insecure_http, plan.instances)
    server.put(served.record(), f"{live.folder}/served.json")
    server.script(SERVER_RELEASES, "mark", site, live.name, "good")
    return served


def _served_by(server: Server, release: Release) -> Served | None:
    """How `release` is served, from its record; None if it has none."""
    recorded = server.run(f"cat {release.folder}/served.json", warn=True)
    return Served.recorded(recorded.stdout) if recorded.ok else None


def _after_interrupt(server: Server, layout: SiteLayout, release: Release) -> str:
    """What is live after a deploy was interrupted, in one line."""
    try:
        live = server.script(SERVER_RELEASES, "previous", layout.root)["live"]
    except (UnexpectedExit, SSHException, OSError, EOFError):
        return "interrupted; `fab rollback` or a new deploy sets the site straight"
    if live == release.name:
        return (
            f"interrupted after the switch: release {release.name} is live but was not checked; "
            "`fab rollback` goes back to the release before it"
        )
    return (
        f"interrupted before the switch: release {live} is still live (a migration that had "
        "started may still be finishing on the server)"
    )


def _mark_quietly(server: Server, layout: SiteLayout, release: Release, how: str) -> None:
    try:
        server.script(SERVER_RELEASES, "mark", layout.root, release.name, how)
    except (Failure, SSHException, OSError, EOFError, ValueError):
        pass  # the interruption is what to report


def _set_aside(server: Server, plan: Plan, layout: SiteLayout, release: Release, how: str) -> None:
    """Mark a release that will not stay live, and remove it (best effort:
    the error that got here is the one to report)."""
    try:
        server.script(SERVER_RELEASES, "mark", layout.root, release.name, how)
        _tidy(server, plan, layout)
    except (Failure, SSHException, OSError, EOFError, ValueError):
        pass


def _tidy(server: Server, plan: Served, layout: SiteLayout) -> None:
    """Remove failed releases and good ones beyond those kept, with their
    certificates and database backups; never the live one or the one before."""
    said = server.script(SERVER_RELEASES, "cleanup", layout.root, str(RELEASES_KEPT))
    removed = [str(name) for name in said["removed"]]
    if removed:
        files = " ".join(
            f"{plan.services.certificate(name)} {plan.services.certificate_key(name)}"
            for name in removed
        )
        server.sudo(f"rm -f {files}")
        step(f"Removed release(s) {', '.join(removed)}")


@contextmanager
def _one_at_a_time(server: Server, what: str) -> Iterator[None]:
    """Hold the host's deploy lock for the block; refuse in one line if
    another deploy or rollback holds it. The lock lives as long as an SSH
    channel: a deploy that dies, however, cannot leave it behind."""
    server.c.open()
    transport = server.c.client.get_transport()
    assert transport is not None
    channel = transport.open_session()
    who = (
        f"{what} from {socket.gethostname()} (pid {os.getpid()}), "
        f"since {time.strftime('%H:%M:%S UTC', time.gmtime())}"
    )
    source = SERVER_RELEASES.read_text()
    channel.exec_command(f"python3 -c {shlex.quote(source)} lock {DEPLOY_LOCK} {shlex.quote(who)}")
    channel.settimeout(LOCK_ANSWER_SECONDS)
    said: dict[str, Any] = {}
    try:
        for line in channel.makefile("r"):
            if line.startswith("{"):  # a login script may print first
                said = json.loads(line)
                break
    except (TimeoutError, OSError, ValueError):
        pass
    channel.settimeout(None)
    if not said:
        channel.close()
        raise DeployError(
            f"{server.where} did not answer when asked for its deploy lock (is python3 there?)"
        )
    if not said["ok"]:
        channel.close()
        raise DeployError(
            f"another deploy to {server.where} is running ({said['said']}): "
            "wait for it to finish, then try again"
        )
    try:
        yield
    finally:
        channel.shutdown_write()
        channel.close()


def _rollback(server: Server, site: str) -> None:
    layout = SiteLayout.named(_site_name(site))
    server.home = server.c.run("echo $HOME", hide=True).stdout.strip()
    server.check_sudo()
    with _one_at_a_time(server, f"a rollback of {site}"):
        said = server.script(SERVER_RELEASES, "previous", layout.root)
        live, target = said["live"], said["previous"]
        if not live:
            raise DeployError(f"nothing is deployed at ~/{layout.root} on {server.where}")
        if not target:
            raise DeployError(
                f"release {live} is live and there is no good release before it to go back to"
            )
        previous = Release(layout, str(target))
        plan = _served_by(server, previous)
        if plan is None:
            raise DeployError(
                f"release {target} was deployed before releases kept their own settings: "
                "redeploy that version instead"
            )
        left = Release(layout, str(live))
        step(f"Rolling back from release {live} to release {target}")
        try:
            _switch_back(server, plan, layout, previous)
            trouble = _proves_itself(server, plan, HEALTH_DEADLINE)
        except (DeployError, Failure) as error:
            trouble = str(error) if isinstance(error, DeployError) else _one_line(error, server.c)
        if trouble:
            now = _served_by(server, left) or plan
            _switch_back(server, now, layout, left)
            raise DeployError(
                f"release {target} did not answer once live again ({trouble}); "
                f"switched back to release {live}"
            )
        server.script(SERVER_RELEASES, "mark", layout.root, str(live), "rolled-back")
        _tidy(server, plan, layout)
    step(f"Rolled back: {plan.url()} serves release {target} again, with its own settings")


def _last(result: Any) -> str:
    lines = (result.stderr or result.stdout).strip().splitlines()
    return lines[-1] if lines else f"exit {result.exited}"


def _one_line(error: BaseException, c: Connection) -> str:
    """A connection or remote-command failure as one line."""
    where = f"{c.user}@{c.host}:{c.port}"
    if isinstance(error, UnexpectedExit):
        return f"`{error.result.command[:60]}...` failed on {where}: {_last(error.result)}"
    if isinstance(error, Failure):
        reason = getattr(error, "reason", None) or type(error).__name__
        return f"`{error.result.command[:60]}...` failed on {where}: {reason}".splitlines()[0]
    return f"cannot use {where}: {type(error).__name__}: {error}".splitlines()[0]


def _run_task(c: Connection, body: Callable[[], object]) -> None:
    try:
        body()
    except KeyboardInterrupt:
        print("fab: interrupted", file=sys.stderr)
        sys.exit(130)
    except Interrupted as error:
        print(f"fab: {error}", file=sys.stderr)
        sys.exit(130)
    except DeployError as error:
        sys.exit(f"fab: error: {error}")
    except (Failure, SSHException, OSError, EOFError) as error:
        sys.exit(f"fab: error: {_one_line(error, c)}")
    except subprocess.CalledProcessError as error:
        sys.exit(f"fab: error: deploy failed before reaching the server: {error}")


@task(
    help={
        "site": "site name: the code lives in ~/sites/SITE (default superlists)",
        "cert": "the site's TLS certificate (chain), a PEM file here",
        "key": "its private key, a PEM file here",
        "domain": "the name the site is served at (default: the SSH host)",
        "port": "HTTPS port of the first instance (default 443)",
        "staging": "disposable staging: also opt in to the acceptance fixtures",
        "instances": "staging only: N isolated copies on ports PORT..PORT+N-1",
        "email-host": "SMTP server (default $EMAIL_HOST)",
        "email-port": "its port (default $EMAIL_PORT, else 587; 465 for --email-tls ssl)",
        "email-user": "the login (default $EMAIL_HOST_USER); the password: $EMAIL_PASSWORD",
        "email-tls": "starttls (default, or $EMAIL_TLS), ssl, or none",
        "insecure-http": "escape hatch: serve plain HTTP, with no certificate",
    }
)
def deploy(
    c: Connection,
    site: str = "superlists",
    cert: str = "",
    key: str = "",
    domain: str = "",
    port: str = "",
    staging: bool = False,
    instances: str = "1",
    email_host: str = "",
    email_port: str = "",
    email_user: str = "",
    email_tls: str = "",
    insecure_http: bool = False,
) -> None:
    """Deploy (or redeploy) the working tree to the host."""
    options = dict(locals())
    options.pop("c")
    _run_task(c, lambda: _deploy(Server(c), _plan(c, options)))


@task(help={"site": "site name (default superlists)"})
def rollback(c: Connection, site: str = "superlists") -> None:
    """Put the previous good release live again, with the settings it had."""
    _run_task(c, lambda: _rollback(Server(c), site))


@task(help={"site": "site name (default superlists)", "lines": "how many lines (default 50)"})
def logs(c: Connection, site: str = "superlists", lines: int = 50) -> None:
    """The tail of the site's logs: gunicorn's and Django's errors, the access
    log, and nginx's error log (TLS and proxy trouble shows there)."""
    layout = SiteLayout.named(site)
    count = int(lines)
    _run_task(
        c,
        lambda: (
            c.run(f"tail -n {count} {layout.error_log} {layout.logs}/access.log", warn=True),
            # nginx's log is root's (and adm's): sudo, but never a prompt here.
            c.run(
                f"sudo -n tail -n {count} /var/log/nginx/error.log "
                "|| echo '(nginx error log: the deploy user needs sudo to read it)'",
                warn=True,
            ),
        ),
    )
