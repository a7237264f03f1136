"""Errors the harness reports to the user as one line, not a traceback."""


class HarnessError(Exception):
    """A problem the user can fix: bad config, missing browser, unreachable server.

    The message must say what is wrong and how to fix it, on one line.
    """
