"""Where the staging hosts are: their podman network, with no route out
(`10.200.0.0/24`), each host's container, fixed address, name and the units
its role does not run (`WEB`, the staging server; `MAIL`, the mail host), the
mail ports, and `wait_for_port`, which waits for a service to answer there.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass

from staging_host.messages import StagingHostError

NETWORK = "superlists-staging"
SUBNET = "10.200.0.0/24"
GATEWAY = "10.200.0.1"
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


def wait_for_port(address: str, port: int, what: str, timeout: float = 20) -> None:
    """Until something accepts a connection on `address:port`, or a StagingHostError."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((address, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise StagingHostError(f"{what} on {address}:{port} did not answer within {timeout:g}s")
