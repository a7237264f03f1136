"""The project's own hooks: `make report-check` runs the real harness."""

from environment import (  # noqa: F401 - behave looks these up by name
    after_step,
    before_all,
    before_feature,
    before_scenario,
)
