"""Errors the harness reports to the user as one line, not a traceback."""


class HarnessError(Exception):
    """A problem the user can fix: bad config, missing browser, unreachable server.

    The message must say what is wrong and how to fix it, on one line.
    """


def first_line(error: BaseException) -> str:
    """The useful part of an error: drivers append a long stack trace to the first line."""
    text = (getattr(error, "msg", None) or str(error)).strip()
    return text.splitlines()[0].rstrip() if text else type(error).__name__
