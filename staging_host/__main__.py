"""`python -m staging_host up|down|status|mail-password` (see `__init__`).
The command line alone: `up` builds the image once and starts both hosts
afresh, `down` removes them (the CA stays), `status` says whether they run,
`mail-password` sets the site's SMTP password to $EMAIL_PASSWORD; it needs
root (podman networks with fixed addresses), runs one command at a time on
this machine, and turns every failure into one `staging-host: error:` line
and a non-zero exit (128 + the signal when interrupted).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from deploy.containers import ContainerError, find_engine
from guards.locks_and_signals import exit_status, signal_of, stop_on_signals
from staging_host.lifecycle import down, status, up
from staging_host.local_files import one_command_at_a_time
from staging_host.mail_host import change_mail_password
from staging_host.messages import StagingHostError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="staging-host", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["up", "down", "status", "mail-password"])
    arguments = parser.parse_args(argv)
    stop_on_signals()
    try:
        if os.geteuid() != 0:
            raise StagingHostError("needs root (podman networks with fixed addresses): use sudo")
        engine = find_engine("podman")
        if arguments.command == "status":
            return status(engine)
        lock = one_command_at_a_time()
        if arguments.command == "mail-password":
            change_mail_password(engine, os.environ.get("EMAIL_PASSWORD", ""))
        elif arguments.command == "down":
            down(engine)
        else:
            up(engine)
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
    except KeyboardInterrupt as stop:
        print(
            f"staging-host: interrupted by {signal_of(stop).name}: removed what was started",
            file=sys.stderr,
        )
        return exit_status(stop)


if __name__ == "__main__":
    sys.exit(main())
