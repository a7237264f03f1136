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

from harness.run.errors import first_line
from harness.run.failures import Mismatch, PermanentFailure

F = TypeVar("F", bound=Callable[..., Any])

#: Exceptions worth retrying: a check that is not true yet, or an element the
#: page has not rendered (or has just replaced) yet. Anything else is a bug and
#: surfaces at once.
RETRYABLE: tuple[type[BaseException], ...] = (AssertionError, WebDriverException)

#: Seconds between attempts. Local pages settle in tens of milliseconds, so
#: polling faster than that wastes CPU and slower wastes wall time.
POLL_INTERVAL = 0.02


class WaitTimeout(PermanentFailure):
    """A waited-for condition still failed at the deadline.

    Its headline is the last attempt's; its `details` say, for developers,
    whose browser, at which address, for how long and after how many
    attempts, and what the site logged meanwhile. Retrying it again in an
    enclosing `@wait` would only multiply deadlines.
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
    On timeout raises `WaitTimeout`, chained to the last error: its headline
    is the last attempt's (a `Mismatch` keeps its rows and what it read), and
    its `details` say, for developers, whose browser, at which URL, showing
    what (when `func`'s object has a `failure_context()`), how long it waited
    and how many attempts it made, and the newest error the site logged (when
    the object has `site_errors()`).
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
                        raise _timed_out(error, args, elapsed, attempts, inner.__name__) from error
                    time.sleep(POLL_INTERVAL)

        return cast(F, retrying)

    return decorate(func) if func is not None else decorate


def _timed_out(
    error: BaseException, args: tuple[Any, ...], elapsed: float, attempts: int, name: str
) -> WaitTimeout:
    """The failure at the deadline: the last attempt's headline, then the detail."""
    details = [
        *_where(args),
        f"waited {elapsed:.2f}s, {attempts} attempts at {name}",
        *_site_said(args),
    ]
    if isinstance(error, Mismatch):
        timeout = WaitTimeout(error.headline, error.comparison, error.focus)
    elif type(error) is AssertionError:
        timeout = WaitTimeout(_sentence(first_line(error)))
    else:
        details.append(f"last error: {type(error).__name__}: {first_line(error)}")
        timeout = WaitTimeout(f"What this step looks for never appeared{_on_whose_page(args)}.")
    timeout.details = tuple(details) + tuple(getattr(error, "details", ()))
    person = getattr(error, "person", None) or (getattr(args[0], "person", None) if args else None)
    timeout.person = person if isinstance(person, str) else None
    return timeout


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _on_whose_page(args: tuple[Any, ...]) -> str:
    person = getattr(args[0], "person", None) if args else None
    return f" on {person}'s page" if isinstance(person, str) else ""


def _where(args: tuple[Any, ...]) -> list[str]:
    describe = getattr(args[0], "failure_context", None) if args else None
    if not callable(describe):
        return []
    try:
        return [str(describe())]
    except Exception:  # noqa: BLE001 - a dead browser must not hide the real failure
        return []


def _site_said(args: tuple[Any, ...]) -> list[str]:
    """What the site logged as an error meanwhile, when `func`'s object can
    tell (`site_errors()`): often why the page never showed what was expected."""
    errors = getattr(args[0], "site_errors", None) if args else None
    if not callable(errors):
        return []
    try:
        said = errors()
    except Exception:  # noqa: BLE001 - the log is a hint; the failure stands without it
        return []
    return [f"the site's error log says: {said[-1]}"] if said else []
