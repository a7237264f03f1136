"""The run's settings: read once, from behave.ini, `-D` and the environment,
into one frozen `Config` (see `loading`)."""

from harness.config.loading import DEFAULTS, Config, load_config, read_detail

__all__ = ["DEFAULTS", "Config", "load_config", "read_detail"]
