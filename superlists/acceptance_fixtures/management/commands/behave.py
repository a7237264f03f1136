"""``manage.py behave``: behave-django's command, with a test database of the run's own.

behave-django on its own gives every run the one test database file in the
project, and when an interrupted run has left that file behind, the next run
stops to ask on the terminal whether to delete it. Here each run gets a file
in a scratch folder of its own (see `harness.scratch`), so two runs at once
never share one, and there is never anything to ask about.

This app is installed only where acceptance fixtures are on, and behave-django
only in development, so deployed sites have no such command.
"""

from pathlib import Path

from behave_django.management.commands.behave import Command as BehaveDjangoCommand
from django.db import connections

from harness.scratch import RunScratch, new_run_id


class Command(BehaveDjangoCommand):
    """Run the acceptance features through behave-django, on a private test database."""

    def handle(self, *args, **options):
        scratch = RunScratch.claim(new_run_id() + "-db", Path("artifacts"))  # no artefacts here
        try:
            connections["default"].settings_dict["TEST"]["NAME"] = str(scratch.test_db)
            # The file is always new: nothing to confirm before replacing it.
            options["interactive"] = False
            return super().handle(*args, **options)
        finally:
            scratch.release()
