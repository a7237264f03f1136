"""`python -m staging_host up|down|status|mail-password` (see `__init__`).

    up              build the image once (mmdebstrap, about a minute), start
                    both hosts afresh (the CA is kept), write .staging/env
    down            remove the hosts and their network, keys and env file;
                    the CA stays, so what trusts it keeps working
    status          are they running, and where
    mail-password   set the site's SMTP password on the mail host to
                    $EMAIL_PASSWORD (as a mail provider's console would)

Needs root (podman networks with fixed addresses). Every failure is one
`staging-host: error:` line and a non-zero exit; an interrupted `up` removes
what it started.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

from deploy import PROJECT
from deploy.containers import ContainerError, Engine, debian_image, find_engine, last_line
from deploy.site_layout import env_text
from staging_host import (
    DEPLOY_USER,
    GATEWAY,
    HOSTS,
    IMAGE,
    IMAPS_PORT,
    LABEL,
    MAIL,
    MAIL_USER,
    MAILBOX_READER,
    NETWORK,
    PACKAGES,
    STATE,
    SUBMISSION_PORT,
    SUBNET,
    WEB,
    Host,
)
from staging_host.ca import LocalCA

MAIL_FILES = Path(__file__).resolve().parent / "mail"
ENV_FILE = STATE / "env"


class StagingHostError(Exception):
    """One line saying what went wrong and what to do."""


def say(message: str) -> None:
    """Progress: a first `up` takes a minute or two."""
    print(f"staging-host: {message}", flush=True)


def _exec(engine: Engine, host: Host, script: str, stdin: str = "", timeout: float = 60) -> str:
    """Run a shell script as root on `host`, feeding `stdin` (secrets travel
    this way, never in argv); its output, or a StagingHostError line."""
    try:
        result = subprocess.run(
            engine.argv("exec", "-i", host.container, "sh", "-euc", script),
            input=stdin,
            env=engine.environment(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        raise StagingHostError(f"{host.name}: a set-up step took over {timeout:g}s") from None
    if result.returncode != 0:
        raise StagingHostError(
            f"{host.name}: set-up failed: {last_line(result.stderr or result.stdout)}"
        )
    return result.stdout


def _put(engine: Engine, host: Host, path: str, content: str, mode: str = "644") -> None:
    """Write `content` to `path` on `host`, owned by root."""
    folder = os.path.dirname(path)
    _exec(
        engine, host,
        f"mkdir -p {shlex.quote(folder)} && umask 077 && cat > {shlex.quote(path)} "
        f"&& chmod {mode} {shlex.quote(path)}",
        stdin=content,
    )  # fmt: skip


def _crypt(password: str) -> str:
    """A SHA512-CRYPT hash for Dovecot's passwd-file (the password goes to
    openssl on stdin, never into argv)."""
    result = subprocess.run(
        ["openssl", "passwd", "-6", "-stdin"], input=password, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise StagingHostError(f"openssl passwd failed: {last_line(result.stderr)}")
    return "{SHA512-CRYPT}" + result.stdout.strip()


def _owner(engine: Engine, kind: str, name: str) -> str | None:
    """The checkout that made the container or network `name` (our label's
    value), "" if something else made it, None if there is none."""
    labels = "{{json .Config.Labels}}" if kind == "container" else "{{json .Labels}}"
    result = engine.run(kind, "inspect", "--format", labels, name)
    if result.returncode != 0:
        return None
    found = json.loads(result.stdout or "null") or {}
    return str(found.get(LABEL, ""))


def remove_hosts(engine: Engine) -> list[str]:
    """Remove the hosts and network this checkout made; refuse, in one line,
    to touch anyone else's (another checkout's hosts, or a stranger's
    container of the same name). What was removed."""
    found = [(kind, name, _owner(engine, kind, name)) for kind, name in _OURS]
    for kind, name, owner in found:
        if owner == "":
            raise StagingHostError(
                f"a {kind} named {name} exists that this tool did not make: refusing to touch it"
            )
        if owner is not None and owner != str(PROJECT):
            raise StagingHostError(
                f"the staging hosts belong to the checkout at {owner}: "
                "run `make staging-host-down` there first (one set of hosts per machine)"
            )
    removed = []
    for kind, name, owner in found:
        if owner is None:
            continue
        if kind == "container":
            # A throwaway host: its systemd gets 3 s to stop (SIGRTMIN+3, the
            # image's STOPSIGNAL), then it is killed.
            engine.run("rm", "--force", "--time", "3", name, timeout=60)
        else:
            engine.run("network", "rm", "--force", name)
        removed.append(f"{kind} {name}")
    return removed


#: What `up` makes, in the order `down` removes it.
_OURS = [*(("container", host.container) for host in HOSTS), ("network", NETWORK)]


def _start(engine: Engine, host: Host) -> None:
    started = engine.run(
        "run", "--detach", "--name", host.container, "--hostname", host.name,
        "--label", f"{LABEL}={PROJECT}", "--network", NETWORK, "--ip", host.address,
        "--systemd=always", IMAGE,
    )  # fmt: skip
    if started.returncode != 0:
        raise StagingHostError(f"{host.name} did not start: {last_line(started.stderr)}")


def _wait_for_systemd(engine: Engine, host: Host) -> None:
    # "degraded" still means booted: the masked units of the other role count as failed.
    state = _exec(engine, host, "systemctl is-system-running --wait || true", timeout=60).strip()
    if state not in ("running", "degraded"):
        raise StagingHostError(f"{host.name}: systemd did not finish booting (it says {state!r})")
    # systemd in a container on this cgroup v1 host cannot see a stopped
    # service's processes end, so every stop would wait the full timeout
    # (90 s by default) before it counts as done.
    _put(
        engine, host, "/etc/systemd/system.conf.d/superlists-staging.conf",
        "[Manager]\nDefaultTimeoutStopSec=5s\n",
    )  # fmt: skip
    _exec(engine, host, "systemctl daemon-reexec")
    if host.masked:
        units = " ".join(host.masked)
        _exec(engine, host, f"systemctl mask --now {units} >/dev/null 2>&1; systemctl reset-failed")


def _trust_ca(engine: Engine, host: Host, ca: LocalCA) -> None:
    """Install the local CA in the host's own trust store, as a company CA would be."""
    _put(
        engine, host, "/usr/local/share/ca-certificates/superlists-staging-ca.crt",
        ca.certificate.read_text(),
    )  # fmt: skip
    _exec(engine, host, "update-ca-certificates >/dev/null")


