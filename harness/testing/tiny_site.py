"""A tiny local web site and a real browser, for tests that need both."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from harness.browsers import engines, launch
from harness.config import load_config


class QuietHandler(BaseHTTPRequestHandler):
    """A handler for a test site: answers with `send_page`, logs nothing."""

    def send_page(self, body: bytes, headers: dict[str, str] | None = None) -> None:
        """Answer 200 with the HTML `body` and any extra `headers`."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
        pass


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve `handler` on 127.0.0.1; yields the site's address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@contextmanager
def local_browser() -> Iterator[engines.Browser]:
    """The browser a default run starts, quit afterwards."""
    started = launch.start_browser(load_config({}, {}, environ={}))
    try:
        yield started
    finally:
        launch.quit_browser(started)
