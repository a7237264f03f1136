"""The site under test over a fixture process: what happens when it ends, and
the generic call through a real `manage.py fixture_server` on a real pipe."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.run.errors import HarnessError
from harness.server.base import Refused
from harness.server.fixture_client import FixtureProcessGone
from harness.server.fixture_process import FixtureProcessServer
from harness.server.pipes import ExecPipe
from harness.server.targets import NamedServer
from harness.server.tests.test_fixture_client import Pipe

TARGET = NamedServer(
    name="box", kind="container", url="http://127.0.0.1:8888", disposable=True, site_dir="/srv"
)


class Box(FixtureProcessServer):
    def close(self):
        self.stop_fixtures()


def test_once_the_process_has_ended_every_later_scenario_is_skipped_saying_why():
    server = Box(TARGET, request_timeout=5)
    server.start_fixtures(Pipe('{"ok": true, "result": "ready"}', "Killed"))
    assert server.skip_reason({"readonly"}) is None
    with pytest.raises(FixtureProcessGone, match="has ended"):
        server.reset_database()
    for tags in (set(), {"readonly"}, {"https"}):
        reason = server.skip_reason(tags)
        assert reason is not None and reason.startswith("not run: the fixture process on box")


MANAGE = Path(__file__).resolve().parents[3] / "manage.py"


@pytest.fixture(scope="module")
def real_box(tmp_path_factory):
    """A Box talking to `manage.py fixture_server` on a migrated database of its
    own: one process for the module, as a run has one (Django starts once)."""
    tmp_path = tmp_path_factory.mktemp("fixture_process")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))}
    env |= {"DJANGO_DB_PATH": str(tmp_path / "db.sqlite3"), "EMAIL_FILE_PATH": str(tmp_path)}
    migrate = [sys.executable, str(MANAGE), "migrate", "-v0"]
    migrated = subprocess.run(migrate, env=env, capture_output=True, text=True, timeout=60)
    assert migrated.returncode == 0, migrated.stderr
    box = Box(TARGET, request_timeout=20)
    box.start_fixtures(ExecPipe([sys.executable, str(MANAGE), "fixture_server"], 20, env))
    yield box
    box.close()


def test_any_operation_of_the_table_runs_through_the_real_pipe(real_box):
    session = real_box.call("create_session", email="edith@example.com")
    started = real_box.call("start_lists", names=["Click cows", "Feed the horses"], session=session)
    assert [url.startswith("/lists/") for url in started["urls"]] == [True, True]
    with pytest.raises(Refused, match="^You've already got this in your list$"):
        real_box.call("add_items", list=started["urls"][0], items=["Click cows"], session=session)
    real_box.call("send_login_links", email="edith@example.com", times=1, site_url=real_box.url)
    assert real_box.latest_email("edith@example.com").login_link.startswith(real_box.url)
    real_box.reset_database()
    assert real_box.latest_email("edith@example.com") is None


@pytest.mark.parametrize(
    "operation, arguments, said",
    [
        ("explode", {}, "BadCall: unknown op 'explode'; the operations are: add_items, "),
        ("start_lists", {"names": [], "session": None}, "field 'names' must be a non-empty"),
        ("create_session", {}, "missing field 'email': it must be a string"),
    ],
)
def test_a_bad_call_is_one_line_and_the_process_serves_on(real_box, operation, arguments, said):
    with pytest.raises(HarnessError) as raised:
        real_box.call(operation, **arguments)
    message = str(raised.value)
    assert "\n" not in message and "Traceback" not in message
    assert f"fixture {operation} failed on box: " in message and said in message
    assert len(real_box.call("create_session", email="a@example.com")) == 32
