"""Steps of the check's own: one that fails on a scenario's first attempt
only, so the check can watch a @flaky scenario pass on its second; one that
fails when the check says so, to give a scenario a history."""

import os
from pathlib import Path

from behave import given


@given("this scenario fails on its first attempt")
def fails_first_time(context):
    marker = Path(os.environ["REPORT_CHECK_FLAKY_MARKER"])  # set by checks/report
    if not marker.exists():
        marker.write_text("attempted\n")
        raise AssertionError("failing on purpose: this is the first attempt")


@given("the check has decided whether this run of the scenario passes")
def fails_when_told(context):
    if os.environ.get("REPORT_CHECK_FAIL_THIS_RUN") == "1":  # set by checks/report
        raise AssertionError("failing on purpose: the check asked this run to fail")
