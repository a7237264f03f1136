"""The fixture interface over a fixture process: what happens when it ends."""

import pytest

from harness.server.fixture_client import FixtureProcessGone
from harness.server.fixture_process import FixtureProcessServer
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
