"""The staging hosts from start to end: `up` (the image, the CA, the network,
both hosts booted with systemd and trusting the CA, their roles set up, then
`.staging/env` written; an `up` that fails or is interrupted removes what it
started), `down` (hosts, network, keys and env file removed; the CA kept) and
`status`; and `remove_hosts`, which removes only what this checkout labelled
and refuses, in one line, anyone else's containers or network of the same name.
"""

from __future__ import annotations

import json
import secrets
import time

from deploy import PROJECT
from deploy.containers import Engine, last_line
from staging_host.addresses import (
    GATEWAY,
    HOSTS,
    IMAPS_PORT,
    MAIL,
    NETWORK,
    SUBMISSION_PORT,
    SUBNET,
    WEB,
    Host,
    wait_for_port,
)
from staging_host.ca import LocalCA
from staging_host.host_shell import put_file, run_script
from staging_host.image import IMAGE, ensure_image
from staging_host.local_files import (
    STATE,
    hand_back_to_sudo_user,
    remove_all_but_the_ca,
    write_env,
)
from staging_host.mail_host import MAIL_USER, MAILBOX_READER, set_up_mail
from staging_host.messages import StagingHostError, say
from staging_host.web_host import DEPLOY_USER, set_up_web

#: Labels every container and network made here, so `down` removes only those.
LABEL = "superlists.staging-host"
#: What `up` makes, in the order `down` removes it.
_OURS = [*(("container", host.container) for host in HOSTS), ("network", NETWORK)]


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
    state = run_script(
        engine, host, "systemctl is-system-running --wait || true", timeout=60
    ).strip()
    if state not in ("running", "degraded"):
        raise StagingHostError(f"{host.name}: systemd did not finish booting (it says {state!r})")
    # systemd in a container on this cgroup v1 host cannot see a stopped
    # service's processes end, so every stop would wait the full timeout
    # (90 s by default) before it counts as done.
    put_file(
        engine, host, "/etc/systemd/system.conf.d/superlists-staging.conf",
        "[Manager]\nDefaultTimeoutStopSec=5s\n",
    )  # fmt: skip
    run_script(engine, host, "systemctl daemon-reexec")
    if host.masked:
        units = " ".join(host.masked)
        run_script(
            engine, host, f"systemctl mask --now {units} >/dev/null 2>&1; systemctl reset-failed"
        )


def _trust_ca(engine: Engine, host: Host, ca: LocalCA) -> None:
    """Install the local CA in the host's own trust store, as a company CA would be."""
    put_file(
        engine, host, "/usr/local/share/ca-certificates/superlists-staging-ca.crt",
        ca.certificate.read_text(),
    )  # fmt: skip
    run_script(engine, host, "update-ca-certificates >/dev/null")


def up(engine: Engine) -> None:
    """Both hosts, from nothing or from the cached image (the CA is kept);
    nothing half-made is left running if it fails."""
    try:
        _up(engine)
    except BaseException:
        remove_hosts(engine)  # nothing half-made is left running
        raise


def _up(engine: Engine) -> None:
    began = time.monotonic()
    STATE.mkdir(mode=0o700, exist_ok=True)
    ensure_image(engine)
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
    set_up_mail(engine, ca, site_password, reader_password)
    say(f"mail: Postfix submission on {MAIL.address}:{SUBMISSION_PORT}, IMAPS on :{IMAPS_PORT}")

    web = set_up_web(engine, ca)
    wait_for_port(WEB.address, 22, "sshd")
    wait_for_port(MAIL.address, SUBMISSION_PORT, "Postfix submission")
    wait_for_port(MAIL.address, IMAPS_PORT, "Dovecot IMAPS")
    write_env(
        {
            "SUPERLISTS_STAGING": f"{DEPLOY_USER}@{WEB.address}:22",
            "SUPERLISTS_STAGING_KEY": str(web.key),
            "SUPERLISTS_STAGING_URL": f"https://{WEB.address}",
            "SUPERLISTS_STAGING_CERT": str(web.certificate),
            "SUPERLISTS_STAGING_CERT_KEY": str(web.certificate_key),
            "SUPERLISTS_STAGING_CA": str(ca.certificate),
            "SUPERLISTS_STAGING_MAILBOX": f"imaps://{MAILBOX_READER}@{MAIL.address}:{IMAPS_PORT}",
            "SUPERLISTS_STAGING_MAILBOX_PASSWORD": reader_password,
            "EMAIL_HOST": MAIL.address,
            "EMAIL_PORT": str(SUBMISSION_PORT),
            "EMAIL_HOST_USER": MAIL_USER,
            "EMAIL_PASSWORD": site_password,
        }
    )
    hand_back_to_sudo_user()
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
    remove_all_but_the_ca()
    say("down: nothing of the staging hosts is left running (the CA stays in .staging/)")


def status(engine: Engine) -> int:
    """0 if both hosts run, 1 otherwise."""
    running = 0
    for host in HOSTS:
        state = engine.state(host.container)
        print(f"{host.container}: {state or 'not there'} ({host.address}, {host.name})")
        running += state == "running"
    return 0 if running == len(HOSTS) else 1
