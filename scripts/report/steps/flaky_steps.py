"""A step that fails on a scenario's first attempt only, so the check can
watch a @flaky scenario pass on its second."""

from pathlib import Path

from behave import given


@given("this scenario fails on its first attempt")
def fails_first_time(context):
    marker = Path(context.config.userdata["flaky_marker"])
    if not marker.exists():
        marker.write_text("attempted\n")
        raise AssertionError("failing on purpose: this is the first attempt")
