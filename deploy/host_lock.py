"""One deploy or rollback at a time on a host, whatever the site: the host's
deploy lock (`~/sites/.deploy.lock`), held by `server_releases.py lock` for
as long as the deploy's SSH channel stays open, so a deploy that dies cannot
leave it behind, and a second deploy is refused in one line naming the first.
"""

from __future__ import annotations

import json
import os
import shlex
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from deploy.messages import DeployError
from deploy.remote_host import SERVER_RELEASES, RemoteHost

#: One deploy or rollback at a time on a host, whatever the site (relative to
#: the deploy user's home, where SSH commands start).
DEPLOY_LOCK = "sites/.deploy.lock"
#: How long the host may take to say whether its deploy lock is free.
LOCK_ANSWER_SECONDS = 30


@contextmanager
def one_deploy_at_a_time(host: RemoteHost, what: str) -> Iterator[None]:
    """Hold the host's deploy lock for the block; refuse in one line if
    another deploy or rollback holds it. The lock lives as long as an SSH
    channel: a deploy that dies, however, cannot leave it behind."""
    host.c.open()
    transport = host.c.client.get_transport()
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
            f"{host.where} did not answer when asked for its deploy lock (is python3 there?)"
        )
    if not said["ok"]:
        channel.close()
        raise DeployError(
            f"another deploy to {host.where} is running ({said['said']}): "
            "wait for it to finish, then try again"
        )
    try:
        yield
    finally:
        channel.shutdown_write()
        channel.close()
