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
import socket
import ssl
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from harness.run.errors import HarnessError

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


def verified_site_certificate(url: str, ca_file: Path, folder: Path, timeout: float = 10.0) -> Path:
    """The certificate the site at `url` presents, saved in `folder` once it
    has been verified against `ca_file` (the chain, its dates, the host name),
    as a browser would; one HarnessError line if it does not verify.

    For WebKit: WebKitGTK trusts only the machine's CAs, and its driver takes
    no CA, only one certificate allowed per host (`webkitgtk:browserOptions`
    → `certificates`, as web-platform-tests runs it). So the run checks the
    site's certificate itself, with the run's CA and nothing looser, and
    allows WebKit that certificate, for that host, alone: a site that changes
    certificate mid-run is refused, never let through.
    """
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 443
    if not ca_file.is_file():
        raise HarnessError(
            f"the CA certificate {ca_file} does not exist: `make staging-host` makes the "
            "local one, or set NAME.ca to the CA that signed the site's certificate"
        )
    context = ssl.create_default_context(cafile=str(ca_file))
    try:
        with socket.create_connection((host, port), timeout=timeout) as raw:
            with context.wrap_socket(raw, server_hostname=host) as tls:
                der = tls.getpeercert(binary_form=True)
    except ssl.SSLCertVerificationError as error:
        raise HarnessError(
            f"{url} presents a certificate that {ca_file} does not vouch for: "
            f"{error.verify_message or error.reason}"
        ) from None
    except (OSError, ssl.SSLError) as error:
        raise HarnessError(f"could not fetch {url}'s certificate: {error}") from None
    if der is None:
        raise HarnessError(f"{url} presented no certificate")
    folder.mkdir(parents=True, exist_ok=True)
    pinned = folder / f"{host}-{port}.pem"
    pinned.write_text(ssl.DER_cert_to_PEM_cert(der), encoding="ascii")
    return pinned


def webkit_certificates(url: str, pinned: Path) -> list[dict[str, str]]:
    """The `certificates` entry of WebKit's browser options for `pinned`,
    allowed for `url`'s host only."""
    return [{"host": urlsplit(url).hostname or "", "certificateFile": str(pinned)}]


def main(argv: list[str]) -> int:
    """`python -m harness.browsers.trust webkit-pins FOLDER [SERVER]`: the JSON
    `certificates` a Grid's WebKit nodes may allow (`scripts/grid up`): the
    named server's certificate (default staging), verified against its CA,
    or `[]` (with a line on stderr) when it has no CA or does not verify."""
    import json

    from behave.configuration import Configuration

    from harness.config import load_config

    if len(argv) not in (2, 3) or argv[0] != "webkit-pins":
        print(
            "usage: python -m harness.browsers.trust webkit-pins FOLDER [SERVER]", file=sys.stderr
        )
        return 2
    name = argv[2] if len(argv) == 3 else "staging"
    try:
        userdata = Configuration(command_args=[], load_config=True).userdata
        remote = load_config(userdata, {"server": name}).remote
        if remote is None or remote.ca_file is None:
            print("[]")
            return 0
        pinned = verified_site_certificate(remote.url, remote.ca_file, Path(argv[1]))
    except HarnessError as error:
        print(f"trust: {name}'s certificate is not allowed to WebKit: {error}", file=sys.stderr)
        print("[]")
        return 0
    print(json.dumps(webkit_certificates(remote.url, pinned.resolve())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
