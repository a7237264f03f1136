"""What the config tests share: a named server's settings, and the one line
a bad setting stops `load_config` with."""

import pytest

from harness.config import load_config
from harness.run.errors import HarnessError

STAGING = {
    "staging": "deploy@staging.example.com:2222",
    "staging.url": "http://staging.example.com:8080/",
    "staging.key": "~/.ssh/staging_key",
    "staging.disposable": "yes",
}

HTTPS_STAGING = {
    "staging": "deploy@10.200.0.2:22",
    "staging.url": "https://10.200.0.2/",
    "staging.disposable": "yes",
    "staging.ca": "~/.staging/ca.pem",
    "staging.mailbox": "imaps://harness@10.200.0.3:993",
}

MAILBOX_SECRET = {"SUPERLISTS_STAGING_MAILBOX_PASSWORD": "hunter2-secret"}


def config_error(ini=None, defines=None, environ=None) -> str:
    """The message `load_config` refuses these settings with; it must be one line."""
    with pytest.raises(HarnessError) as caught:
        load_config(ini or {}, defines or {}, environ or {})
    message = str(caught.value)
    assert "\n" not in message
    return message
