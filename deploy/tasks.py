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

import io
import json
import logging
import os
import re
import secrets
import shlex
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fabric import Connection, task
from invoke.exceptions import UnexpectedExit
from paramiko.ssh_exception import SSHException

from deploy import PROJECT
from deploy.site_build import build_wheels
from deploy.site_layout import (
    HTTPS_PORT,
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
#: Releases kept on the server besides the live one, for a quick look back.
RELEASES_KEPT = 3
TLS_MODES = ("starttls", "ssl", "none")
_PLACEHOLDER = re.compile(r"@[A-Z_]+@")


class DeployError(Exception):
    """Stops the deploy; the message is one line saying what and how to fix it."""


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
class Plan:
    """Everything a deploy was asked for, checked before touching the server."""

    site: str
    #: The site's name in URLs (the certificate names it): the SSH host by default.
    domain: str
    port: int
    staging: bool
    insecure_http: bool
    instances: int
    certificate: Path | None
    certificate_key: Path | None
    mail: MailSettings

    @property
    def services(self) -> SiteServices:
        return SiteServices(self.site)

    def url(self, number: int = 1) -> str:
        """Where instance `number` is served."""
        scheme, default = ("http", 80) if self.insecure_http else ("https", 443)
        port = instance_port(self.port, number)
        return f"{scheme}://{self.domain}" + ("" if port == default else f":{port}")


def _plan(c: Connection, options: dict[str, Any]) -> Plan:
    instances = str(options["instances"]).strip()
    if not (instances.isascii() and instances.isdigit() and 1 <= int(instances) <= 16):
        raise DeployError(f"--instances {instances}: use 1 to 16")
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
        site=str(options["site"]),
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

    def server_check(self, *arguments: str, stdin: str = "") -> dict[str, Any]:
        """Run a check from `server_checks.py` with the server's own python3."""
        source = SERVER_CHECKS.read_text()
        argv = " ".join(shlex.quote(a) for a in arguments)
        result = self.run(f"python3 -c {shlex.quote(source)} {argv}", in_stream=io.StringIO(stdin))
        return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def _check_mail(server: Server, mail: MailSettings) -> None:
    step(f"Checking that the mail server {mail.where} accepts {mail.user}'s login ({mail.tls})")
    said = server.server_check(
        "mail", mail.host, str(mail.port), mail.user, mail.tls, stdin=mail.password + "\n"
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


def _ensure_packages(server: Server) -> None:
    missing = server.run(
        "for p in nginx python3-venv; do "
        "dpkg-query -W -f='${Status}' $p nginx-light 2>/dev/null | grep -q 'ok installed' "
        "|| echo $p; done"
    ).stdout.split()
    if missing:
        step(f"Installing {' '.join(missing)} (apt)")
        server.sudo(
            f"env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {' '.join(missing)}",
            timeout=600,
        )


def _ship_release(server: Server, layout: SiteLayout) -> str:
    """Upload the source into a new release folder; its path."""
    changed = uncommitted_changes()
    if changed:
        shown = ", ".join(changed[:5]) + (", ..." if len(changed) > 5 else "")
        step(f"Note: shipping {len(changed)} tracked file(s) with uncommitted changes: {shown}")
    release = f"{layout.releases}/{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(2)}"
    step(f"Uploading source (files tracked by git) to ~/{release}")
    server.run(f"mkdir -p {release} {layout.root}/wheels {layout.logs}")
    server.c.put(io.BytesIO(_source_tarball()), f"{release}.tar.gz")
    server.run(f"tar -xzf {release}.tar.gz -C {release} && rm {release}.tar.gz")

    wheels = build_wheels(step)
    present = set(server.run(f"ls {layout.root}/wheels").stdout.split())
    missing = [w for w in sorted(wheels.glob("*.whl")) if w.name not in present]
    step(f"Uploading {len(missing)} new wheel(s); {len(present)} already there")
    for wheel in missing:
        server.c.put(str(wheel), f"{layout.root}/wheels/{wheel.name}")
    step("Installing requirements into the virtualenv")
    server.run(
        f"cd {layout.root} && (test -x .venv/bin/python || python3 -m venv .venv) && "
        ".venv/bin/pip install -q --disable-pip-version-check --no-index "
        f"--find-links wheels -r {release.removeprefix(layout.root + '/')}/requirements.txt"
    )
    return release


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


def _nginx_site(plan: Plan) -> str:
    services = plan.services
    servers = []
    for number in range(1, plan.instances + 1):
        servers.append(
            _render(
                "nginx-insecure.conf" if plan.insecure_http else "nginx-https.conf",
                port=instance_port(plan.port, number),
                host=plan.domain,
                site=plan.site,
                certificate=services.certificate,
                certificate_key=services.certificate_key,
                static_root=services.static_root,
                socket=services.socket(number),
            )
        )
    redirect = "" if plan.insecure_http else _render("nginx-redirect.conf", host=plan.domain)
    return _render("nginx-site.conf", site=plan.site, redirect=redirect, servers="".join(servers))


def _start_or_reload(server: Server, unit: str) -> str:
    """Start the instance's gunicorn, or reload it gracefully if it runs."""
    server.sudo(f"systemctl enable --now {unit}.socket >/dev/null 2>&1")
    if server.run(f"systemctl is-active --quiet {unit}.service", warn=True).ok:
        server.sudo(f"systemctl reload {unit}.service")
        return "reloaded"
    server.sudo(f"systemctl enable --now {unit}.service >/dev/null 2>&1")
    return "started"


def _instance_folders(server: Server, plan: Plan, site: SiteLayout, env: dict[str, str]) -> None:
    """Staging instances 2..N beside the site: the same code and virtualenv
    (linked), each its own database, logs, units and port; older extra
    instances are stopped and removed."""
    existing = server.run(f"ls {site.root}/instances 2>/dev/null || true").stdout.split()
    for stale in sorted(int(n) for n in existing if n.isdigit() and int(n) > plan.instances):
        unit = plan.services.unit(stale)
        server.sudo(f"systemctl disable --now {unit}.socket {unit}.service >/dev/null 2>&1 || true")
        server.sudo(f"rm -f /etc/systemd/system/{unit}.socket /etc/systemd/system/{unit}.service")
        server.run(f"rm -rf {site.instance(stale).root}")
        step(f"Removed staging instance {stale}")
    for number in range(2, plan.instances + 1):
        instance = site.instance(number)
        server.run(
            f"mkdir -p {instance.logs} && ln -sfn ../../src {instance.source} "
            f"&& ln -sfn ../../.venv {instance.root}/.venv "
            f"&& cp {site.root}/gunicorn.conf.py {instance.root}/gunicorn.conf.py"
        )
        values = dict(env, DJANGO_DB_PATH=f"{server.home}/{instance.root}/db.sqlite3")
        server.put(env_text(values), instance.env_file, mode="600")
        server.run(instance.manage("migrate --noinput"))


def _deploy(server: Server, plan: Plan) -> None:
    c = server.c
    layout = SiteLayout.named(plan.site)
    services = plan.services
    kind = "staging" if plan.staging else "production"
    scheme = "plain HTTP, declared insecure" if plan.insecure_http else "HTTPS through nginx"
    step(f"Deploying to {server.where}:~/{layout.root} ({kind}, {scheme}, {plan.url()})")
    server.home = c.run("echo $HOME", hide=True).stdout.strip()
    server.check_sudo()
    _check_mail(server, plan.mail)
    _ensure_packages(server)

    release = _ship_release(server, layout)
    step("Writing .env (mode 600) and gunicorn's settings")
    env = _site_environment(server, plan, layout)
    server.put(env_text(env), layout.env_file, mode="600")
    server.put(_render("gunicorn.conf.py"), f"{layout.root}/gunicorn.conf.py")

    step("Migrating and collecting static files")
    server.sudo(f"install -d -o {c.user} -g {c.user} -m 755 {services.static_root}")
    # The release's own manage.py, before it goes live: a failure leaves the
    # running site as it was.
    in_release = f"{release.removeprefix(layout.root + '/')}/manage.py"
    server.run(layout.command(f".venv/bin/python {in_release} migrate --noinput"))
    server.run(layout.command(f".venv/bin/python {in_release} collectstatic --noinput -v 0"))
    _instance_folders(server, plan, layout, env)

    step("Switching to the new release")
    link = release.removeprefix(layout.root + "/")
    server.run(f"cd {layout.root} && ln -sfn {link} src.new && mv -T src.new src")

    step("Installing the systemd units, the nginx site and the certificate")
    if plan.certificate is not None and plan.certificate_key is not None:
        server.install(plan.certificate.read_text(), services.certificate)
        server.install(plan.certificate_key.read_text(), services.certificate_key, mode="600")
    for number in range(1, plan.instances + 1):
        folder = layout.instance(number).root
        _units(server, plan, folder, number)
    server.sudo("systemctl daemon-reload")
    server.install(_nginx_site(plan), services.nginx_site)
    enabled = services.nginx_site.replace("sites-available", "sites-enabled")
    server.sudo(f"ln -sfn {services.nginx_site} {enabled}")
    tested = server.sudo("nginx -t", warn=True)
    if tested.failed:
        raise DeployError(f"nginx refuses the site's configuration: {_last(tested)}")

    for number in range(1, plan.instances + 1):
        done = _start_or_reload(server, services.unit(number))
        step(f"gunicorn {services.unit(number)} {done}")
    server.sudo("systemctl reload-or-restart nginx")
    server.sudo("systemctl enable nginx >/dev/null 2>&1")

    for number in range(1, plan.instances + 1):
        _wait_for_site(server, plan, number)
    server.run(
        f"cd {layout.releases} && ls -1d */ | sort | head -n -{RELEASES_KEPT + 1} | xargs -r rm -rf"
    )
    step(f"Deployed: {plan.url()}" + (f" (and {plan.instances - 1} more)" * (plan.instances > 1)))


def _wait_for_site(server: Server, plan: Plan, number: int) -> None:
    url = plan.url(number)
    if plan.insecure_http:
        return  # the escape hatch has no certificate to check; nginx -t passed
    said = server.server_check("site", plan.domain, str(instance_port(plan.port, number)), "30")
    if not said["ok"]:
        raise DeployError(f"{url} did not answer 200 on the server: {said['said']}; see `fab logs`")


def _last(result: Any) -> str:
    lines = (result.stderr or result.stdout).strip().splitlines()
    return lines[-1] if lines else f"exit {result.exited}"


def _one_line(error: BaseException, c: Connection) -> str:
    """A connection or remote-command failure as one line."""
    where = f"{c.user}@{c.host}:{c.port}"
    if isinstance(error, UnexpectedExit):
        return f"`{error.result.command[:60]}...` failed on {where}: {_last(error.result)}"
    return f"cannot use {where}: {type(error).__name__}: {error}".splitlines()[0]


def _run_task(c: Connection, body: Callable[[], object]) -> None:
    try:
        body()
    except DeployError as error:
        sys.exit(f"fab: error: {error}")
    except (UnexpectedExit, SSHException, OSError, EOFError) as error:
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


@task(help={"site": "site name (default superlists)", "lines": "how many lines (default 50)"})
def logs(c: Connection, site: str = "superlists", lines: int = 50) -> None:
    """Show the tail of the site's error log (gunicorn and Django) and access log."""
    layout = SiteLayout.named(site)
    _run_task(
        c,
        lambda: c.run(
            f"tail -n {int(lines)} {layout.error_log} {layout.logs}/access.log", warn=True
        ),
    )
