"""axe-core itself: its script and version as npm installed them, and the
small HTTP endpoint on 127.0.0.1 that browsers fetch the script from.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from harness.run.errors import HarnessError
from harness.run.paths import PROJECT

AXE_PACKAGE = PROJECT / "node_modules" / "axe-core"
INSTALL_HINT = "run `npm ci` in the project (`make acceptance` does it)"


class AxeUnavailable(HarnessError):
    """axe-core is not installed, or a browser could not run it: one line."""


def read_axe(package: Path = AXE_PACKAGE) -> str:
    """axe-core's minified script; AxeUnavailable, in one line, if it is not installed."""
    try:
        return (package / "axe.min.js").read_text(encoding="utf-8")
    except OSError:
        raise AxeUnavailable(f"axe-core is not installed in {package}: {INSTALL_HINT}") from None


def axe_version(package: Path = AXE_PACKAGE) -> str:
    """The installed axe-core's version, for the report."""
    try:
        return str(json.loads((package / "package.json").read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "not installed"


class AxeScriptEndpoint:
    """Serves axe-core's script on 127.0.0.1 for browsers on this machine to
    fetch once and keep in their cache: a page then loads it in ~10 ms, where
    sending 650 KB with each audit takes ~45 ms here."""

    def __init__(self, source: str) -> None:
        body = source.encode()
        self.version = re.sub(r"\W", "", axe_version()) or "axe"

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                if self.path == f"/{server.version}/axe.min.js":
                    # The version is in the path, so the file never changes there.
                    self._send(body, "text/javascript", "public, max-age=31536000, immutable")
                else:
                    self.send_error(404)

            def _send(self, content: bytes, kind: str, cache: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(content)))
                self.send_header("Cache-Control", cache)
                self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()
                self.wfile.write(content)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass  # one line per fetch would only be noise

        server = self
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._http.daemon_threads = True
        self._thread = threading.Thread(
            target=self._http.serve_forever, name="axe-script-endpoint", daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        """Where the script is."""
        return f"http://127.0.0.1:{self._http.server_address[1]}/{self.version}/axe.min.js"

    def close(self) -> None:
        """Stop serving."""
        self._http.shutdown()
        self._http.server_close()
