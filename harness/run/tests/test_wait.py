import re
import time

import pytest
from selenium.common.exceptions import NoSuchElementException, WebDriverException

from harness.run import wait as wait_module
from harness.run.wait import WaitTimeout, configure, wait


@pytest.fixture
def default_timeout():
    """Restore the module-wide deadline whatever the test sets it to."""
    saved = wait_module.default_deadline.seconds
    yield
    configure(saved)


class Flaky:
    """Fails with `error` until called `failures` times, then returns "done"."""

    def __init__(self, failures, error=None):
        self.failures = failures
        self.error = error or AssertionError("not yet")
        self.calls = 0
        self.__name__ = "flaky"  # @wait names the function in its message

    def __call__(self):
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return "done"


def test_retries_until_success_and_returns_the_value():
    flaky = Flaky(3)
    assert wait(timeout=2)(flaky)() == "done"
    assert flaky.calls == 4


def test_passes_arguments_through():
    @wait(timeout=1)
    def add(a, b, *, c):
        return a + b + c

    assert add(1, 2, c=3) == 6


def test_gives_up_at_the_deadline_with_a_description():
    calls = 0

    @wait(timeout=0.1)
    def never_true():
        nonlocal calls
        calls += 1
        raise AssertionError(f"still false after {calls}")

    started = time.monotonic()
    with pytest.raises(WaitTimeout) as caught:
        never_true()
    elapsed = time.monotonic() - started

    assert 0.1 <= elapsed < 1.5
    assert calls > 1
    # The headline is the last attempt's; how hard it tried is for developers.
    assert str(caught.value) == caught.value.headline == f"still false after {calls}."
    (waited,) = caught.value.details
    assert re.fullmatch(rf"waited 0\.1\d+s, {calls} attempts at never_true", waited)
    assert isinstance(caught.value.__cause__, AssertionError)
    assert str(caught.value.__cause__) == f"still false after {calls}"


def test_timeout_is_an_assertion_error():
    with pytest.raises(AssertionError):
        wait(timeout=0.05)(Flaky(10**6))()


def test_other_exceptions_surface_at_once():
    flaky = Flaky(1, ValueError("a bug"))
    with pytest.raises(ValueError, match="a bug"):
        wait(timeout=2)(flaky)()
    assert flaky.calls == 1


def test_inner_wait_timeout_is_not_retried_by_outer_wait():
    inner = wait(timeout=0.05)(Flaky(10**6))
    outer_calls = 0

    @wait(timeout=5)
    def outer():
        nonlocal outer_calls
        outer_calls += 1
        inner()

    started = time.monotonic()
    with pytest.raises(WaitTimeout):
        outer()
    assert outer_calls == 1
    assert time.monotonic() - started < 2


def test_webdriver_exceptions_are_retried():
    flaky = Flaky(2, NoSuchElementException("no such element"))
    assert wait(timeout=2)(flaky)() == "done"
    assert flaky.calls == 3


def test_webdriver_timeout_message_keeps_only_the_first_line():
    error = WebDriverException("element went stale\nStacktrace:\n#0 0xdeadbeef")
    with pytest.raises(WaitTimeout) as caught:
        wait(timeout=0.05)(Flaky(10**6, error))()
    assert caught.value.headline == "What this step looks for never appeared."
    said = "\n".join(caught.value.details)
    assert "last error: WebDriverException: element went stale" in said
    assert "Stacktrace" not in said


def test_wraps_keeps_name_and_wrapped():
    def check_title():
        """Docstring."""

    wrapped = wait(check_title)
    assert wrapped.__name__ == "check_title"
    assert wrapped.__doc__ == "Docstring."
    assert wrapped.__wrapped__ is check_title


def test_configure_changes_the_default_deadline(default_timeout):
    configure(0.1)
    started = time.monotonic()
    with pytest.raises(WaitTimeout):
        wait(Flaky(10**6))()
    assert time.monotonic() - started < 1.5


def test_configure_applies_to_functions_decorated_earlier(default_timeout):
    @wait
    def always_fails():
        raise AssertionError("no")

    configure(0.05)
    started = time.monotonic()
    with pytest.raises(WaitTimeout):
        always_fails()
    assert time.monotonic() - started < 1.5


def test_polls_quickly():
    ready_at = time.monotonic() + 0.1

    @wait(timeout=3)
    def ready():
        assert time.monotonic() >= ready_at, "not ready"

    ready()
    assert time.monotonic() - ready_at < 0.2


class _Described:
    def __init__(self, context):
        self._context = context

    def failure_context(self):
        if isinstance(self._context, Exception):
            raise self._context
        return self._context

    @wait(timeout=0.05)
    def check(self):
        raise AssertionError("not yet")


def test_timeout_message_starts_with_where_the_object_is():
    with pytest.raises(WaitTimeout) as caught:
        _Described("in Edith's browser at http://x/ (blank page)").check()
    assert caught.value.headline == "not yet."
    assert caught.value.details[0] == "in Edith's browser at http://x/ (blank page)"


def test_a_context_that_cannot_be_read_leaves_the_message_as_it_was():
    with pytest.raises(WaitTimeout) as caught:
        _Described(ConnectionRefusedError("browser gone")).check()
    assert caught.value.headline == "not yet."
    assert caught.value.details[0].startswith("waited ")


class _Logged:
    """A page whose site has logged `errors` (or cannot say: an exception)."""

    def __init__(self, errors):
        self._errors = errors
        self.asked = 0

    def site_errors(self):
        self.asked += 1
        if isinstance(self._errors, Exception):
            raise self._errors
        return self._errors

    @wait(timeout=0.05)
    def check(self):
        raise AssertionError("not yet")

    @wait(timeout=1)
    def passes(self):
        return "ok"


def test_timeout_message_ends_with_the_newest_error_the_site_logged():
    logged = _Logged(["ERROR first: older", "ERROR smtp: 535 Authentication failed"])
    with pytest.raises(WaitTimeout) as caught:
        logged.check()
    assert caught.value.headline == "not yet."
    assert caught.value.details[-1] == (
        "the site's error log says: ERROR smtp: 535 Authentication failed"
    )
    assert "older" not in "\n".join(caught.value.details)
    assert logged.asked == 1


@pytest.mark.parametrize("errors", [[], ConnectionError("ssh gone"), RuntimeError("bug")])
def test_no_error_logged_or_none_readable_leaves_the_message_as_it_was(errors):
    with pytest.raises(WaitTimeout) as caught:
        _Logged(errors).check()
    assert caught.value.headline == "not yet."
    assert caught.value.details[-1].endswith(" attempts at check")


def test_an_object_without_a_log_leaves_the_message_as_it_was():
    class Quiet:
        site_errors = ["not a method"]

        @wait(timeout=0.05)
        def check(self):
            raise AssertionError("not yet")

    with pytest.raises(WaitTimeout) as caught:
        Quiet().check()
    assert caught.value.details[-1].endswith(" attempts at check")
    with pytest.raises(WaitTimeout) as caught:
        wait(timeout=0.05)(Flaky(10**6))()
    assert caught.value.details[-1].endswith(" attempts at flaky")


def test_the_sites_log_is_read_only_when_a_check_times_out():
    logged = _Logged(["ERROR something"])
    assert logged.passes() == "ok"
    assert logged.asked == 0
