"""What a deploy tells the person running it: `step`, one progress line per
stage (deploys take tens of seconds), and `DeployError`, the one-line error
that stops a deploy or rollback (`Interrupted` when Ctrl-C stopped it);
`fab` prints either as `fab: error: ...`.
"""


class DeployError(Exception):
    """Stops the deploy; the message is one line saying what and how to fix it."""


class Interrupted(DeployError):
    """Ctrl-C (or SIGINT) stopped a deploy: the message says what is live."""


def step(message: str) -> None:
    """Progress output: deploys take tens of seconds."""
    print(f"==> {message}", flush=True)