def _set_up_mail(engine: Engine, ca: LocalCA, site_password: str, reader_password: str) -> None:
    certificate, key = STATE / "mail.pem", STATE / "mail-key.pem"
    ca.issue(MAIL.name, MAIL.address, certificate, key)
    _put(engine, MAIL, "/etc/ssl/superlists/mail.pem", certificate.read_text())
    _put(engine, MAIL, "/etc/ssl/superlists/mail.key", key.read_text(), mode="600")
    _put(engine, MAIL, "/etc/postfix/main.cf", (MAIL_FILES / "main.cf").read_text())
    _put(engine, MAIL, "/etc/postfix/any-domain", (MAIL_FILES / "any-domain").read_text())
    _put(engine, MAIL, "/etc/dovecot/dovecot.conf", (MAIL_FILES / "dovecot.conf").read_text())
    _put(
        engine, MAIL, "/etc/dovecot/master-users",
        f"{MAILBOX_READER}:{_crypt(reader_password)}\n", mode="640",
    )  # fmt: skip
    set_mail_password(engine, site_password)
    _exec(
        engine, MAIL,
        "chgrp dovecot /etc/dovecot/master-users /etc/dovecot/users"
        " && mkdir -p /var/mail/boxes && chown mail:mail /var/mail/boxes"
        " && cat /dev/stdin >> /etc/postfix/master.cf"
        # Reloads: both re-read everything, and nothing waits for a stop.
        " && systemctl reload dovecot && postfix reload 2>/dev/null",
        stdin=(MAIL_FILES / "master-submission.cf").read_text(),
    )  # fmt: skip


def set_mail_password(engine: Engine, password: str) -> None:
    """The site's SMTP login on the mail host; Dovecot reads the file on each login."""
    _put(engine, MAIL, "/etc/dovecot/users", f"{MAIL_USER}:{_crypt(password)}\n", mode="640")
    _exec(engine, MAIL, "chgrp dovecot /etc/dovecot/users")


