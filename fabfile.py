"""Fabric's entry point: `fab deploy` and `fab logs` live in `deploy/tasks.py`."""

from deploy.tasks import deploy, logs

__all__ = ["deploy", "logs"]
