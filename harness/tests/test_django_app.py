"""`manage.py behave` is the harness's command, not behave-django's own."""

import os
import subprocess
import sys

from harness.run.paths import PROJECT


def test_manage_py_behave_runs_the_harness_command():
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from django.core.management import get_commands; print(get_commands()['behave'])",
        ],
        cwd=PROJECT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "harness.django_settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.stdout.strip() == "harness.django_app"
