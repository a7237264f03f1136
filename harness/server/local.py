"""Local fixture layer: the Django test database and one in-process live server."""

from __future__ import annotations

import logging
import os
import socket
from pathlib import Path
from typing import Any

from harness.server.base import Email, Server

TEST_DB = Path(__file__).resolve().parents[2] / "acceptance_test_db.sqlite3"


def _quiet_app_logging() -> None:
    """Keep the in-process app's log lines out of the report.

    The app logs to stderr through the root logger. Here it shares our process,
    so without this its lines land in the middle of behave's output; with it,
    they go only to behave's log capture, which shows them beside a failure.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if type(handler) is logging.StreamHandler:
            root.removeHandler(handler)
    # Expected 404s (the parking page) are not news even in a failure report.
    logging.getLogger("django.request").setLevel(logging.ERROR)


class LocalServer(Server):
    """Django in this process: ORM fixtures and a live server for the whole run.

    With `borrowed=True` (under `python manage.py behave`), behave-django owns
    the test database and the per-scenario live server; we only use the ORM.
    """

    def __init__(self, live_server: Any, runner: Any, old_config: Any) -> None:
        self._live_server = live_server
        self._runner = runner
        self._old_config = old_config

    @classmethod
    def start(cls, *, borrowed: bool = False) -> LocalServer:
        """Set up Django's test environment, test database and live server."""
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "superlists.settings")
        # Our own test database file: unit tests may run beside us with theirs.
        os.environ.setdefault("DJANGO_TEST_DB_PATH", str(TEST_DB))
        import django

        django.setup()
        _quiet_app_logging()
        if borrowed:
            from behave_django.testcase import BehaviorDrivenTestCase

            return cls(BehaviorDrivenTestCase, None, None)

        from django.contrib.staticfiles.testing import StaticLiveServerTestCase
        from django.core.servers.basehttp import ThreadedWSGIServer
        from django.test.runner import DiscoverRunner
        from django.test.testcases import LiveServerThread

        class FastLiveServer(ThreadedWSGIServer):
            # socketserver notices a shutdown request only between polls; its
            # default 0.5 s poll made every run wait ~0.4 s at the end.
            def serve_forever(self, poll_interval: float = 0.02) -> None:
                super().serve_forever(poll_interval)

            # wsgiref writes headers and body separately; with Nagle on, the
            # body waits for the browser's delayed ACK: ~40 ms per response.
            # (gunicorn sets TCP_NODELAY itself.)
            def get_request(self) -> tuple[socket.socket, Any]:
                conn, address = super().get_request()
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                return conn, address

        class FastLiveServerThread(LiveServerThread):
            server_class = FastLiveServer

        class LiveServer(StaticLiveServerTestCase):
            """Never run as a test: only its class-level live server is used."""

            server_thread_class = FastLiveServerThread

        # keepdb: reuse the test database between runs, migrating it if needed;
        # every scenario empties it first anyway.
        runner = DiscoverRunner(interactive=False, verbosity=0, keepdb=True)
        runner.setup_test_environment()
        try:
            old_config = runner.setup_databases()
        except BaseException:
            runner.teardown_test_environment()
            raise
        server = cls(LiveServer, runner, old_config)
        try:
            LiveServer.setUpClass()
        except BaseException:
            LiveServer.doClassCleanups()  # stops a half-started server thread
            server._live_server = None
            server.close()
            raise
        return server

    @property
    def url(self) -> str:
        return str(self._live_server.live_server_url)

    def reset_database(self) -> None:
        from django.core import mail

        from superlists.acceptance_fixtures.api import reset_database

        reset_database()
        mail.outbox.clear()  # a scenario must never read an earlier one's email

    def create_session(self, email: str) -> str:
        from superlists.acceptance_fixtures.api import create_pre_authenticated_session

        return str(create_pre_authenticated_session(email))

    def latest_email(self, to: str) -> Email | None:
        from django.core import mail

        for message in reversed(getattr(mail, "outbox", [])):
            if to in message.to:
                return Email(message.subject, message.from_email, tuple(message.to), message.body)
        return None

    def close(self) -> None:
        if self._runner is None:
            return  # borrowed: behave-django tears down what it set up
        if self._live_server is not None:
            self._live_server.tearDownClass()
            # Without this the live server thread outlives the run.
            self._live_server.doClassCleanups()
        self._runner.teardown_databases(self._old_config)
        self._runner.teardown_test_environment()
        self._runner = None
