"""Acting as root inside a running host's container: `run_script` runs a
shell script there (secrets travel on its stdin, never in argv) and returns
its output, `put_file` writes a root-owned file with its mode; either fails
as one StagingHostError line naming the host.
"""

from __future__ import annotations

import os
import shlex
import subprocess

from deploy.containers import Engine, last_line
from staging_host.addresses import Host
from staging_host.messages import StagingHostError


def run_script(
    engine: Engine, host: Host, script: str, stdin: str = "", timeout: float = 60
) -> str:
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


def put_file(engine: Engine, host: Host, path: str, content: str, mode: str = "644") -> None:
    """Write `content` to `path` on `host`, owned by root."""
    folder = os.path.dirname(path)
    run_script(
        engine, host,
        f"mkdir -p {shlex.quote(folder)} && umask 077 && cat > {shlex.quote(path)} "
        f"&& chmod {mode} {shlex.quote(path)}",
        stdin=content,
    )  # fmt: skip
