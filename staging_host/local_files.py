"""What the staging-host tool keeps on this machine: `.staging/` (the CA,
which stays across `up` and `down`, the hosts' certificates, the deploy key
and the env file `make staging-host` writes for fab and behave, handed back
to the person who ran sudo), and the machine-wide lock that lets one
staging-host command run at a time, from any checkout.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from deploy import PROJECT
from deploy.site_layout import env_text
from guards.locks_and_signals import hold_or_refuse
from staging_host.messages import StagingHostError

#: Keys, certificates, the env file and the CA: `.staging/` (git-ignored).
STATE = PROJECT / ".staging"
ENV_FILE = STATE / "env"
#: What `down` leaves in `.staging/`: the CA, so what trusts it keeps working.
KEPT = {"ca.pem", "ca-key.pem", ".lock"}
#: One staging-host command at a time on this machine, from any checkout:
#: the hosts' names and addresses are the machine's, not a checkout's.
MACHINE_LOCK = Path("/run/lock/superlists-staging-host.lock")


def write_env(values: dict[str, str]) -> None:
    """`.staging/env`, mode 600 from the start, sourceable by the shell."""
    ENV_FILE.unlink(missing_ok=True)
    descriptor = os.open(ENV_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(
            "# Written by `make staging-host`; load it with: set -a; . .staging/env; set +a\n"
        )
        file.write(env_text(values))


def hand_back_to_sudo_user() -> None:
    """Under sudo, the keys and env file belong to the person who ran it: their
    fab and behave must read them."""
    uid, gid = os.environ.get("SUDO_UID"), os.environ.get("SUDO_GID")
    if uid is None or gid is None:
        return
    for path in [STATE, *STATE.iterdir()]:
        os.chown(path, int(uid), int(gid))


def remove_all_but_the_ca() -> None:
    """Empty `.staging/` of everything but the CA (and the lock)."""
    if STATE.is_dir():
        for path in STATE.iterdir():
            if path.name not in KEPT and path.is_file():
                path.unlink()


def one_command_at_a_time() -> IO[str]:
    """The machine's staging-host lock, held while the file stays open; a
    StagingHostError if another command holds it."""
    STATE.mkdir(mode=0o700, exist_ok=True)
    return hold_or_refuse(
        MACHINE_LOCK if MACHINE_LOCK.parent.is_dir() else STATE / ".lock",
        StagingHostError("another staging-host command is running: wait for it to finish"),
    )
