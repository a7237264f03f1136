"""Where the project is, for the harness: found once, in `deploy` (which the
harness may import; the deploy tooling never imports the harness)."""

from deploy import PROJECT

__all__ = ["PROJECT"]
