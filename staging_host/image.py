"""The staging hosts' one image: Debian bookworm with the packages of both
roles (what a host's role does not need is masked when it starts), systemd as
its init, named by its package list so a change to the list builds a new
image, and made once, offline, from Debian's packages (mmdebstrap).
"""

from __future__ import annotations

import hashlib

from deploy.containers import Engine, debian_image
from staging_host.messages import say

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


def ensure_image(engine: Engine) -> None:
    """Make the image unless the engine has it (about a minute, once)."""
    if not engine.has_image(IMAGE):
        say(f"making the host image {IMAGE} from Debian bookworm (about a minute, once)")
        debian_image(
            engine, IMAGE, PACKAGES,
            changes=('CMD ["/sbin/init"]', "STOPSIGNAL SIGRTMIN+3"),
        )  # fmt: skip
