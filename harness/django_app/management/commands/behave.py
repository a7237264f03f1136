"""``manage.py behave``: behave-django's command, with a test database of the run's own.

behave-django on its own gives every run the one test database file in the
project, and when an interrupted run has left that file behind, the next run
stops to ask on the terminal whether to delete it. Here each run gets a file
in a scratch folder of its own (see `harness.run.scratch`), so two runs at once
never share one, and there is never anything to ask about.

Django's test set-up also installs unittest's Ctrl-C handler, which swallows
the first Ctrl-C; here it is removed again, and until the harness's own
handler takes over in `before_all`, a stop signal still ends the run with its
one line and 128 + the signal.

`manage.py` runs this command with `harness.django_settings`, which install
this app and behave-django: development tooling, not part of the site.
"""

import unittest
from pathlib import Path
from typing import Any

from behave_django.management.commands.behave import Command as BehaveDjangoCommand
from behave_django.runner import (
    BehaviorDrivenTestRunner,
    ExistingDatabaseTestRunner,
    SimpleTestRunner,
)
from django.db import connections

from harness.run.interrupts import Interrupts
from harness.run.scratch import RunScratch, new_run_id


def _keeping_signals(runner_class: Any) -> Any:
    class KeepsSignals(runner_class):  # type: ignore[misc]
        def setup_test_environment(self, **kwargs: Any) -> None:
            super().setup_test_environment(**kwargs)
            unittest.removeHandler()

    return KeepsSignals


class Command(BehaveDjangoCommand):  # type: ignore[misc]
    """Run the acceptance features through behave-django, on a private test database."""

    def handle(self, *args: Any, **options: Any) -> Any:
        scratch = RunScratch.claim(new_run_id() + "-db", Path("artifacts"))  # no artifacts here
        Interrupts(scratch.release).install()
        try:
            connections["default"].settings_dict["TEST"]["NAME"] = str(scratch.test_db)
            # The file is always new: nothing to confirm before replacing it.
            options["interactive"] = False
            options["runner"] = _keeping_signals(self._runner_class(options))
            return super().handle(*args, **options)
        finally:
            scratch.release()

    @staticmethod
    def _runner_class(options: dict[str, Any]) -> Any:
        """The runner behave-django would pick; its options are then spent."""
        chosen = options["runner"]
        if isinstance(chosen, str) or chosen is BehaviorDrivenTestRunner:
            if options["dry_run"] or options["use_existing_database"]:
                chosen = ExistingDatabaseTestRunner
            elif options["simple"]:
                chosen = SimpleTestRunner
            else:
                chosen = BehaviorDrivenTestRunner
            options["use_existing_database"] = options["simple"] = False
        return chosen
