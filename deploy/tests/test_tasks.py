"""The Fabric tasks: their names, and no way to pass a secret in argv."""

import inspect

from deploy import tasks


def test_the_tasks_are_deploy_rollback_and_logs():
    import fabfile

    assert sorted(fabfile.__all__) == ["deploy", "logs", "rollback"]
    assert all(getattr(fabfile, name) is getattr(tasks, name) for name in fabfile.__all__)


def test_the_deploy_task_has_no_option_that_could_carry_a_password():
    # The password comes from EMAIL_PASSWORD alone: argv can never hold it.
    parameters = inspect.signature(tasks.deploy.body).parameters
    assert not [name for name in parameters if "password" in name or "secret" in name]
