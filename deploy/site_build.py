"""Shipping the app from this machine, the same way whatever the target.

`fab deploy` (a server over SSH) and `scripts/container` (an image) both
install the pinned requirements from wheels built here, so neither target
needs the internet, and both wait the same way for a started site to answer.
Plain Python: no Fabric, no Django, no harness.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from deploy import PROJECT

REQUIREMENTS = PROJECT / "requirements.txt"
WHEEL_CACHE = PROJECT / "build" / "wheels"


class SiteDown(Exception):
    """A started site did not answer in time; the message says what it did say."""


def build_wheels(progress: Callable[[str], None]) -> Path:
    """Wheels for requirements.txt, built once per content of that file (a
    folder named by its hash, complete only once `.complete` is written)."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:16]
    folder = WHEEL_CACHE / digest
    if not (folder / ".complete").exists():
        progress(f"Building wheels for requirements.txt into {folder.relative_to(PROJECT)}")
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check",
             "-r", str(REQUIREMENTS), "-w", str(folder)],
            check=True,
        )  # fmt: skip
        (folder / ".complete").touch()
    return folder


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # An HTTPS-only site answers plain HTTP with a redirect to https://, which
    # gunicorn itself does not speak. That redirect already proves Django is up.
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def wait_until_up(url: str, timeout: float = 30.0) -> None:
    """Return once `url` answers 200 (or redirects); `SiteDown` after `timeout` seconds."""
    opener = urllib.request.build_opener(_NoRedirects)
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            with opener.open(url, timeout=2) as response:
                if response.status == 200:
                    return
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            if error.code in (301, 302, 307, 308):
                return
            last = f"HTTP {error.code}"
        except (urllib.error.URLError, OSError) as error:
            last = str(error)
        time.sleep(0.1)
    raise SiteDown(f"{url} did not answer within {timeout:.0f}s ({last})")
