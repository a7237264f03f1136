"""What a run's browsers trust when the server has a private CA: a HOME
whose trust store holds the CA, for local browsers; for WebKit (which takes
no CA), the server's own certificate, verified by the run and pinned, or,
on a Grid, a check that its nodes pin that very certificate.

`scratch` is the run's scratch folder, where the HOME and the pinned
certificate are kept.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from harness.browsers import grid, trust
from harness.config import Config
from harness.run.errors import HarnessError


def webkit_certificates_for(config: Config, scratch: Path) -> list[dict[str, str]] | None:
    """For WebKit against a server with a private CA: the server's
    certificate, verified against that CA by the run, allowed for its host
    alone (WebKit takes no CA: `trust.verified_site_certificate`). On a Grid
    the nodes allow it (`scripts/grid up`): the run checks they allow this
    very certificate, or says in one line how to give it to them."""
    remote = config.remote
    if config.browser != "webkit" or remote is None or remote.ca_file is None:
        return None
    folder = scratch / "webkit-certificates"
    pinned = trust.verified_site_certificate(remote.url, remote.ca_file, folder)
    if not config.grid_url:
        return trust.webkit_certificates(remote.url, pinned)
    host = urlsplit(remote.url).hostname
    offered = grid.webkit_certificates(config.grid_url) or []
    if not any(c["host"] == host and _same_file(c["certificateFile"], pinned) for c in offered):
        raise HarnessError(
            f"the Grid's WebKit nodes do not allow {remote.name}'s certificate (WebKit takes "
            f"no CA): start the Grid after {remote.name} is deployed, so that it verifies "
            "and gives them that certificate (scripts/grid down; scripts/grid up)"
        )
    return None


def _same_file(path: str, other: Path) -> bool:
    try:
        return Path(path).read_bytes() == other.read_bytes()
    except OSError:
        return False


def browser_home_for(config: Config, scratch: Path) -> Path | None:
    """A HOME trusting the server's private CA, for local browsers (a Grid's
    nodes have their own); None when the run needs no CA."""
    remote = config.remote
    if remote is None or remote.ca_file is None or config.grid_url:
        return None
    return trust.browser_home(remote.ca_file, scratch / "browser-home")
