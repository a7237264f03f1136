"""What the staging-host tool tells the person running it: `say`, a progress
line (a first `up` takes a minute or two), and `StagingHostError`, the one
line saying what went wrong and what to do, which the command line prints as
`staging-host: error: ...` before exiting 1.
"""


class StagingHostError(Exception):
    """One line saying what went wrong and what to do."""


def say(message: str) -> None:
    """Progress: a first `up` takes a minute or two."""
    print(f"staging-host: {message}", flush=True)
