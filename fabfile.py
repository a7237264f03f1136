"""Fabric's entry point: `fab deploy`, `fab rollback` and `fab logs` live in `deploy/tasks.py`."""

from deploy.tasks import deploy, logs, rollback

__all__ = ["deploy", "logs", "rollback"]
