"""The local kind calls the app's table in-process, as fixture_server does for
a pipe: the same operations, the same checks, the same refusals."""

import pytest

from harness.run.errors import HarnessError
from harness.server.base import Refused
from harness.server.local import LocalServer, call_in_process
from superlists.acceptance_fixtures import operations
from superlists.lists.forms import DUPLICATE_ITEM_ERROR
from superlists.lists.models import List

pytestmark = pytest.mark.django_db


def test_an_operation_of_the_table_runs_here_with_json_values():
    session = call_in_process("create_session", {"email": "edith@example.com"})
    # A tuple arrives as the list JSON makes of it, as it would over a pipe.
    started = call_in_process("start_lists", {"names": ("One", "Two"), "session": session})
    assert started == {"urls": [list_.get_absolute_url() for list_ in List.objects.order_by("id")]}
    assert {list_.owner.email for list_ in List.objects.all()} == {"edith@example.com"}


def test_the_site_refusing_is_the_harnesss_refused_in_the_sites_words():
    with pytest.raises(Refused, match=f"^{DUPLICATE_ITEM_ERROR}$"):
        call_in_process("start_list", {"items": ["Twice", "Twice"], "session": None})
    assert not List.objects.exists()


@pytest.mark.parametrize(
    "operation, arguments, said",
    [
        ("explode", {}, "unknown op 'explode'; the operations are: add_items, "),
        ("start_list", {"items": ["x"]}, "missing field 'session'"),
        ("start_lists", {"names": "x", "session": None}, "field 'names' must be a non-empty"),
    ],
)
def test_a_bad_call_is_one_harness_error_line(operation, arguments, said):
    with pytest.raises(HarnessError) as raised:
        call_in_process(operation, arguments)
    assert str(raised.value).startswith(f"fixture {operation} failed on the local server: ")
    assert said in str(raised.value) and "\n" not in str(raised.value)


def test_the_local_server_calls_through_the_same_function(monkeypatch):
    seen = []
    monkeypatch.setattr(operations, "call", lambda name, arguments: seen.append(name) or {})
    server = LocalServer(live_server=None, runner=None, old_config=None)
    server.reset_database()
    assert server.call("start_list", items=["x"], session=None) == {}
    assert seen == ["reset", "start_list"]
