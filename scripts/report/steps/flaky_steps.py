"""A step that fails on a scenario's first attempt only, so the check can
watch a @flaky scenario pass on its second."""

import os
from pathlib import Path

from behave import given


@given("this scenario fails on its first attempt")
def fails_first_time(context):
    marker = Path(os.environ["REPORT_CHECK_FLAKY_MARKER"])  # set by scripts/report-check
    if not marker.exists():
        marker.write_text("attempted\n")
        raise AssertionError("failing on purpose: this is the first attempt")
