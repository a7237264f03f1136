"""Throwaway staging hosts on this machine: real Debian servers in podman.

`python -m staging_host up` (behind `make staging-host`) starts two hosts on a
podman network of their own, with no route out (`10.200.0.0/24`):

- the staging server, `10.200.0.2`: systemd as its init, sshd, sudo for a
  `deploy` user, nginx; a bare server that `fab deploy` sets up as it would
  a rented one;
- the mail host, `10.200.0.3`: Postfix taking authenticated submissions on
  587 (STARTTLS, then SMTP AUTH) and delivering every address to a mailbox
  of its own, and Dovecot serving those mailboxes over IMAPS (993).

Both carry certificates from a local CA (`ca.py`), kept in `.staging/`, which
both hosts trust, as a server trusts the public CAs. Everything a deploy and
a run need is written to `.staging/env`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from deploy import PROJECT

#: Keys, certificates, the env file and the CA: `.staging/` (git-ignored).
STATE = PROJECT / ".staging"
#: Labels every container and network made here, so `down` removes only those.
LABEL = "superlists.staging-host"
NETWORK = "superlists-staging"
SUBNET = "10.200.0.0/24"
GATEWAY = "10.200.0.1"
#: The packages of both hosts: one image, two roles (what a host does not
#: need is masked when it starts).
PACKAGES = [
    "systemd", "systemd-sysv", "dbus", "passwd", "openssh-server", "sudo", "nginx-light",
    "python3-venv", "ca-certificates", "iproute2", "procps", "postfix", "dovecot-core",
    "dovecot-imapd", "dovecot-lmtpd", "logrotate",
]  # fmt: skip
#: Named by its package list: a change to the list builds a new image.
IMAGE = (
    "localhost/superlists-staging-host:"
    + hashlib.sha256(" ".join(PACKAGES).encode()).hexdigest()[:12]
)
DEPLOY_USER = "deploy"
#: The site's SMTP login on the mail host, and the harness's mailbox reader.
MAIL_USER = "superlists"
MAILBOX_READER = "harness"
SUBMISSION_PORT = 587
IMAPS_PORT = 993


@dataclass(frozen=True)
class Host:
    """One throwaway host: its container, address, name and the services it runs."""

    container: str
    address: str
    name: str
    #: Units installed in the image that this host's role does not run.
    masked: tuple[str, ...]


WEB = Host("superlists-staging", "10.200.0.2", "staging.superlists.test", ("postfix", "dovecot"))
MAIL = Host("superlists-mail", "10.200.0.3", "mail.superlists.test", ("nginx", "ssh"))
HOSTS = (WEB, MAIL)
