"""A tiny local web site and a real browser, for tests that need both."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from harness import browser
from harness.config import load_config


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
def local_browser() -> Iterator[browser.Browser]:
    """The browser a default run starts, quit afterwards."""
    started = browser.start_browser(load_config({}, {}, environ={}))
    try:
        yield started
    finally:
        browser.quit_browser(started)
