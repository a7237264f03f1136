"""The staging server's role: a bare Debian server as a host hands it over,
with sshd (password logins off, host keys of its own), a `deploy` account
with NOPASSWD sudo and an empty home, the key `fab deploy` logs in with
(made here, in `.staging/`), and the site's certificate from the local CA.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from deploy.containers import Engine
from staging_host.addresses import WEB
from staging_host.ca import LocalCA
from staging_host.host_shell import put_file, run_script
from staging_host.local_files import STATE

DEPLOY_USER = "deploy"


@dataclass(frozen=True)
class WebAccess:
    """What a deploy to the staging server needs from this machine."""

    #: The deploy user's private key (its public half beside it, `.pub`).
    key: Path
    #: The site's certificate and key, for `fab deploy --cert --key`.
    certificate: Path
    certificate_key: Path


def set_up_web(engine: Engine, ca: LocalCA) -> WebAccess:
    """A fresh deploy key, the deploy account on the booted staging server,
    and the site's certificate."""
    key = STATE / "id_ed25519"
    for stale in (key, key.with_suffix(".pub")):
        stale.unlink(missing_ok=True)
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "superlists-deploy", "-f", str(key)],
        check=True,
    )
    _deploy_account(engine, key.with_suffix(".pub").read_text())
    certificate, certificate_key = STATE / "staging.pem", STATE / "staging-key.pem"
    ca.issue(WEB.name, WEB.address, certificate, certificate_key)
    return WebAccess(key, certificate, certificate_key)


def _deploy_account(engine: Engine, public_key: str) -> None:
    user = DEPLOY_USER
    put_file(engine, WEB, "/etc/sudoers.d/deploy", f"{user} ALL=(ALL) NOPASSWD: ALL\n", mode="440")
    put_file(
        engine, WEB, "/etc/ssh/sshd_config.d/superlists.conf",
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUseDNS no\n",
    )  # fmt: skip
    run_script(
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
