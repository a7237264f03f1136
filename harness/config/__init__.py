"""The run's settings: read once, from behave.ini, `-D` and the environment,
into one frozen `Config` (see `loading`); each built-in setting is one entry
of the table in `settings`."""

from harness.config.loading import Config, load_config, read_detail
from harness.config.settings import DEFAULTS, SETTINGS

__all__ = ["DEFAULTS", "SETTINGS", "Config", "load_config", "read_detail"]
