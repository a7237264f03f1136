"""The local kind of server: Django in this process, one live server for the
whole run, and the app's table of set-up operations called in-process. (The
run's test database comes from `harness.server.template_db`.)"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import unittest
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.run.errors import HarnessError
from harness.server.base import Refused, SiteUnderTest
from harness.server.targets import NamedServer
from harness.server.template_db import TEMPLATE_DB, copy_template, drop_template, save_template

if TYPE_CHECKING:
    from harness.server.base import Opening


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


def call_in_process(operation: str, arguments: Mapping[str, object]) -> Any:
    """Run an operation of the app's table here, as `fixture_server` would
    over a pipe: the arguments and the result go through JSON (so what works
    locally works remotely), and the app's refusal becomes the harness's."""
    from superlists.acceptance_fixtures import operations
    from superlists.acceptance_fixtures.api import Refused as AppRefused

    try:
        return json.loads(json.dumps(operations.call(operation, json.loads(json.dumps(arguments)))))
    except AppRefused as refusal:
        raise Refused(str(refusal)) from None
    except operations.BadCall as bad:
        raise HarnessError(f"fixture {operation} failed on the local server: {bad}") from None


def _unsynced_sqlite() -> None:
    """Let SQLite skip fsync on the run's database connections.

    The test database is scratch, rebuilt from the template by every run, so
    surviving a power cut is worth nothing; an fsync per commit (~2 ms here,
    several per scenario) is worth something.
    """
    from django.db.backends.signals import connection_created

    def unsynced(sender: Any, connection: Any, **kwargs: Any) -> None:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous = OFF")

    connection_created.connect(unsynced, weak=False, dispatch_uid="acceptance-unsynced-sqlite")


#: HTML documents the local live server has served in this process: the
#: suite's page loads, as `make bench` counts them (see `count_of_pages`).
_PAGES_SERVED = [0]
_COUNTING = threading.Lock()


def pages_served() -> int:
    """How many HTML documents the local live server has served so far."""
    return _PAGES_SERVED[0]


def _counting_pages(application: Any) -> Any:
    """`application` (WSGI), counting each response that is an HTML page."""

    def counted(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        def start(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            if any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers):
                with _COUNTING:  # a thread per request
                    _PAGES_SERVED[0] += 1
            return start_response(status, headers, *rest)

        return application(environ, start)

    return counted


class LocalServer(SiteUnderTest):
    """Django in this process: ORM fixtures and a live server for the whole run.

    With `borrowed=True` (under `python manage.py behave`), behave-django owns
    the test database and the per-scenario live server; we only use the ORM.
    """

    def __init__(self, live_server: Any, runner: Any, old_config: Any, site_host: str = "") -> None:
        self._live_server = live_server
        self._runner = runner
        self._old_config = old_config
        self._site_host = site_host

    @classmethod
    def start(
        cls,
        test_db: Path,
        *,
        borrowed: bool = False,
        bind_host: str = "localhost",
        site_host: str = "",
    ) -> LocalServer:
        """Set up Django's test environment, the run's own test database
        (`test_db`) and a live server on a free port of `bind_host`.

        Browsers reach it as `site_host` (default: `bind_host`): a Grid on
        another machine needs `bind_host` 0.0.0.0 and this machine's address.
        """
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "superlists.settings")
        if not borrowed:
            # The run's own file: other runs, and unit tests, use theirs.
            os.environ["DJANGO_TEST_DB_PATH"] = str(test_db)
            copied = copy_template(test_db)
        import django

        django.setup()
        _quiet_app_logging()
        _unsynced_sqlite()
        if borrowed:
            from behave_django.testcase import BehaviorDrivenTestCase

            return cls(BehaviorDrivenTestCase, None, None)

        from django.contrib.staticfiles.testing import StaticLiveServerTestCase
        from django.core.servers.basehttp import ThreadedWSGIServer
        from django.db import DatabaseError
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

            # Pages served (HTML documents), for `make bench`'s per-page figures.
            def set_app(self, application: Any) -> None:
                super().set_app(_counting_pages(application))

        class FastLiveServerThread(LiveServerThread):
            server_class = FastLiveServer

        class LiveServer(StaticLiveServerTestCase):
            """Never run as a test: only its class-level live server is used."""

            server_thread_class = FastLiveServerThread
            host = bind_host
            allowed_host = site_host or bind_host  # the Host header browsers send

        # keepdb: use the template's copy, migrating it if needed; every
        # scenario empties it first anyway.
        runner = DiscoverRunner(interactive=False, verbosity=0, keepdb=True)
        runner.setup_test_environment()
        # That installed unittest's SIGINT handler, which swallows the first
        # Ctrl-C; give SIGINT back to whoever had it (the run's interrupts).
        unittest.removeHandler()
        try:
            try:
                old_config = runner.setup_databases()
            except DatabaseError as error:
                if not copied:
                    raise
                # Stamped right but damaged inside (a table dropped by hand):
                # start again from the migrations, once.
                drop_template(TEMPLATE_DB, f"{type(error).__name__}: {error}")
                test_db.unlink(missing_ok=True)
                old_config = runner.setup_databases()
            save_template(test_db)
        except BaseException:
            runner.teardown_test_environment()
            raise
        server = cls(LiveServer, runner, old_config, site_host)
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
        if self._site_host:
            return f"http://{self._site_host}:{self._live_server.server_thread.port}"
        return str(self._live_server.live_server_url)

    def call(self, operation: str, **arguments: object) -> Any:
        return call_in_process(operation, arguments)

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


class LocalKind:
    """The row of `SERVER_KINDS` for the built-in server (`server = local`)."""

    name = "local"
    keys: frozenset[str] = frozenset()

    def read(
        self, name: str, address: str, own: Mapping[str, str], common: Mapping[str, Any]
    ) -> NamedServer:
        raise HarnessError("the local server is built in: it is not named in behave.ini")

    def open(self, target: NamedServer | None, opening: Opening) -> LocalServer:
        return LocalServer.start(
            opening.test_db,
            borrowed=opening.under_behave_django,
            bind_host=opening.live_server_host,
            site_host=opening.site_host,
        )


#: The row.
LOCAL = LocalKind()
