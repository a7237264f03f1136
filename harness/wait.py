"""The one retry primitive: `@wait`.

Browsers and servers answer asynchronously, so a check that fails now may pass
a few milliseconds later. `@wait` re-runs the wrapped function until it stops
raising, or until a deadline passes, and then says how hard it tried.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast, overload

from selenium.common.exceptions import WebDriverException

from harness.errors import first_line

F = TypeVar("F", bound=Callable[..., Any])

#: Exceptions worth retrying: a check that is not true yet, or an element the
#: page has not rendered (or has just replaced) yet. Anything else is a bug and
#: surfaces at once.
RETRYABLE: tuple[type[BaseException], ...] = (AssertionError, WebDriverException)

#: Seconds between attempts. Local pages settle in tens of milliseconds, so
#: polling faster than that wastes CPU and slower wastes wall time.
POLL_INTERVAL = 0.02


class PermanentFailure(AssertionError):
    """A check that failed for a reason no amount of waiting will change.

    An `AssertionError`, so behave reports the step as failed (not errored),
    but never retried by an enclosing `@wait`.
    """


class WordingProblem(PermanentFailure):
    """A feature's wording that cannot mean anything: a pronoun nobody in the
    scenario goes by, someone else's page where the step says "her own".

    Not a product failure: the report and the console show it as a problem
    with the feature's words, with no screenshot and no traceback, and its
    message says what was meant and how to write it.
    """


class WaitTimeout(PermanentFailure):
    """A waited-for condition still failed at the deadline.

    Retrying it again in an enclosing `@wait` would only multiply deadlines.
    """


class _Deadline:
    """How long a bare `@wait` keeps trying: the run's `wait_timeout`."""

    seconds: float = 5.0


default_deadline = _Deadline()


def configure(timeout: float) -> None:
    """Set the default deadline, in seconds, for every `@wait` (from config)."""
    default_deadline.seconds = timeout


@overload
def wait(func: F) -> F: ...
@overload
def wait(*, timeout: float | None = None) -> Callable[[F], F]: ...


def wait(func: F | None = None, *, timeout: float | None = None) -> Any:
    """Retry `func` on `AssertionError`/`WebDriverException` until a deadline.

    Use bare (`@wait`) for the configured deadline, or `@wait(timeout=1)`.
    On timeout raises `WaitTimeout` saying what was still wrong (the last
    error), for how long and after how many attempts, chained to that error.
    When `func` is a method whose object has a `failure_context()` (a page
    says whose browser, at which URL, showing what), the message starts with
    it; when it has `site_errors()`, the newest error the site logged ends it.
    """

    def decorate(inner: F) -> F:
        @functools.wraps(inner)  # behave follows __wrapped__ to report step locations
        def retrying(*args: Any, **kwargs: Any) -> Any:
            limit = default_deadline.seconds if timeout is None else timeout
            start = time.monotonic()
            attempts = 0
            while True:
                attempts += 1
                try:
                    return inner(*args, **kwargs)
                except PermanentFailure:
                    raise
                except RETRYABLE as error:
                    elapsed = time.monotonic() - start
                    if elapsed >= limit:
                        raise WaitTimeout(
                            f"{_where(args)}{_what_was_wrong(error)} "
                            f"(still so after {elapsed:.2f}s and {attempts} attempts "
                            f"at {inner.__name__}){_site_said(args)}"
                        ) from error
                    time.sleep(POLL_INTERVAL)

        return cast(F, retrying)

    return decorate(func) if func is not None else decorate


def _where(args: tuple[Any, ...]) -> str:
    describe = getattr(args[0], "failure_context", None) if args else None
    if not callable(describe):
        return ""
    try:
        return f"{describe()}: "
    except Exception:  # noqa: BLE001 - a dead browser must not hide the real failure
        return ""


def _site_said(args: tuple[Any, ...]) -> str:
    """What the site logged as an error meanwhile, when `func`'s object can
    tell (`site_errors()`): often why the page never showed what was expected."""
    errors = getattr(args[0], "site_errors", None) if args else None
    if not callable(errors):
        return ""
    try:
        said = errors()
    except Exception:  # noqa: BLE001 - the log is a hint; the failure stands without it
        return ""
    return f"; the site's error log says: {said[-1]}" if said else ""


def _what_was_wrong(error: BaseException) -> str:
    # An assertion's message says it all; anything else also needs its kind
    # ("NoSuchElementException: no such element: ...").
    if type(error) is AssertionError:
        return first_line(error)
    return f"{type(error).__name__}: {first_line(error)}"
