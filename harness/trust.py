"""The run's own certificate trust store, for a site signed by a private CA.

Chromium on Linux trusts, besides the public roots, the CAs in the NSS
database under `$HOME/.pki/nssdb`. A run against such a site makes a home of
its own in its scratch folder, with that CA in it, and starts its drivers
(and so its browsers) with that HOME: the browsers verify the certificate
as they would a public one, and nothing on this machine, nor any switch that
turns checking off, is touched. (A Grid's nodes get the same at `make grid`.)
NSS's own `certutil` (Debian's libnss3-tools) writes the database.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from harness.errors import HarnessError

CERTUTIL_HINT = "install it with `sudo apt-get install -y libnss3-tools` (or `make system-deps`)"


def browser_home(ca_file: Path, folder: Path) -> Path:
    """Make `folder` a HOME whose NSS database trusts `ca_file` for web
    sites; return it. One HarnessError line if it cannot."""
    certutil = shutil.which("certutil")
    if certutil is None:
        raise HarnessError(f"trusting {ca_file} needs NSS's certutil: {CERTUTIL_HINT}")
    if not ca_file.is_file():
        raise HarnessError(
            f"the CA certificate {ca_file} does not exist: `make staging-host` makes the "
            "local one, or set NAME.ca to the CA that signed the site's certificate"
        )
    database = folder / ".pki" / "nssdb"
    database.mkdir(parents=True, exist_ok=True)
    steps = [
        # "C,,": a CA trusted to issue server certificates, and nothing else.
        ["-A", "-n", f"superlists run CA {ca_file.name}", "-t", "C,,", "-i", str(ca_file)],
    ]
    if not (database / "cert9.db").exists():
        # certutil -N on an existing database asks for its password, forever.
        steps.insert(0, ["-N", "--empty-password"])
    for arguments in steps:
        try:
            made = subprocess.run(
                [certutil, "-d", f"sql:{database}", *arguments],
                capture_output=True,
                text=True,
                stdin=subprocess.DEVNULL,
                timeout=30,
            )
        except subprocess.TimeoutExpired:
            raise HarnessError(f"certutil did not finish within 30s making {database}") from None
        if made.returncode != 0:
            said = (made.stderr or made.stdout).strip().splitlines()
            raise HarnessError(
                f"cannot make the browsers' trust store for {ca_file}: "
                f"{said[-1] if said else 'certutil failed'}"
            )
    return folder