def _set_up_web(engine: Engine, public_key: str) -> None:
    user = DEPLOY_USER
    _put(engine, WEB, "/etc/sudoers.d/deploy", f"{user} ALL=(ALL) NOPASSWD: ALL\n", mode="440")
    _put(
        engine, WEB, "/etc/ssh/sshd_config.d/superlists.conf",
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUseDNS no\n",
    )  # fmt: skip
    _exec(
        engine, WEB,
        # A bare account, as a hosting provider hands it over: an empty home
        # (so each SSH command starts its shell with no extra cost), a key.
        f"useradd --create-home --shell /bin/bash --skel /dev/null {user}"
        f" && usermod --password '*' {user}"
        f" && mkdir -p /home/{user}/.ssh && cat > /home/{user}/.ssh/authorized_keys"
        f" && chown -R {user}: /home/{user} && chmod 700 /home/{user}/.ssh"
        # Host keys of its own, not the image's.
        " && rm -f /etc/ssh/ssh_host_* && ssh-keygen -A >/dev/null && systemctl restart ssh",
        stdin=public_key,
    )  # fmt: skip


def _wait_for_port(address: str, port: int, what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((address, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise StagingHostError(f"{what} on {address}:{port} did not answer within {timeout:g}s")


def _write_env(values: dict[str, str]) -> None:
    ENV_FILE.unlink(missing_ok=True)
    descriptor = os.open(ENV_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(
            "# Written by `make staging-host`; load it with: set -a; . .staging/env; set +a\n"
        )
        file.write(env_text(values))


def _hand_back_to_sudo_user() -> None:
    """Under sudo, the keys and env file belong to the person who ran it: their
    fab and behave must read them."""
    uid, gid = os.environ.get("SUDO_UID"), os.environ.get("SUDO_GID")
    if uid is None or gid is None:
        return
    for path in [STATE, *STATE.iterdir()]:
        os.chown(path, int(uid), int(gid))


def up(engine: Engine) -> None:
    """Both hosts, from nothing or from the cached image."""
    began = time.monotonic()
    STATE.mkdir(mode=0o700, exist_ok=True)
    if not engine.has_image(IMAGE):
        say(f"making the host image {IMAGE} from Debian bookworm (about a minute, once)")
        debian_image(
            engine, IMAGE, PACKAGES,
            changes=('CMD ["/sbin/init"]', "STOPSIGNAL SIGRTMIN+3"),
        )  # fmt: skip
    for removed in remove_hosts(engine):
        say(f"removed the earlier {removed}")
    ca = LocalCA(STATE)
    if ca.ensure():
        say(f"made a local CA: {ca.certificate.relative_to(PROJECT)} (kept across up and down)")
    created = engine.run(
        "network", "create", "--internal", "--label", f"{LABEL}={PROJECT}",
        "--subnet", SUBNET, "--gateway", GATEWAY, NETWORK,
    )  # fmt: skip
    if created.returncode != 0:
        raise StagingHostError(f"cannot make the network {NETWORK}: {last_line(created.stderr)}")
    for host in HOSTS:
        _start(engine, host)
    for host in HOSTS:
        _wait_for_systemd(engine, host)
        _trust_ca(engine, host, ca)
    say(f"booted {WEB.name} ({WEB.address}) and {MAIL.name} ({MAIL.address}) with systemd")

    site_password = secrets.token_urlsafe(24)
    reader_password = secrets.token_urlsafe(24)
    _set_up_mail(engine, ca, site_password, reader_password)
    say(f"mail: Postfix submission on {MAIL.address}:{SUBMISSION_PORT}, IMAPS on :{IMAPS_PORT}")

    key = STATE / "id_ed25519"
    for stale in (key, key.with_suffix(".pub")):
        stale.unlink(missing_ok=True)
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "superlists-deploy", "-f", str(key)],
        check=True,
    )
    _set_up_web(engine, key.with_suffix(".pub").read_text())
    certificate, certificate_key = STATE / "staging.pem", STATE / "staging-key.pem"
    ca.issue(WEB.name, WEB.address, certificate, certificate_key)
    _wait_for_port(WEB.address, 22, "sshd")
    _wait_for_port(MAIL.address, SUBMISSION_PORT, "Postfix submission")
    _wait_for_port(MAIL.address, IMAPS_PORT, "Dovecot IMAPS")
    _write_env(
        {
            "SUPERLISTS_STAGING": f"{DEPLOY_USER}@{WEB.address}:22",
            "SUPERLISTS_STAGING_KEY": str(key),
            "SUPERLISTS_STAGING_URL": f"https://{WEB.address}",
            "SUPERLISTS_STAGING_CERT": str(certificate),
            "SUPERLISTS_STAGING_CERT_KEY": str(certificate_key),
            "SUPERLISTS_STAGING_CA": str(ca.certificate),
            "SUPERLISTS_STAGING_MAILBOX": f"imaps://{MAILBOX_READER}@{MAIL.address}:{IMAPS_PORT}",
            "SUPERLISTS_STAGING_MAILBOX_PASSWORD": reader_password,
            "EMAIL_HOST": MAIL.address,
            "EMAIL_PORT": str(SUBMISSION_PORT),
            "EMAIL_HOST_USER": MAIL_USER,
            "EMAIL_PASSWORD": site_password,
        }
    )
    _hand_back_to_sudo_user()
    say(f"ready in {time.monotonic() - began:.1f}s: {DEPLOY_USER}@{WEB.address} (ssh)")
    say("next: set -a; . .staging/env; set +a")
    say(
        "      fab -H $SUPERLISTS_STAGING -i $SUPERLISTS_STAGING_KEY deploy --staging "
        "--cert $SUPERLISTS_STAGING_CERT --key $SUPERLISTS_STAGING_CERT_KEY"
    )


def down(engine: Engine) -> None:
    """Remove both hosts and their network, keys and env file; keep the CA."""
    for removed in remove_hosts(engine):
        say(f"removed {removed}")
    kept = {"ca.pem", "ca-key.pem", ".lock"}
    if STATE.is_dir():
        for path in STATE.iterdir():
            if path.name not in kept and path.is_file():
                path.unlink()
    say("down: nothing of the staging hosts is left running (the CA stays in .staging/)")


def status(engine: Engine) -> int:
    """0 if both hosts run, 1 otherwise."""
    running = 0
    for host in HOSTS:
        state = engine.state(host.container)
        print(f"{host.container}: {state or 'not there'} ({host.address}, {host.name})")
        running += state == "running"
    return 0 if running == len(HOSTS) else 1


#: One staging-host command at a time on this machine, from any checkout:
#: the hosts' names and addresses are the machine's, not a checkout's.
MACHINE_LOCK = Path("/run/lock/superlists-staging-host.lock")


def _one_at_a_time() -> IO[str]:
    STATE.mkdir(mode=0o700, exist_ok=True)
    lock = (MACHINE_LOCK if MACHINE_LOCK.parent.is_dir() else STATE / ".lock").open("a")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        raise StagingHostError(
            "another staging-host command is running: wait for it to finish"
        ) from None
    return lock


_signalled: list[int] = []


def _stop(number: int, frame: object) -> None:
    _signalled.append(number)
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="staging-host", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["up", "down", "status", "mail-password"])
    arguments = parser.parse_args(argv)
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, _stop)
    try:
        if os.geteuid() != 0:
            raise StagingHostError("needs root (podman networks with fixed addresses): use sudo")
        engine = find_engine("podman")
        if arguments.command == "status":
            return status(engine)
        lock = _one_at_a_time()
        if arguments.command == "mail-password":
            password = os.environ.get("EMAIL_PASSWORD", "")
            if not password:
                raise StagingHostError("set the new password in EMAIL_PASSWORD (never in argv)")
            if engine.state(MAIL.container) != "running":
                raise StagingHostError("the mail host is not running: `make staging-host`")
            set_mail_password(engine, password)
            say(f"the site's mail password ({MAIL_USER}) is changed on {MAIL.name}")
        elif arguments.command == "down":
            down(engine)
        else:
            try:
                up(engine)
            except BaseException:
                remove_hosts(engine)  # nothing half-made is left running
                raise
        del lock
        return 0
    except (StagingHostError, ContainerError) as error:
        print(f"staging-host: error: {error}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as error:
        print(
            f"staging-host: error: `{error.cmd[0]}` failed (exit {error.returncode})",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        signalled = _signalled[-1] if _signalled else signal.SIGINT.value
        print(
            f"staging-host: interrupted by {signal.Signals(signalled).name}: "
            "removed what was started",
            file=sys.stderr,
        )
        return 128 + signalled


if __name__ == "__main__":
    sys.exit(main())
